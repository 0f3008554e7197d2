-- cal key=pow variant=POW-frac-exponent n=3e6 base=empty.lua
-- 10 x POW per iteration, non-integer exponents.
local N = tonumber(arg and arg[1]) or 3e6
local a, b, c, d, e = 1.5, 2.5, 3.5, 4.5, 5.5
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = a ^ b; x2 = b ^ c; x3 = c ^ a; x4 = d ^ a; x5 = e ^ b
  x6 = a ^ c; x7 = b ^ a; x8 = c ^ b; x9 = d ^ b; x10 = e ^ a
end
