-- Coroutine corner cases: statuses, errors and their messages, yields across pcall and
-- metamethods, yields refused across C functions, stack overflow inside a coroutine.

local co = coroutine.create(function(a, b)
  local c = coroutine.yield(a + b)
  error("boom" .. c)
end)
print(coroutine.status(co), coroutine.resume(co, 1, 2))
print(coroutine.status(co), coroutine.resume(co, "x"))
print(coroutine.status(co), coroutine.resume(co))

print(coroutine.running())
print(coroutine.isyieldable())
print(coroutine.wrap(function() return coroutine.isyieldable() end)())
print(type(coroutine.create(print)), coroutine.status(coroutine.create(print)))
local self_co
self_co = coroutine.create(function()
  print("inside", coroutine.status(self_co), coroutine.running() == self_co)
  print(coroutine.resume(self_co))
  local inner = coroutine.create(function() return coroutine.status(self_co) end)
  return coroutine.resume(inner)
end)
print(coroutine.resume(self_co))

-- Errors raised by the library.
print(pcall(function() local r = coroutine.resume({}) return r end))
print(pcall(function() local r = coroutine.status(nil) return r end))
print(pcall(function() local r = coroutine.create(1) return r end))
print(pcall(function() local r = coroutine.wrap("f") return r end))
print(pcall(function() local r = coroutine.yield(1) return r end))

-- wrap raises what the coroutine raised, with the caller's position for strings.
local w = coroutine.wrap(function() error("in wrap") end)
print(pcall(function() local r = w() return r end))
w = coroutine.wrap(function() error({ code = 7 }) end)
local ok, e = pcall(function() local r = w() return r end)
print(ok, type(e), e.code)
w = coroutine.wrap(function() error(42) end)
print(pcall(function() local r = w() return r end))
w = coroutine.wrap(function() end)
w()
print(pcall(function() local r = w() return r end))

-- Yields across pcall and xpcall, errors after a resume.
co = coroutine.create(function()
  print("pcall:", pcall(function()
    local x = coroutine.yield("from pcall")
    error("after " .. x)
  end))
  print("xpcall:", xpcall(function() return coroutine.yield("from xpcall") end,
    function(m) return "handled " .. m end))
  return "end"
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "resume"))
print(coroutine.resume(co, "again"))

-- Yields from metamethods and tostring's __tostring.
local mt = {}
mt.__add = function(a, b) return coroutine.yield("add") end
mt.__index = function(t, k) return coroutine.yield("index " .. k) end
mt.__newindex = function(t, k, v) coroutine.yield("newindex " .. k) end
mt.__call = function(self, x) return coroutine.yield("call " .. x) end
mt.__lt = function(a, b) return coroutine.yield("lt") end
mt.__le = function(a, b) return coroutine.yield("le") end
mt.__concat = function(a, b) return coroutine.yield("concat") end
mt.__eq = function(a, b) return coroutine.yield("eq") end
mt.__len = function(a) return coroutine.yield("len") end
mt.__unm = function(a) return coroutine.yield("unm") end
mt.__tostring = function(a) return coroutine.yield("tostring") end
local o, o2 = setmetatable({}, mt), setmetatable({}, mt)
co = coroutine.create(function()
  local r = {}
  r[#r + 1] = o + 1
  r[#r + 1] = o.foo
  o.bar = 5
  r[#r + 1] = o(7)
  r[#r + 1] = tostring(o < o2)
  r[#r + 1] = tostring(o <= o2)
  r[#r + 1] = o .. "x"
  r[#r + 1] = tostring(o == o2)
  r[#r + 1] = -o
  r[#r + 1] = tostring(o)
  return table.concat(r, ",")
end)
local v
while true do
  local okr, x = coroutine.resume(co, v)
  if not okr then print("error", x) break end
  if coroutine.status(co) == "dead" then print("done", x) break end
  print("yielded", x)
  v = x .. "!"
end

-- Yields refused across C functions (LuaJIT's "C-call boundary").
print(coroutine.resume(coroutine.create(function()
  table.sort({ 3, 2, 1 }, function(a, b) coroutine.yield() return a < b end)
end)))
print(coroutine.resume(coroutine.create(function()
  return string.gsub("a", "a", function() coroutine.yield() end)
end)))
print(pcall(coroutine.yield, 1))

-- Stack overflow and deep recursion inside a coroutine.
local function rec(n) return 1 + rec(n + 1) end
print(coroutine.resume(coroutine.create(rec), 1))
local function deep(n) if n == 0 then return coroutine.yield("bottom") end return deep(n - 1) end
co = coroutine.create(deep)
print(coroutine.resume(co, 5000))
print(coroutine.resume(co, "up"))
local nest = 0
local function pnest(n) nest = n if n < 150 then pcall(pnest, n + 1) end end
print(coroutine.resume(coroutine.create(function() pnest(1) coroutine.yield(nest) return nest end)))
