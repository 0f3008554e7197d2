-- locals, globals, shadowing, block scope
g1 = 10
local l1 = 20
print(g1, l1, _G.g1, _G.l1)
_G.g2 = "set via _G"
print(g2)
do
  local g1 = "shadow"
  print("inner", g1, _G.g1)
  g1 = "shadow2"
  print("inner2", g1)
end
print("outer", g1)
local x = 1
do
  local x = x + 1
  do
    local x = x * 10
    print("depth3", x)
  end
  print("depth2", x)
end
print("depth1", x)
local function f()
  gcount = (gcount or 0) + 1
  return gcount
end
f() f() f()
print("gcount", gcount)
print("undefined global", undefined_thing, type(undefined_thing))
local a = 1
local a = a + 1
print("redeclared", a)
local n1, n2, n3 = 1
print(n1, n2, n3)
for i = 1, 3 do
  local v = i * 2
  print("loop local", i, v)
end
print("after loop i is global?", i)
_G["weird name"] = 5
print(_G["weird name"])
local names = {}
for _, k in ipairs({"g1", "g2", "gcount", "l1"}) do
  names[#names + 1] = k .. "=" .. tostring(_G[k])
end
print(table.concat(names, " "))
g1 = nil
print("cleared", g1, rawget(_G, "g1"))
-- local function recursion vs local f = function
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))
local fib
fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
