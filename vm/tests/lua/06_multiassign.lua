-- multiple assignment semantics
local a, b, c = 1, 2, 3
print(a, b, c)
a, b = b, a
print("swap", a, b)
a, b, c = c, a, b
print("rotate", a, b, c)
local x, y = 1
print(x, y)
x, y = 1, 2, 3
print(x, y)
local t = {1, 2, 3}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2], t[3])
local u = {}
u.a, u.b, u.c = "A", "B"
print(u.a, u.b, u.c)
local function two() return 10, 20 end
local p, q, r = two()
print(p, q, r)
p, q, r = 0, two()
print(p, q, r)
p, q, r = two(), 0
print(p, q, r)
p, q = (two())
print(p, q)
-- fibonacci with multiple assignment
local f1, f2 = 0, 1
local out = {}
for n = 1, 15 do
  out[#out + 1] = f1
  f1, f2 = f2, f1 + f2
end
print(table.concat(out, " "))
-- swap table elements
local arr = {5, 4, 3, 2, 1}
for k = 1, 2 do arr[k], arr[6 - k] = arr[6 - k], arr[k] end
print(table.concat(arr, ","))
-- globals
ga, gb = "x", "y"
ga, gb = gb, ga
print(ga, gb)
-- nested table targets
local m = {inner = {}}
m.inner.v, m.w = 1, 2
print(m.inner.v, m.w)
