-- Creating a closure in the loop body (FNEW is not compiled).
local s = 0
for i = 1, 500 do
  local f = function() return i end
  s = s + f()
end
print(s)
