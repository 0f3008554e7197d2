local function count(n, acc)
  if n == 0 then return acc end
  return count(n - 1, acc + n)
end
local s = 0
for k = 1, 5 do
  s = s + count(300, 0)
end
print(s)
