-- Coroutines as generators: wrap in generic for loops, recursive generators,
-- producer/consumer chains, values passed both ways through resume and yield.

local function range(n, step)
  return coroutine.wrap(function()
    for i = 1, n, step or 1 do coroutine.yield(i, i * i) end
  end)
end

local s = 0
for i, sq in range(200) do s = s + sq + i end
print("range", s)

-- A generator over a tree, recursing inside the coroutine.
local function walk(t)
  if type(t) ~= "table" then coroutine.yield(t) return end
  for _, v in ipairs(t) do walk(v) end
end
local tree = { 1, { 2, 3, { 4, { 5, 6 } } }, 7, { { { 8 } } } }
local out = {}
for leaf in coroutine.wrap(function() walk(tree) end) do out[#out + 1] = leaf end
print("leaves", table.concat(out, " "))

-- Permutations (Programming in Lua's permgen).
local function permgen(a, n)
  n = n or #a
  if n <= 1 then
    coroutine.yield(a)
  else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local count, first, last = 0, nil, nil
for p in coroutine.wrap(function() permgen({ 1, 2, 3, 4, 5, 6 }) end) do
  count = count + 1
  local txt = table.concat(p, "")
  first = first or txt
  last = txt
end
print("perms", count, first, last)

-- Producer, filter, consumer.
local function producer(words)
  return coroutine.create(function()
    for _, w in ipairs(words) do coroutine.yield(w) end
  end)
end
local function filter(src, f)
  return coroutine.create(function()
    while true do
      local ok, x = coroutine.resume(src)
      if not ok or x == nil then return end
      coroutine.yield(f(x))
    end
  end)
end
local chain = filter(filter(producer({ "alpha", "beta", "gamma" }), string.upper),
  function(x) return x .. "!" end)
while true do
  local ok, x = coroutine.resume(chain)
  if not x then break end
  io.write(x, " ")
end
print()

-- Values in and out: an accumulator fed by resume.
local acc = coroutine.create(function(first)
  local total = first
  while true do
    local more = coroutine.yield(total)
    if more == nil then return "final", total end
    total = total + more
  end
end)
print(coroutine.resume(acc, 10))
for i = 1, 5 do
  local _, t = coroutine.resume(acc, i)
  io.write(t, " ")
end
print()
print(coroutine.resume(acc))
print(coroutine.status(acc), coroutine.resume(acc))

-- Argument and result counts, nils included.
local echo = coroutine.create(function(...)
  local n = select("#", ...)
  while true do n = select("#", coroutine.yield(n, ...)) end
end)
print(coroutine.resume(echo, 1, nil, 3, nil))
print(coroutine.resume(echo))
print(coroutine.resume(echo, nil))
print(select("#", coroutine.resume(coroutine.create(function() end))))

-- A hot loop inside a generator and a hot consumer loop outside it.
local fib = coroutine.wrap(function()
  local a, b = 0, 1
  while true do
    coroutine.yield(a)
    a, b = b, (a + b) % 1000007
  end
end)
local x = 0
for _ = 1, 3000 do x = (x + fib()) % 1000007 end
print("fib", x)

-- Many short-lived coroutines, some abandoned while suspended.
local live = 0
for i = 1, 3000 do
  local c = coroutine.wrap(function() coroutine.yield(i) coroutine.yield(i + 1) end)
  live = live + c()
  if i % 3 == 0 then live = live + c() end
end
collectgarbage()
print("many", live)
