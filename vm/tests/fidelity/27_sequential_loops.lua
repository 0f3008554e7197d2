-- Several loops one after another: one root trace each.
local a, b, c = 0, 0, 0
for i = 1, 500 do a = a + i end
for i = 1, 500 do b = b + i * 2 end
for i = 1, 500 do c = c + i % 3 end
print(a, b, c)
