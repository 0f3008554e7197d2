-- Fill an array, then sum it: two loops.
local t = {}
for i = 1, 1000 do t[i] = i * 3 end
local s = 0
for i = 1, #t do s = s + t[i] end
print(s)
