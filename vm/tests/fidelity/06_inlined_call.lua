-- A Lua function called in a loop is inlined into the loop's trace.
local function sq(x) return x * x end
local s = 0
for i = 1, 1000 do s = s + sq(i) % 1000 end
print(s)
