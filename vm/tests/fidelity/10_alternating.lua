-- A branch taken every other iteration.
local a, b = 0, 0
for i = 1, 2000 do
  if i % 2 == 0 then a = a + i else b = b + i end
end
print(a, b)
