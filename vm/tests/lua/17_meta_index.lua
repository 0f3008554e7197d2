-- __index as table and function
local base = {greet = "hello", n = 1}
local derived = setmetatable({own = "mine"}, {__index = base})
print(derived.own, derived.greet, derived.n, derived.missing)
print(rawget(derived, "greet"), rawget(derived, "own"))
base.late = "added later"
print(derived.late)
derived.greet = "overridden"
print(derived.greet, base.greet)
-- chains
local a = {x = "a.x"}
local b = setmetatable({y = "b.y"}, {__index = a})
local c = setmetatable({z = "c.z"}, {__index = b})
print(c.x, c.y, c.z, c.w)
-- function __index
local calls = 0
local squares = setmetatable({}, {__index = function(t, k)
  calls = calls + 1
  if type(k) == "number" then
    local v = k * k
    rawset(t, k, v)
    return v
  end
  return nil
end})
print(squares[4], squares[5], squares[4], squares.name)
print("calls", calls)
-- default values
local defaults = setmetatable({}, {__index = function() return 0 end})
defaults.a = 5
print(defaults.a, defaults.b, defaults[1])
-- counting words with a default-0 table
local counts = setmetatable({}, {__index = function() return 0 end})
for w in ("a b a c b a"):gmatch("%a") do counts[w] = counts[w] + 1 end
print(counts.a, counts.b, counts.c, counts.d)
-- __index receives the original table
local proxy_mt = {__index = function(t, k) return "key:" .. tostring(k) .. ":" .. tostring(rawget(t, "tag")) end}
local p = setmetatable({tag = "P"}, proxy_mt)
print(p.foo, p[1], p[true])
-- __index on a table whose own __index is a function
local inner = setmetatable({}, {__index = function(_, k) return k .. "!" end})
local outer = setmetatable({}, {__index = inner})
print(outer.hey, outer.you)
-- __index is not consulted for existing keys (even false)
local f = setmetatable({flag = false}, {__index = function() return "meta" end})
print(f.flag, f.other)
-- string metatable: methods via __index
local s = "Hello"
print(s:len(), s:upper(), ("x"):rep(3), #s)
print(getmetatable("").__index == string)
-- numeric keys with __index table
local arr = setmetatable({}, {__index = {10, 20, 30}})
print(arr[1], arr[2], arr[3], arr[4], #arr)
