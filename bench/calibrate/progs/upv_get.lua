-- cal key=upvalue variant=UGET n=3e7 base=empty.lua
-- 10 x UGET per iteration, in a closure over (open) locals of the main chunk.
local N = tonumber(arg and arg[1]) or 3e7
local u1, u2, u3, u4, u5 = 1.5, 2.5, 3.5, 4.5, 5.5
local function run()
  local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
  for i = 1, N do
    x1 = u1; x2 = u2; x3 = u3; x4 = u4; x5 = u5
    x6 = u1; x7 = u2; x8 = u3; x9 = u4; x10 = u5
  end
end
run()
