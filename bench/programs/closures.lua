-- Closures, upvalues, varargs and OO method calls through metatables (__index chains,
-- __add/__eq/__lt/__call/__len/__tostring metamethods).
local N = tonumber(arg and arg[1]) or 200000

-- Closures and shared upvalues.
local function counter(step)
  local n = 0
  return function() n = n + step; return n end, function() return n end
end
local function compose(f, g) return function(x) return f(g(x)) end end
local inc, get = counter(3)
local double = function(x) return x * 2 end
local plus1 = function(x) return x + 1 end
local dp = compose(double, plus1)
local csum = 0
for i = 1, N do
  inc()
  csum = (csum + dp(i % 100)) % 1000000007
  local f = function(y) return y + i end   -- a fresh closure each iteration
  csum = csum + f(1) % 3
end

-- Varargs.
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
local function pack2(...) return { ... } end
local vsum = 0
for i = 1, N / 10 do
  vsum = vsum + sum(i, 1, 2, 3) + #pack2(i, i, i)
end

-- Classes with inheritance via __index.
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({ x = x, y = y }, Point) end
function Point:len2() return self.x * self.x + self.y * self.y end
function Point:move(dx, dy) self.x = self.x + dx; self.y = self.y + dy; return self end
Point.__add = function(a, b) return Point.new(a.x + b.x, a.y + b.y) end
Point.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Point.__lt = function(a, b) return a:len2() < b:len2() end
Point.__tostring = function(p) return string.format("(%d,%d)", p.x, p.y) end

local Point3 = setmetatable({}, { __index = Point })
Point3.__index = Point3
Point3.__add = Point.__add
function Point3.new(x, y, z)
  local p = Point.new(x, y)
  p.z = z
  return setmetatable(p, Point3)
end
function Point3:len2() return Point.len2(self) + self.z * self.z end

local acc = Point.new(0, 0)
local lt, eq, l2 = 0, 0, 0
for i = 1, N do
  local p = Point.new(i % 17, i % 23)
  local q = Point3.new(i % 5, i % 7, i % 11)
  acc = acc + p
  p:move(1, -1)
  l2 = l2 + q:len2() + p:len2()
  if p < acc then lt = lt + 1 end
  if p == Point.new(1, -1) then eq = eq + 1 end
end

-- Callable objects and __len.
local Acc = setmetatable({}, {
  __call = function(self, v) self.total = (self.total or 0) + v; return self.total end,
})
local Sized = setmetatable({}, { __len = function() return 42 end })
local calls = 0
for i = 1, N / 2 do calls = Acc(i % 10) end

print(string.format("csum=%d n=%d vsum=%d acc=%s lt=%d eq=%d l2=%d calls=%d",
  csum, get(), vsum, tostring(acc), lt, eq, l2, calls))
