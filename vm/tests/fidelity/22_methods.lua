-- Method calls through a metatable's __index.
local Acc = {}
Acc.__index = Acc
function Acc.new() return setmetatable({ v = 0 }, Acc) end
function Acc:add(x) self.v = self.v + x end
local a = Acc.new()
for i = 1, 1000 do a:add(i % 4) end
print(a.v)
