-- Two nested loops: the inner loop is traced first, then the outer one.
local s = 0
for i = 1, 200 do
  for j = 1, 50 do s = s + i * j % 13 end
end
print(s)
