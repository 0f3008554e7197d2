-- Library math functions in a loop.
local s = 0
for i = 1, 2000 do s = s + math.floor(math.sqrt(i)) + math.abs(-i) % 3 end
print(s)
