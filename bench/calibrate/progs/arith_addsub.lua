-- cal key=arith variant=ADDVV/SUBVV n=3e7 base=empty.lua
-- 5 x ADDVV + 5 x SUBVV per iteration (independent operations on loop-invariant locals).
local N = tonumber(arg and arg[1]) or 3e7
local a, b, c, d, e = 1.5, 2.5, 3.5, 4.5, 5.5
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = a + b; x2 = b - c; x3 = c + d; x4 = d - e; x5 = e + a
  x6 = a - c; x7 = b + d; x8 = c - e; x9 = d + a; x10 = e - b
end
