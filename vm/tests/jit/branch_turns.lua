local x, y = 0, 0
for i = 1, 1000 do
  if i > 200 then
    x = x + 1
  else
    y = y + 1
  end
end
print(x, y)
