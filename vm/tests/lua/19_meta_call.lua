-- __call
local callable = setmetatable({name = "obj"}, {__call = function(self, a, b)
  return self.name .. ":" .. tostring(a) .. ":" .. tostring(b)
end})
print(callable(1, 2))
print(callable("x"))
print(callable())
-- __call returning multiple values
local multi = setmetatable({}, {__call = function(_, ...) return select('#', ...), ... end})
print(multi("a", "b", "c"))
-- class constructor via __call
local Point = {}
Point.__index = Point
setmetatable(Point, {__call = function(cls, x, y) return setmetatable({x = x, y = y}, cls) end})
function Point:len2() return self.x * self.x + self.y * self.y end
local p = Point(3, 4)
print(p.x, p.y, p:len2(), getmetatable(p) == Point)
-- memoizing functor
local fibcalls = 0
local fib = setmetatable({}, {__call = function(self, n)
  fibcalls = fibcalls + 1
  if n < 2 then return n end
  local v = rawget(self, n)
  if v then return v end
  v = self(n - 1) + self(n - 2)
  rawset(self, n, v)
  return v
end})
print(fib(50), fibcalls)
-- __call in pcall and as iterator
local ok, v = pcall(callable, "p", "q")
print(ok, v)
local iter = setmetatable({i = 0}, {__call = function(self)
  self.i = self.i + 1
  if self.i <= 3 then return self.i end
end})
for v in iter do io.write(v, " ") end
print()
-- __call used in table.sort comparator
local cmp = setmetatable({}, {__call = function(_, a, b) return a > b end})
local arr = {3, 1, 2, 5, 4}
table.sort(arr, function(a, b) return cmp(a, b) end)
print(table.concat(arr, " "))
-- accumulator
local acc = setmetatable({total = 0}, {__call = function(self, v) self.total = self.total + v; return self end})
acc(1)(2)(3)(4)
print(acc.total)
