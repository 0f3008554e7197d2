-- A numeric for loop with a fractional step.
local s = 0
for x = 0, 100, 0.25 do s = s + x end
print(s)
