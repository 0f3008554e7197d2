count = 0
for i = 1, 1000 do
  count = count + math.floor(i / 3)
end
print(count)
