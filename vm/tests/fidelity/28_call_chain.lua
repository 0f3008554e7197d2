-- A chain of small functions, all inlined.
local function f3(x) return x + 1 end
local function f2(x) return f3(x) * 2 end
local function f1(x) return f2(x) - 1 end
local s = 0
for i = 1, 1000 do s = s + f1(i) % 10 end
print(s)
