-- loadstring / load with strings
local f = loadstring("return 1 + 2")
print(type(f), f())
local g = loadstring("return ...")
print(g(1, 2, 3))
print(select('#', g()))
local h = loadstring("local a, b = ... return a * b")
print(h(6, 7))
-- chunks see globals
counter_global = 10
local inc = loadstring("counter_global = counter_global + 1 return counter_global")
print(inc(), inc(), counter_global)
-- chunks do not see the caller's locals
local secret = "hidden"
print(loadstring("return secret")())
-- syntax errors return nil plus a message
local bad, msg = loadstring("return 1 +")
print(bad, type(msg))
local bad2, msg2 = loadstring("x = = 1")
print(bad2 == nil, type(msg2) == "string")
local bad3 = loadstring("for i = 1 do end")
print(bad3 == nil)
local bad4 = loadstring("if x then")
print(bad4 == nil)
local bad5 = loadstring("local 1 = 2")
print(bad5 == nil)
-- valid but empty chunk
local empty = loadstring("")
print(type(empty), select('#', empty()))
-- load with a string
local l = load("return 'via load'")
print(l())
-- building code dynamically
local ops = {"+", "-", "*", "/"}
for _, op in ipairs(ops) do
  local fn = loadstring("return function(a, b) return a " .. op .. " b end")()
  print(op, fn(12, 4))
end
-- runtime errors in loaded chunks, with a custom chunk name
local rt = loadstring("error('boom from chunk')", "=mychunk")
print(pcall(rt))
local rt2 = loadstring("local t = nil\nreturn t.field", "=other")
print(pcall(rt2))
-- default chunk names use [string "..."]
local rt3 = loadstring("error('e3')")
print(pcall(rt3))
local rt4 = loadstring("\n\nerror('line three')")
print(pcall(rt4))
-- chunk defining functions
local lib = loadstring([[
  local M = {}
  function M.double(x) return x * 2 end
  function M.square(x) return x * x end
  return M
]])()
print(lib.double(21), lib.square(9))
-- loaded chunk as a vararg function
local vf = loadstring("local n = select('#', ...) return n, ...")
print(vf("a", nil, "c"))
-- long string source with nested quotes
local q = loadstring([==[return [[a]] .. "b" .. 'c' .. [=[d]=]]==])
print(q())
