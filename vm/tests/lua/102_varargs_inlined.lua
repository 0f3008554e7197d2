-- Vararg functions called from hot loops: fixed and missing arguments, forwarding,
-- varargs read for a fixed count, and `select` over them.
local function pick(n, ...)
  local a, b, c = ...
  if n > 2 then return a + b end
  return (a or 0) + (c or 0)
end

local function fwd(...)
  local x, y = ...
  return pick(x, y, x, y)
end

local function count(...)
  local n = select('#', ...)
  return n
end

local function first(...)
  return (...)
end

local s, f = 0, 0
for i = 1, 2000 do
  s = s + pick(i % 4, i, 2, 3) + pick(1, i) + fwd(i % 5, i)
  f = f + first(i, 2)
end
print(s, f)

local k = 0
for i = 1, 2000 do k = k + count(i, nil, i % 3 == 0 and i or nil) end
print(k)

local function tail(...)
  return pick(3, ...)
end
local t = 0
for i = 1, 500 do t = t + tail(i, 1) end
print(t)
