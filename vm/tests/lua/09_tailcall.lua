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
-- tail call to a closure chain (state machine by tail calls)
local function make_machine()
  local s_a, s_b, s_c
  local visits = {a = 0, b = 0, c = 0}
  function s_a(n) visits.a = visits.a + 1; if n == 0 then return "end in a", visits end return s_b(n - 1) end
  function s_b(n) visits.b = visits.b + 1; if n == 0 then return "end in b", visits end return s_c(n - 1) end
  function s_c(n) visits.c = visits.c + 1; if n == 0 then return "end in c", visits end return s_a(n - 1) end
  return s_a
end
for _, n in ipairs({0, 1, 2, 3, 99999, 100000, 100001}) do
  local where, v = make_machine()(n)
  print(n, where, v.a, v.b, v.c)
end
-- tail call through pcall-protected function keeps working
print(pcall(loop, 50000, 1))
-- tail call of a builtin
local function tb(s) return string.upper(s) end
print(tb("tail builtin"))
local function tsel(...) return select('#', ...) end
local function tfwd(...) return tsel(...) end
print(tfwd(1, 2, 3, nil))
-- tail call via a table of functions (dispatch loop)
local ops = {}
function ops.inc(n, acc) if n == 0 then return acc end return ops.dbl(n - 1, acc + 1) end
function ops.dbl(n, acc) if n == 0 then return acc end return ops.inc(n - 1, (acc * 2) % 1000003) end
print(ops.inc(200000, 0))
-- a tail call in a return with parentheses is NOT a tail call (adjusts to 1 value)
local function three() return 1, 2, 3 end
local function notail() return (three()) end
local function tail() return three() end
print(notail())
print(tail())
