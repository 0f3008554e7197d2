-- cal key=arith variant=UNM/NOT n=3e7 base=empty.lua
-- 5 x UNM + 5 x NOT per iteration.
local N = tonumber(arg and arg[1]) or 3e7
local a, b, c, d, e = 1.5, 2.5, 3.5, 4.5, 5.5
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = -a; x2 = not b; x3 = -c; x4 = not d; x5 = -e
  x6 = not a; x7 = -b; x8 = not c; x9 = -d; x10 = not e
end
