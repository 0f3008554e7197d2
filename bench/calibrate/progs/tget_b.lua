-- cal key=table_get variant=TGETB n=3e7 base=empty.lua
-- 10 x TGETB per iteration (t[1] .. t[8], array part).
local N = tonumber(arg and arg[1]) or 3e7
local t = {1, 2, 3, 4, 5, 6, 7, 8, f1 = 1, f2 = 2, f3 = 3, f4 = 4, f5 = 5, f6 = 6, f7 = 7, f8 = 8}
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = t[1]; x2 = t[2]; x3 = t[3]; x4 = t[4]; x5 = t[5]
  x6 = t[6]; x7 = t[7]; x8 = t[8]; x9 = t[1]; x10 = t[2]
end
