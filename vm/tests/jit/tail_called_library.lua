-- A constructor that returns a library call in tail position, as class libraries do:
-- `return setmetatable(o, mt)`. Inlined into the loop trace, the tail call is recorded
-- and its result returned to the caller (LuaJIT's lj_record_tailcall, then the fast
-- function's return): one loop trace, no aborts.
local Class = {scale = 3}
local function new(v)
  return setmetatable({v = v}, {__index = Class})
end
local sum = 0
for i = 1, 1000 do
  local o = new(i)
  sum = sum + o.v * o.scale
end
print(sum)
