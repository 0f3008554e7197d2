-- cal key=pow variant=POW-int-exponent n=3e6 base=empty.lua
-- 10 x POW per iteration, exponents 2 and 3 held in locals (POW has no constant form).
local N = tonumber(arg and arg[1]) or 3e6
local a, b, c, d, e = 1.5, 2.5, 3.5, 4.5, 5.5
local two, three = 2, 3
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = a ^ two; x2 = b ^ three; x3 = c ^ two; x4 = d ^ three; x5 = e ^ two
  x6 = a ^ three; x7 = b ^ two; x8 = c ^ three; x9 = d ^ two; x10 = e ^ three
end
