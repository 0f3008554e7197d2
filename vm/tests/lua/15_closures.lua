-- closures and shared upvalues
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c1(), c2(), c1(), c2())
-- two closures sharing one upvalue
local function pair()
  local v = 0
  local function get() return v end
  local function inc(d) v = v + (d or 1) end
  return get, inc
end
local get, inc = pair()
inc(); inc(5); print(get())
inc(-10); print(get())
-- upvalue modified after closure creation
local x = 1
local function readx() return x end
x = 2
print(readx())
x = 3
print(readx())
-- nested upvalues (three levels)
local function outer()
  local a = 1
  return function()
    local b = 10
    return function()
      a = a + 1
      b = b + 1
      return a + b
    end
  end
end
local mid = outer()
local in1 = mid()
local in2 = mid()
print(in1(), in1(), in2(), in1(), in2())
-- adder factory
local function adder(n) return function(x) return x + n end end
local add5, add10 = adder(5), adder(10)
print(add5(1), add10(1), add5(add10(0)))
-- compose
local function compose(f, g) return function(...) return f(g(...)) end end
local inc1 = function(v) return v + 1 end
local dbl = function(v) return v * 2 end
print(compose(inc1, dbl)(5), compose(dbl, inc1)(5))
-- closures over parameters
local function bank(balance)
  return {
    deposit = function(v) balance = balance + v; return balance end,
    withdraw = function(v)
      if v > balance then return nil, "insufficient" end
      balance = balance - v
      return balance
    end,
    balance = function() return balance end,
  }
end
local acct = bank(100)
print(acct.deposit(50), acct.withdraw(30), acct.withdraw(500))
print(acct.balance())
-- closure keeps state after the creating function returned
local function gen_seq(step)
  local cur = 0
  return function() cur = cur + step; return cur end
end
local s3 = gen_seq(3)
local t = {}
for i = 1, 6 do t[i] = s3() end
print(table.concat(t, " "))
-- recursive closure via local function
local function make_fact()
  local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
  return fact
end
print(make_fact()(12))
-- upvalue shared between sibling closures created in same scope, then scope exits
local getters = {}
do
  local shared = "start"
  getters.get = function() return shared end
  getters.set = function(v) shared = v end
end
getters.set("changed")
print(getters.get())
