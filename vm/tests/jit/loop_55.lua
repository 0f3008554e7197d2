local s = 0
for i = 1, 55 do
  s = s + i
end
print(s)
