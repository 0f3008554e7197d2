-- unbounded recursion is caught by pcall
local function infinite(n) return 1 + infinite(n + 1) end
local ok, err = pcall(infinite, 1)
print("failed:", not ok)
print("is string:", type(err) == "string")
print("mentions stack overflow:", type(err) == "string" and err:find("stack overflow", 1, true) ~= nil)
-- mutual recursion
local a, b
function a(n) return b(n + 1) + 1 end
function b(n) return a(n + 1) + 1 end
local ok2, err2 = pcall(a, 0)
print("mutual failed:", not ok2, err2:find("stack overflow", 1, true) ~= nil)
-- the program keeps running normally afterwards
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print("depth 10000:", depth(10000))
-- recursion through a metamethod
local mt = {}
mt.__index = function(t, k) return t[k .. "x"] end
local obj = setmetatable({}, mt)
local ok3, err3 = pcall(function() return obj.a end)
print("metamethod recursion failed:", not ok3)
-- recursion inside xpcall with handler
local ok4, res4 = xpcall(function() return infinite(1) end, function(m) return "handled" end)
print("xpcall:", ok4, res4)
-- tail recursion does not overflow
local function tail(n) if n == 0 then return "tail ok" end return tail(n - 1) end
print(tail(500000))
