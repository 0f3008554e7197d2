-- Three nested loops.
local s = 0
for i = 1, 20 do
  for j = 1, 20 do
    for k = 1, 20 do s = s + (i + j + k) % 5 end
  end
end
print(s)
