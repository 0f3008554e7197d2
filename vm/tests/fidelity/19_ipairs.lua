-- An ipairs loop.
local t = {}
for i = 1, 100 do t[i] = i end
local s = 0
for round = 1, 50 do
  for _, v in ipairs(t) do s = s + v end
end
print(s)
