-- Nested numeric for-loops with integer-valued and floating-point arithmetic.
local N = tonumber(arg and arg[1]) or 3000

local acc = 0
local facc = 0.0
for i = 1, N do
  for j = 1, N do
    local k = (i * j + i - j) % 977
    if k > 500 then
      acc = acc + k
    else
      acc = acc - (k % 13)
    end
    facc = facc + (i - j) * 0.5 / (k + 1)
  end
  acc = acc % 1000000007
end

-- A while loop and a repeat loop with a stepping counter.
local w, steps = 0, 0
local x = 1
while steps < N * 200 do
  x = (x * 31 + 7) % 65521
  w = w + (x % 3 == 0 and 1 or 2)
  steps = steps + 1
end
local r = 0
repeat
  r = r + 3
  w = w + r % 5
until r > N * 100

-- Negative-step loop.
local s = 0
for i = N * 100, 1, -2 do s = s + i % 7 end

print(string.format("acc=%d facc=%.6f w=%d s=%d", acc, facc, w, s))
