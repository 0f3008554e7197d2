-- rawget, rawset, rawequal
local mt = {
  __index = function(_, k) return "meta-" .. tostring(k) end,
  __newindex = function(t, k, v) rawset(t, k, "wrapped-" .. tostring(v)) end,
  __eq = function() return true end,
}
local t = setmetatable({}, mt)
print(t.a, rawget(t, "a"))
t.b = 1
print(t.b, rawget(t, "b"))
rawset(t, "c", 2)
print(t.c, rawget(t, "c"))
print(rawset(t, "d", 3) == t)
local u = setmetatable({}, mt)
print(t == u, rawequal(t, u), rawequal(t, t))
print(rawequal(1, 1), rawequal("a", "a"), rawequal(1, "1"), rawequal(nil, nil), rawequal(0, -0))
-- rawget with numeric keys and nil
print(rawget({10, 20}, 2), rawget({10, 20}, 3), rawget({[1.0] = "f"}, 1))
-- rawset with number keys normalises 2.0 -> 2
local arr = {}
rawset(arr, 1, "a")
rawset(arr, 2.0, "b")
print(#arr, arr[2])
-- rawget on _G
x_global = 99
print(rawget(_G, "x_global"), rawget(_G, "nonexistent"))
-- rawset to nil removes
rawset(t, "c", nil)
print(rawget(t, "c"), t.c)
-- rawlen is not available in 5.1/LuaJIT without compat, check existence only
print(type(rawget), type(rawset), type(rawequal))
