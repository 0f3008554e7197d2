-- realistic: bank accounts with validation, structured errors, and pcall
local Account = {}
Account.__index = Account
Account.__tostring = function(a) return string.format("%s[%s] %.2f", a.kind, a.owner, a.balance) end
local next_no = 1000
local function AccountError(kind, msg, data)
  return setmetatable({kind = kind, msg = msg, data = data}, {__tostring = function(e) return e.kind .. ": " .. e.msg end})
end
function Account.new(owner, kind, initial)
  if type(owner) ~= "string" or owner == "" then error(AccountError("invalid", "owner required"), 2) end
  next_no = next_no + 1
  return setmetatable({owner = owner, kind = kind or "checking", balance = initial or 0, no = next_no, history = {}}, Account)
end
function Account:deposit(amount)
  if type(amount) ~= "number" or amount <= 0 then error(AccountError("invalid", "bad amount " .. tostring(amount))) end
  self.balance = self.balance + amount
  self.history[#self.history + 1] = "+" .. string.format("%.2f", amount)
end
function Account:withdraw(amount)
  if amount > self.balance then
    error(AccountError("funds", "insufficient funds", {need = amount, have = self.balance}))
  end
  self.balance = self.balance - amount
  self.history[#self.history + 1] = "-" .. string.format("%.2f", amount)
end
local Savings = setmetatable({}, {__index = Account})
Savings.__index = Savings
Savings.__tostring = Account.__tostring
function Savings.new(owner, initial, rate)
  local a = Account.new(owner, "savings", initial)
  a.rate = rate
  return setmetatable(a, Savings)
end
function Savings:withdraw(amount)
  if #self.history >= 3 then error(AccountError("limit", "withdrawal limit reached")) end
  Account.withdraw(self, amount)
end
function Savings:accrue() self.balance = self.balance * (1 + self.rate) end

local bank = {}
local function open(...) local a = Account.new(...) bank[#bank + 1] = a return a end
local alice = open("alice", "checking", 100)
local bob = open("bob", "checking", 50)
local carol = Savings.new("carol", 1000, 0.03)
bank[#bank + 1] = carol

local function transfer(from, to, amount)
  local ok, err = pcall(function()
    from:withdraw(amount)
    to:deposit(amount)
  end)
  if ok then
    print(string.format("transfer %.2f %s -> %s ok", amount, from.owner, to.owner))
  else
    if type(err) == "table" then
      local extra = err.data and string.format(" (need %.2f, have %.2f)", err.data.need, err.data.have) or ""
      print(string.format("transfer %.2f %s -> %s FAILED %s%s", amount, from.owner, to.owner, tostring(err), extra))
    else
      print("unexpected", err)
    end
  end
  return ok
end
transfer(alice, bob, 30)
transfer(bob, alice, 200)
transfer(carol, alice, 100)
transfer(carol, bob, 50.5)
transfer(carol, bob, 10)
transfer(carol, bob, 10)
transfer(alice, carol, 0)
local ok, err = pcall(Account.new, "")
print("open invalid", ok, tostring(err))
ok, err = pcall(function() alice:deposit("lots") end)
print("bad deposit", ok, tostring(err))
for year = 1, 3 do carol:accrue() end
for _, a in ipairs(bank) do print(tostring(a), a.no, table.concat(a.history, " ")) end
local total = 0
for _, a in ipairs(bank) do total = total + a.balance end
print(string.format("total %.2f", total))
-- ranking by balance
table.sort(bank, function(a, b) return a.balance > b.balance end)
for i, a in ipairs(bank) do print(i, a.owner, string.format("%10.2f", a.balance)) end
