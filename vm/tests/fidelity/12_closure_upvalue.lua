-- A closure updating an upvalue, called in a loop.
local function counter()
  local n = 0
  return function(k) n = n + k return n end
end
local c = counter()
local last
for i = 1, 1000 do last = c(i % 3) end
print(last)
