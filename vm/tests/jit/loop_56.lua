local s = 0
for i = 1, 56 do
  s = s + i
end
print(s)
