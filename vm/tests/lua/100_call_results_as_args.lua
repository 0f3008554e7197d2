-- A call's results as the last arguments of another call (CALL with all results, then
-- CALLM), in hot loops, with guards failing at the outer call.
local s = 0
local f = math.floor
for i = 1, 300 do
  if i == 200 then f = math.ceil end
  s = s + f(math.sqrt(i))
end
print(s)
local t = {}
for i = 1, 200 do t[#t + 1] = math.max(3, math.abs(i - 100)) end
print(#t, t[1], t[100], t[200])
local parts = {}
for i = 1, 100 do parts[#parts + 1] = string.format("%s", string.rep("a", i % 3)) end
print(table.concat(parts, ","):sub(1, 30))
local function id(...) return ... end
local n = 0
for i = 1, 100 do n = n + select("#", id(math.abs(-i))) end
print(n)
-- Library functions with several results stay multi-result.
local kv = { x = 1 }
local m = 0
for i = 1, 100 do m = m + select("#", next(kv)) + select("#", string.byte("abc", 1, 3)) end
print(m)
