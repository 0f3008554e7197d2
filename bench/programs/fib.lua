-- Recursive Fibonacci: call/return overhead, small integer arithmetic.
local N = tonumber(arg and arg[1]) or 32

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local total = 0
for i = 1, 3 do
  total = total + fib(N - i + 1)
end
print(string.format("fib(%d)=%d checksum=%d", N, fib(N - 2), total))
