-- Objects that each get their own metatable, whose __index is a shared class table
-- (setmetatable(obj, {__index = Class}), as class libraries make objects). LuaJIT looks
-- __index up in whichever metatable the object has (lj_record_mm_lookup), so one loop
-- trace serves every object: no side traces.
local Base = {offset = 1}
local Class = setmetatable({scale = 3}, {__index = Base})
local sum = 0
for i = 1, 1000 do
  local o = setmetatable({v = i}, {__index = Class})
  sum = sum + o.v * o.scale + o.offset
end
print(sum)
