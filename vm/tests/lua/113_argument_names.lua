-- "bad argument" messages name the function as the call site named it, as LuaJIT's
-- lj_debug_funcname does: a local, global, field or method name, `?` from a native or a
-- tail call, `(for generator)` for an iterator, the metamethod for a metamethod.
local f = string.rep
print(pcall(function() local r = f() return r end))
print(pcall(function() local r = string.rep() return r end))
local t = {g = string.rep}
print(pcall(function() local r = t.g() return r end))
print(pcall(function() local r = ("x"):rep() return r end))
rep2 = string.rep
print(pcall(function() local r = rep2() return r end))
print(pcall(function() local r = math.floor("a") return r end))
print(pcall(function() local r = setmetatable(1, {}) return r end))
print(pcall(function() local r = ipairs() return r end))
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() local r = tostring() return r end))
print(pcall(function() local r = ("x"):bad() return r end))
print(pcall(function() local s = "x" local r = s:rep({}) return r end))
print(pcall(function() for k in next, 5 do end end))
print(pcall(function() local t = setmetatable({}, {__index = string.rep}) return t.x end))
print(pcall(function() local t = {string.rep} return t[1]() end))
print(pcall(function() local t = {string.rep} local r = t[1]() return r end))
print(pcall(function() local r = (string.rep)() return r end))
print(pcall(string.format, "%d", "x"))
print(pcall(function() local r = string.format("%d", "x") return r end))
local up2 = string.rep
print(pcall(function() local r = up2() return r end))
