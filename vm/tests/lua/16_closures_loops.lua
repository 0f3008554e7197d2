-- closures created in loops capture a fresh variable per iteration
local fns = {}
for i = 1, 5 do fns[i] = function() return i end end
local out = {}
for i = 1, 5 do out[i] = fns[i]() end
print("numeric for:", table.concat(out, " "))
local gfns = {}
for i, v in ipairs({"a", "b", "c"}) do
  gfns[#gfns + 1] = function() return i .. v end
end
out = {}
for i, f in ipairs(gfns) do out[i] = f() end
print("generic for:", table.concat(out, " "))
-- while loop: a local declared inside the body is fresh each time
local wfns = {}
local k = 0
while k < 4 do
  k = k + 1
  local kk = k
  wfns[k] = function() return kk end
end
out = {}
for i, f in ipairs(wfns) do out[i] = f() end
print("while body local:", table.concat(out, " "))
-- while loop capturing the outer variable sees the final value
local sfns = {}
local m = 0
while m < 3 do
  m = m + 1
  sfns[m] = function() return m end
end
print("shared outer:", sfns[1](), sfns[2](), sfns[3]())
-- closures in loop that mutate their own captured copy
local incs = {}
for i = 1, 3 do
  incs[i] = function() i = i + 10; return i end
end
print(incs[1](), incs[1](), incs[2](), incs[3](), incs[1]())
-- pairs of closures sharing a per-iteration variable
local getters, setters = {}, {}
for i = 1, 3 do
  local v = i * 100
  getters[i] = function() return v end
  setters[i] = function(x) v = x end
end
setters[2](999)
print(getters[1](), getters[2](), getters[3]())
-- nested loops
local grid = {}
for r = 1, 3 do
  for c = 1, 3 do
    grid[#grid + 1] = function() return r * 10 + c end
  end
end
out = {}
for i, f in ipairs(grid) do out[i] = f() end
print("grid:", table.concat(out, " "))
-- repeat loop with local captured
local rfns = {}
local n = 0
repeat
  n = n + 1
  local sq = n * n
  rfns[n] = function() return sq end
until n == 4
out = {}
for i, f in ipairs(rfns) do out[i] = f() end
print("repeat:", table.concat(out, " "))
-- closure captured, loop broken early
local bf
for i = 1, 100 do
  if i == 7 then bf = function() return i end break end
end
print("break capture:", bf())
-- closures capturing loop variables of a numeric loop with a float step
local ffns = {}
for x = 0, 1, 0.25 do ffns[#ffns + 1] = function() return x end end
out = {}
for i, f in ipairs(ffns) do out[i] = f() end
print("float loop:", table.concat(out, " "))
-- closure factory in a loop sharing one accumulator per iteration
local accs = {}
for i = 1, 3 do
  local total = 0
  accs[i] = function(d) total = total + d * i; return total end
end
print(accs[1](1), accs[1](1), accs[2](1), accs[3](2), accs[2](5))
-- the generic-for control variable is fresh too
local kfns = {}
for k, v in ipairs({"x", "y", "z"}) do
  kfns[#kfns + 1] = function() k = k .. "!"; return k .. v end
end
print(kfns[1](), kfns[1](), kfns[2](), kfns[3]())
