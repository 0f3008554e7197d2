-- Recursion under the JIT: up-recursion traces, side traces that return into their
-- callers' frames, recursion through tables, and a recursion that overflows the stack.
local function sum(n)
  if n == 0 then return 0 end
  return n + sum(n - 1)
end

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local function build(d)
  if d == 0 then return { leaf = true, v = d + 1 } end
  return { l = build(d - 1), r = build(d - 1), v = d }
end

local function walk(t)
  if t.leaf then return t.v end
  return walk(t.l) + walk(t.r) + t.v
end

local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end

-- A function with a closure over its local: returning from it closes the upvalue.
local function counter(n)
  local acc = 0
  local get = function() return acc end
  for i = 1, n do acc = acc + i end
  return get()
end

local total = 0
for i = 1, 300 do
  total = total + sum(i % 9 + 3) + fib(i % 7)
end
print(total)

local tree = build(5)
local w = 0
for i = 1, 100 do w = w + walk(tree) end
print(w)

local e = 0
for i = 1, 400 do if even(i % 13) then e = e + 1 end end
print(e)

local c = 0
for j = 1, 200 do c = c + counter(j % 40 + 10) end
print(c)

local function deep(n) return 1 + deep(n + 1) end
for i = 1, 3 do
  local ok = pcall(deep, 1)
  print(ok)
end
