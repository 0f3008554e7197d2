-- A vararg function called in a loop.
local function sum(...)
  local a, b, c = ...
  return a + b + c
end
local s = 0
for i = 1, 1000 do s = s + sum(i, 1, 2) end
print(s)
