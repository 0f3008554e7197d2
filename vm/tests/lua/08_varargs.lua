-- varargs, select
local function count(...) return select('#', ...) end
print(count(), count(nil), count(1, nil), count(nil, nil, nil))
local function show(...)
  local n = select('#', ...)
  local parts = {}
  for i = 1, n do
    local v = select(i, ...)
    parts[#parts + 1] = tostring(v)
  end
  return n .. ":" .. table.concat(parts, ",")
end
print(show())
print(show(1, 2, 3))
print(show(nil, "x", nil))
print(select(2, "a", "b", "c"))
print(select(3, "a", "b", "c"))
print(select(4, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
print(select(-2, "a", "b", "c"))
print(select(-3, "a", "b", "c"))
print(select('#'))
local function sum(...)
  local s = 0
  for _, v in ipairs({...}) do s = s + v end
  return s
end
print(sum(), sum(1), sum(1, 2, 3, 4, 5), sum(1.5, 2.5))
local function first(a, ...) return a end
local function rest(a, ...) return ... end
print(first(1, 2, 3), rest(1, 2, 3))
local function fixed(a, b, ...)
  return a, b, select('#', ...)
end
print(fixed(1))
print(fixed(1, 2, 3, 4))
local function wrap(...)
  local t = {n = select('#', ...), ...}
  return t
end
local w = wrap(1, nil, 3, nil)
print(w.n, w[1], w[2], w[3], w[4])
-- varargs in the middle truncate to one
local function mid(...) return ..., "end" end
print(mid(1, 2, 3))
-- varargs forwarded
local function fwd(...) return show(...) end
print(fwd("p", "q"))
-- vararg in table constructor and string.format
local function fmt(f, ...) return string.format(f, ...) end
print(fmt("%s-%s-%d", "a", "b", 7))
-- many args
local big = {}
for i = 1, 200 do big[i] = i end
print(count(unpack(big)), sum(unpack(big)))
print(select(150, unpack(big)))
-- select with large n in the middle
print(select('#', select(198, unpack(big))))
-- arg count via closure
local function counter(...)
  local n = select('#', ...)
  return function() return n end
end
print(counter(1, 2, 3)(), counter()())
