-- realistic: Set type with operator metamethods
local Set = {}
Set.__index = Set
function Set.new(list)
  local s = setmetatable({items = {}, n = 0}, Set)
  for _, v in ipairs(list or {}) do s:add(v) end
  return s
end
function Set:add(v) if not self.items[v] then self.items[v] = true; self.n = self.n + 1 end return self end
function Set:remove(v) if self.items[v] then self.items[v] = nil; self.n = self.n - 1 end return self end
function Set:has(v) return self.items[v] == true end
function Set:list()
  local out = {}
  for k in pairs(self.items) do out[#out + 1] = k end
  table.sort(out, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "number" or ta == "string" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return out
end
Set.__add = function(a, b) local r = Set.new(a:list()) for _, v in ipairs(b:list()) do r:add(v) end return r end
Set.__mul = function(a, b) local r = Set.new() for _, v in ipairs(a:list()) do if b:has(v) then r:add(v) end end return r end
Set.__sub = function(a, b) local r = Set.new() for _, v in ipairs(a:list()) do if not b:has(v) then r:add(v) end end return r end
Set.__le = function(a, b) for k in pairs(a.items) do if not b:has(k) then return false end end return true end
Set.__lt = function(a, b) return a <= b and a.n < b.n end
Set.__eq = function(a, b) return a <= b and b <= a end
Set.__tostring = function(s)
  local l = s:list()
  for i, v in ipairs(l) do l[i] = tostring(v) end
  return "{" .. table.concat(l, ", ") .. "}"
end
Set.__concat = function(a, b) return tostring(a) .. tostring(b) end
Set.__call = function(s, v) return s:has(v) end

local A = Set.new({1, 2, 3, 4, 5})
local B = Set.new({4, 5, 6, 7})
local C = Set.new({1, 2})
print("A", A, "B", B, "C", C)
print("A+B", A + B)
print("A*B", A * B)
print("A-B", A - B, "B-A", B - A)
print("C<=A", C <= A, "C<A", C < A, "A<=C", A <= C, "A<A", A < A, "A<=A", A <= A)
print("A==A+C", A == A + C, "A==B", A == B, "A~=B", A ~= B)
print("concat: " .. A .. " & " .. C)
print("call", A(3), A(9))
local D = Set.new({"pear", "apple", "fig"})
D:add("apple"):add("kiwi"):remove("pear")
print("D", D, D.n)
local mixed = Set.new({3, "b", 1, "a", true})
print("mixed size", mixed.n)
-- symmetric difference and power set size
local symdiff = (A - B) + (B - A)
print("symdiff", symdiff)
local function powerset(s)
  local list = s:list()
  local out = {Set.new()}
  for _, v in ipairs(list) do
    local n = #out
    for i = 1, n do
      local copy = Set.new(out[i]:list())
      copy:add(v)
      out[#out + 1] = copy
    end
  end
  return out
end
local ps = powerset(Set.new({"x", "y", "z"}))
local strs = {}
for i, s in ipairs(ps) do strs[i] = tostring(s) end
table.sort(strs)
print(#ps, table.concat(strs, " "))
-- sieve with sets
local candidates = Set.new()
for i = 2, 50 do candidates:add(i) end
for i = 2, 7 do
  local multiples = Set.new()
  for j = i * 2, 50, i do multiples:add(j) end
  candidates = candidates - multiples
end
print("primes", candidates)
