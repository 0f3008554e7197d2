-- A numeric for loop counting down.
local s = 0
for i = 1000, 1, -1 do s = s + i % 9 end
print(s)
