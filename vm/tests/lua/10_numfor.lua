-- numeric for loops
local function run(a, b, c)
  local out = {}
  if c then
    for i = a, b, c do out[#out + 1] = i end
  else
    for i = a, b do out[#out + 1] = i end
  end
  return #out .. ": " .. table.concat(out, " ")
end
print(run(1, 5))
print(run(5, 1))
print(run(5, 1, -1))
print(run(1, 10, 3))
print(run(10, 1, -3))
print(run(0, 1, 0.25))
print(run(1, 0, 0.25))
print(run(0.5, 3))
print(run(-3, 3, 2))
print(run(1, 1))
print(run(1, 2, 0.1))
print(run(1, 0))
print(run(3, 3, -1))
print(run(-1, -5, -1.5))
-- the loop variable is a fresh local; modifying it does not affect iteration
local iters = 0
for i = 1, 5 do
  i = i * 10
  iters = iters + 1
end
print("iters", iters)
-- bounds evaluated once
local n = 3
local c = 0
for i = 1, n do n = n + 1; c = c + 1 end
print("evaluated once", c, n)
-- float accumulation
local cnt = 0
for x = 0, 1, 0.1 do cnt = cnt + 1 end
print("0..1 step .1 count", cnt)
-- large step
for i = 1, 1e9, 3e8 do io.write(i, " ") end print()
-- nested
for i = 1, 3 do
  for j = i, 3 do io.write(i, j, " ") end
end
print()
-- sum of odd numbers
local s = 0
for i = 1, 99, 2 do s = s + i end
print("sum odd", s)
-- negative float step
for x = 1, 0, -0.25 do io.write(x, " ") end print()
