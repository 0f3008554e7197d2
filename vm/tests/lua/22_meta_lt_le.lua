-- __lt and __le
local Ver = {}
Ver.__index = Ver
local function ver(s)
  local a, b, c = s:match("^(%d+)%.(%d+)%.(%d+)$")
  return setmetatable({tonumber(a), tonumber(b), tonumber(c), s = s}, Ver)
end
Ver.__lt = function(x, y)
  for i = 1, 3 do
    if x[i] ~= y[i] then return x[i] < y[i] end
  end
  return false
end
Ver.__le = function(x, y) return not (y < x) end
Ver.__eq = function(x, y) return x[1] == y[1] and x[2] == y[2] and x[3] == y[3] end
local v1, v2, v3 = ver("1.2.3"), ver("1.10.0"), ver("1.2.3")
print(v1 < v2, v2 < v1, v1 <= v3, v1 >= v3, v1 > v2, v2 >= v1, v1 == v3)
local list = {ver("2.0.0"), ver("1.0.10"), ver("1.0.2"), ver("0.9.9"), ver("1.10.1"), ver("1.9.0")}
table.sort(list)
local names = {}
for i, v in ipairs(list) do names[i] = v.s end
print(table.concat(names, " < "))
table.sort(list, function(a, b) return a > b end)
names = {}
for i, v in ipairs(list) do names[i] = v.s end
print(table.concat(names, " > "))
-- __le falls back to not __lt(b, a) when __le is missing (Lua 5.1 behaviour)
local calls = {}
local M = {__lt = function(a, b) calls[#calls + 1] = "lt(" .. a.v .. "," .. b.v .. ")"; return a.v < b.v end}
local m1, m2 = setmetatable({v = 1}, M), setmetatable({v = 2}, M)
print(m1 <= m2, m2 <= m1, m1 <= m1)
print(table.concat(calls, " "))
-- > and >= swap operands
calls = {}
print(m1 > m2, m2 > m1)
print(table.concat(calls, " "))
-- result coerced to boolean
local B = {__lt = function() return "yes" end, __le = function() return nil end}
local b1, b2 = setmetatable({}, B), setmetatable({}, B)
print(b1 < b2, b1 <= b2, b1 > b2, b1 >= b2)
-- comparing wrapped numbers for max
local N = {__lt = function(a, b) return a.v < b.v end}
local nums = {}
for i, v in ipairs({5, 3, 9, 1, 7}) do nums[i] = setmetatable({v = v}, N) end
local best = nums[1]
for i = 2, #nums do if best < nums[i] then best = nums[i] end end
print("max", best.v)
