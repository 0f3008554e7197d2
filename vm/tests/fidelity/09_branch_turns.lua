-- A branch that turns half-way: the trace's guard fails and a side trace grows.
local s = 0
for i = 1, 2000 do
  if i <= 1000 then s = s + 1 else s = s + 2 end
end
print(s)
