-- math: floor, ceil, abs, sqrt, min, max, huge, pi
local vals = {0, 0.5, -0.5, 1.5, -1.5, 2.7, -2.7, 3, -3, 1e10 + 0.25, -1e10 - 0.25, 2^52 + 0.5}
for _, v in ipairs(vals) do
  print(v, math.floor(v), math.ceil(v), math.abs(v))
end
print(math.floor(1/0), math.ceil(-1/0), math.abs(-1/0))
print(math.floor(-0.0), math.ceil(-0.25), math.abs(-0.0))
print("-- sqrt")
for _, v in ipairs({0, 1, 4, 9, 2, 0.25, 1e10, 144, 1e-4}) do io.write(math.sqrt(v), " ") end
print()
print(math.sqrt(-1) ~= math.sqrt(-1), math.sqrt(1/0))
print("-- min/max")
print(math.min(3), math.max(3), math.min(5, 2, 8), math.max(5, 2, 8))
print(math.min(-1, -5, 0), math.max(-1, -5, 0), math.min(1.5, 1.25), math.max(1e300, 1/0))
print(math.min(unpack({9, 4, 7, 1, 8})), math.max(unpack({9, 4, 7, 1, 8})))
print("-- constants")
print(math.huge, -math.huge, math.huge == 1/0, math.pi)
print(string.format("%.10f", math.pi), math.pi * 2, math.floor(math.pi * 1000))
print("-- rounding helpers")
local function round(x) return math.floor(x + 0.5) end
local function trunc(x) if x >= 0 then return math.floor(x) else return math.ceil(x) end end
for _, v in ipairs({2.4, 2.6, -2.4, -2.6, 7.49, -7.51}) do
  print(v, round(v), trunc(v))
end
print("-- integer checks")
local function isint(x) return math.floor(x) == x end
print(isint(3), isint(3.5), isint(-0), isint(2^53), isint(1/0))
print("-- digit sums and powers")
local function digitsum(n)
  local s = 0
  while n > 0 do s = s + n % 10; n = math.floor(n / 10) end
  return s
end
print(digitsum(2^50), digitsum(123456789), digitsum(0))
print(math.floor(2^31 / 3), math.ceil(2^31 / 3), math.floor(-2^31 / 3))
