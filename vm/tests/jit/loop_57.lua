local s = 0
for i = 1, 57 do
  s = s + i
end
print(s)
