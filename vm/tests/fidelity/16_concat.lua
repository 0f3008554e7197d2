-- String concatenation in a loop.
local parts = {}
for i = 1, 300 do parts[#parts + 1] = "k" .. i end
print(#parts, parts[300])
