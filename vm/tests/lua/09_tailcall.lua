-- proper tail calls: deep recursion must not overflow the stack
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print(loop(100000, 0))
print(loop(1000000, 5))
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(100000), odd(100001), even(7))
local function sumto(n, acc)
  acc = acc or 0
  if n == 0 then return acc end
  return sumto(n - 1, acc + n)
end
print(sumto(200000))
-- tail call through a table method
local obj = {}
function obj:count(n, c)
  if n == 0 then return c end
  return self:count(n - 1, c + 2)
end
print(obj:count(150000, 0))
-- tail call returning multiple values
local function multi(n, a, b)
  if n == 0 then return a, b end
  return multi(n - 1, b, a + b)
end
print(multi(30, 0, 1))
-- tail call to a vararg function
local function va(n, ...)
  if n == 0 then return select('#', ...), ... end
  return va(n - 1, ...)
end
print(va(100000, "x", "y", nil))
-- gcd via tail recursion
local function gcd(a, b) if b == 0 then return a end return gcd(b, a % b) end
print(gcd(1071, 462), gcd(17, 5), gcd(2^40, 2^20))
