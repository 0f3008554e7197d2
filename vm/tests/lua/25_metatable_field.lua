-- setmetatable/getmetatable and the __metatable field
local t = {}
local mt = {}
print(getmetatable(t) == nil)
print(setmetatable(t, mt) == t)
print(getmetatable(t) == mt)
setmetatable(t, nil)
print(getmetatable(t) == nil)
-- protected metatable
local prot = setmetatable({}, {__metatable = "locked"})
print(getmetatable(prot))
local ok, err = pcall(setmetatable, prot, {})
print(ok, type(err))
local prot2 = setmetatable({}, {__metatable = false})
print(getmetatable(prot2))
local guard = {}
local prot3 = setmetatable({}, {__metatable = guard})
print(getmetatable(prot3) == guard)
-- getmetatable of strings returns the string metatable
local smt = getmetatable("abc")
print(type(smt), smt.__index == string)
-- numbers, booleans, nil have no metatable
print(getmetatable(1), getmetatable(true), getmetatable(nil))
-- sharing a metatable among many tables
local shared = {__index = {kind = "shared"}}
local count = 0
for i = 1, 10 do
  local o = setmetatable({}, shared)
  if getmetatable(o) == shared and o.kind == "shared" then count = count + 1 end
end
print("shared count", count)
-- changing the metatable's contents affects existing objects
local o = setmetatable({}, shared)
shared.__index = {kind = "changed"}
print(o.kind)
-- metatable can be its own __index
local Self = {hello = "from self"}
Self.__index = Self
local inst = setmetatable({}, Self)
print(inst.hello)
-- setmetatable with non-table argument errors
print((pcall(setmetatable, {}, 5)))
