local n = 0
for i = 1, 1000000 do
  local f = function() return i end
  n = n + 1
end
print(n)
