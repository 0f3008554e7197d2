-- Table fields by constant string keys.
local p = { x = 0, y = 0, z = 0 }
for i = 1, 1000 do
  p.x = p.x + 1
  p.y = p.y + p.x % 3
  p.z = p.z + p.y % 5
end
print(p.x, p.y, p.z)
