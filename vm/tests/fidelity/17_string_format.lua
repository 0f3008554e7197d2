-- string.format in a loop.
local n = 0
for i = 1, 300 do
  local s = string.format("%d:%d", i, i * 2)
  n = n + #s
end
print(n)
