-- A pairs loop over a hash table.
local t = {}
for i = 1, 200 do t["k" .. i] = i end
local s = 0
for round = 1, 20 do
  for _, v in pairs(t) do s = s + v end
end
print(s)
