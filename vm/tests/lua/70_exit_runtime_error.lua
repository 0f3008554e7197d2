-- ends with an uncaught runtime error (index nil): exit status 1
local data = {a = {b = 1}}
print("a.b =", data.a.b)
local total = 0
for i = 1, 10 do total = total + i end
print("total", total)
local key = "missing"
print("looking up", key)
local v = data[key].b
print("never printed", v)
