local t = {}
for i = 1, 200 do
  t[i] = i
end
local s = 0
for k = 1, 20 do
  for i = 1, #t do
    s = s + t[i]
  end
end
print(s)
