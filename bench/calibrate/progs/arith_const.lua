-- cal key=arith variant=ADDVN/SUBVN/MULVN n=3e7 base=empty.lua
-- 10 arithmetic ops with a number constant per iteration: 4 ADDVN, 3 SUBVN, 3 MULVN.
local N = tonumber(arg and arg[1]) or 3e7
local a, b, c, d, e = 1.5, 2.5, 3.5, 4.5, 5.5
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = a + 1; x2 = b - 2; x3 = c * 3; x4 = d + 4; x5 = e - 5
  x6 = a * 6; x7 = b + 7; x8 = c - 8; x9 = d * 9; x10 = e + 10
end
