local s = 0
for i = 1, 300 do
  for j = 1, 100 do
    s = s + j
  end
end
print(s)
