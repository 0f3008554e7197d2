-- Library functions called in tail position from functions inlined into traces, whose
-- results change type (string.find: a number, then nil), and tail calls for one, two
-- and no results.
local function find(s, p) return string.find(s, p) end
local function first(t) return rawget(t, 1) end
local function mk(v) return setmetatable({v = v}, {__index = {k = 2}}) end
local function two(s) return string.byte(s, 1, 2) end
local n, misses, sum = 0, 0, 0
for i = 1, 300 do
  local s = (i % 7 == 0) and "abc" or "xyz"
  local a, b = find(s, "y")
  if a then n = n + a + b else misses = misses + 1 end
  local t = (i % 5 == 0) and {} or {i}
  local v = first(t)
  if v then sum = sum + v else sum = sum - 1 end
  sum = sum + mk(i).v + mk(i).k
  local c1, c2 = two(s)
  sum = sum + c1 + c2
  find(s, "z")
end
print(n, misses, sum)

-- The tail-called function's result changes type with no branch before it: the trace
-- exits at the call itself, returns the result to the caller and resumes there.
local function get(t, k) return rawget(t, k) end
local t = {}
for i = 1, 100 do t[i] = i end
local c = 0
for i = 1, 200 do
  local v = get(t, i)
  c = c + (v or 1000)
end
print(c)
