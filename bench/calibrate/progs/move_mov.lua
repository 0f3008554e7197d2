-- cal key=move_op variant=MOV n=3e7 base=empty.lua
-- 10 x MOV (register to register) per iteration.
local N = tonumber(arg and arg[1]) or 3e7
local a, b, c, d, e = 1.5, 2.5, 3.5, 4.5, 5.5
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = a; x2 = b; x3 = c; x4 = d; x5 = e
  x6 = a; x7 = b; x8 = c; x9 = d; x10 = e
end
