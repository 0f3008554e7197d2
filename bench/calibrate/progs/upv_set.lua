-- cal key=upvalue variant=USETV n=3e7 base=empty.lua
-- 10 x USETV (number value) per iteration, in a closure over (open) locals of the main chunk.
local N = tonumber(arg and arg[1]) or 3e7
local u1, u2, u3, u4, u5 = 1.5, 2.5, 3.5, 4.5, 5.5
local function run()
  local a, b = 7.5, 8.5
  for i = 1, N do
    u1 = a; u2 = b; u3 = a; u4 = b; u5 = a
    u1 = b; u2 = a; u3 = b; u4 = a; u5 = b
  end
end
run()
