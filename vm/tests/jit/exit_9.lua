local x = 0
for i = 1, 1000 do
  if i > 500 and i <= 509 then
    x = x + 1
  end
end
print(x)
