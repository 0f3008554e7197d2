-- # on strings and on proper sequences (no holes)
print(#"", #"a", #"hello", #"with\0nul", #("x"):rep(1000))
local t = {}
print(#t)
for i = 1, 10 do t[i] = i end
print(#t)
t[#t + 1] = 11
print(#t)
t[#t] = nil
print(#t)
t[#t] = nil
t[#t] = nil
print(#t)
-- constructor sizes
print(#{1, 2, 3}, #{"a", "b"}, #{n = 1}, #{1, 2, x = 3, 4})
-- length after table.insert / table.remove
local q = {}
for i = 1, 5 do table.insert(q, i) end
table.remove(q, 1)
print(#q, q[1], q[#q])
-- length of a sequence built with explicit indices
local s = {}
s[1] = "a"; s[2] = "b"; s[3] = "c"
print(#s)
-- hash part keys do not count
local h = {1, 2, 3, a = 1, b = 2}
print(#h)
-- shrinking to empty
local e = {1}
e[1] = nil
print(#e)
-- length used as append index in loops
local squares = {}
for i = 1, 20 do squares[#squares + 1] = i * i end
print(#squares, squares[#squares])
-- string length vs byte count
local str = "multi\nline\ttext"
print(#str, str:len(), select('#', str:byte(1, -1)))
-- length of a number-keyed table with float keys that are integers
local f = {}
f[1.0] = "x"; f[2.0] = "y"
print(#f)
-- # binds tighter than arithmetic / concat
print(#"abc" + 1, #"ab" .. "c", -#"abcd")
