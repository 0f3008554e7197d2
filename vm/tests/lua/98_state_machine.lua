-- realistic: finite state machines (vending machine + a glob matcher)
local Machine = {}
Machine.__index = Machine
function Machine.new(def)
  return setmetatable({state = def.initial, def = def, credit = 0, stock = {A = 2, B = 1, C = 0}, log = {}}, Machine)
end
local prices = {A = 65, B = 100, C = 50}
function Machine:fire(event, arg)
  local handlers = self.def.states[self.state]
  local h = handlers[event]
  if not h then
    self.log[#self.log + 1] = self.state .. ":" .. event .. "->ignored"
    print(string.format("%-10s %-8s %-6s ignored", self.state, event, tostring(arg or "")))
    return false
  end
  local from = self.state
  local to, msg = h(self, arg)
  self.state = to or from
  print(string.format("%-10s %-8s %-6s -> %-10s credit=%3d %s", from, event, tostring(arg or ""), self.state, self.credit, msg or ""))
  return true
end
local def = {
  initial = "idle",
  states = {
    idle = {
      coin = function(m, v) m.credit = m.credit + v return "paying" end,
      service = function() return "maint", "entering service" end,
    },
    paying = {
      coin = function(m, v) m.credit = m.credit + v end,
      select = function(m, item)
        local p = prices[item]
        if not p then return nil, "unknown item" end
        if m.stock[item] == 0 then return nil, "sold out" end
        if m.credit < p then return nil, "need " .. (p - m.credit) .. " more" end
        m.credit = m.credit - p
        m.stock[item] = m.stock[item] - 1
        return "vending", "vend " .. item
      end,
      refund = function(m) local c = m.credit m.credit = 0 return "idle", "refund " .. c end,
    },
    vending = {
      done = function(m)
        if m.credit > 0 then return "paying", "remaining credit" end
        return "idle"
      end,
    },
    maint = {
      restock = function(m, item) m.stock[item] = (m.stock[item] or 0) + 5 return nil, "restocked " .. item end,
      service = function() return "idle", "leaving service" end,
    },
  },
}
local m = Machine.new(def)
local script = {
  {"select", "A"}, {"coin", 25}, {"select", "A"}, {"coin", 25}, {"coin", 25}, {"select", "A"}, {"done"},
  {"select", "C"}, {"select", "Z"}, {"coin", 100}, {"select", "B"}, {"done"}, {"refund"},
  {"service"}, {"restock", "C"}, {"coin", 5}, {"service"}, {"coin", 50}, {"select", "C"}, {"done"}, {"done"},
}
for _, ev in ipairs(script) do m:fire(ev[1], ev[2]) end
local items = {}
for k, v in pairs(m.stock) do items[#items + 1] = k .. "=" .. v end
table.sort(items)
print("final", m.state, m.credit, table.concat(items, " "), "ignored events", #m.log)

-- glob matcher implemented as a backtracking state machine
local function glob(pat, s)
  local function m2(pi, si)
    while pi <= #pat do
      local c = pat:sub(pi, pi)
      if c == "*" then
        for k = si, #s + 1 do if m2(pi + 1, k) then return true end end
        return false
      elseif c == "?" then
        if si > #s then return false end
      elseif c ~= s:sub(si, si) then return false end
      pi, si = pi + 1, si + 1
    end
    return si > #s
  end
  return m2(1, 1)
end
-- glob to Lua pattern translation for comparison
local function glob2pat(g) return "^" .. g:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".") .. "$" end
local cases = {
  {"*.lua", "main.lua"}, {"*.lua", "main.luac"}, {"a?c", "abc"}, {"a?c", "ac"}, {"*", ""}, {"", ""},
  {"a*b*c", "aXXbYYc"}, {"a*b*c", "aXXcYYb"}, {"test_??.txt", "test_01.txt"}, {"*.*", "noext"},
  {"[x].lua", "[x].lua"}, {"**a", "bbba"}, {"%d", "%d"},
}
for _, c in ipairs(cases) do
  local g, s = c[1], c[2]
  local r1 = glob(g, s)
  local r2 = s:match(glob2pat(g)) ~= nil
  print(string.format("%-12s %-12s %-5s %s", g, s, tostring(r1), r1 == r2 and "agree" or "DISAGREE"))
end
