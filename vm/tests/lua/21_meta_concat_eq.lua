-- __concat and __eq
local C = {}
C.__concat = function(a, b)
  local av = type(a) == "table" and ("<" .. a.s .. ">") or a
  local bv = type(b) == "table" and ("<" .. b.s .. ">") or b
  return av .. bv
end
local function c(s) return setmetatable({s = s}, C) end
print(c("a") .. "x")
print("x" .. c("b"))
print(c("a") .. c("b"))
print(1 .. c("n"))
print("p" .. c("q") .. "r")
print("1" .. "2" .. c("3") .. "4" .. "5")
-- concat returning a table-wrapped result
local W = {}
W.__concat = function(a, b)
  local l = type(a) == "table" and a.v or a
  local r = type(b) == "table" and b.v or b
  return setmetatable({v = l .. r}, W)
end
local w = setmetatable({v = "w"}, W)
local res = "a" .. w .. "b" .. w
print(res.v)
-- __eq
local E = {}
E.__eq = function(a, b) return a.id == b.id end
local e1 = setmetatable({id = 1}, E)
local e2 = setmetatable({id = 1}, E)
local e3 = setmetatable({id = 2}, E)
print(e1 == e2, e1 == e3, e1 ~= e2, e1 ~= e3)
print(e1 == 1, 1 == e1, e1 == "x")
-- __eq is only used when both are tables (and not raw-equal)
local calls = 0
local E2 = {__eq = function() calls = calls + 1; return true end}
local x1 = setmetatable({}, E2)
local x2 = setmetatable({}, E2)
print(x1 == x1, calls)
print(x1 == x2, calls)
print(x1 == {}, calls)
-- different __eq metamethods (distinct functions): Lua 5.1 rule says not equal, no call
local Ea = {__eq = function() return true end}
local Eb = {__eq = function() return true end}
local ya = setmetatable({}, Ea)
local yb = setmetatable({}, Eb)
print("different mm:", ya == yb)
-- __eq result converted to boolean
local E3 = {__eq = function() return 1 end}
local z1, z2 = setmetatable({}, E3), setmetatable({}, E3)
print(z1 == z2, z1 ~= z2)
-- tables with __eq as keys are still distinct keys
local keys = {}
keys[e1] = "e1"
keys[e2] = "e2"
print(keys[e1], keys[e2])
-- counting distinct with __eq via linear search
local items = {setmetatable({id = 3}, E), setmetatable({id = 4}, E), setmetatable({id = 3}, E), setmetatable({id = 5}, E), setmetatable({id = 4}, E)}
local distinct = {}
for _, it in ipairs(items) do
  local seen = false
  for _, d in ipairs(distinct) do if d == it then seen = true; break end end
  if not seen then distinct[#distinct + 1] = it end
end
local ids = {}
for i, d in ipairs(distinct) do ids[i] = d.id end
print(#distinct, table.concat(ids, ","))
