-- A numeric for loop: one root trace.
local s = 0
for i = 1, 1000 do s = s + i end
print(s)
