-- cal key=table_set variant=TSETB n=3e7 base=empty.lua
-- 10 x TSETB per iteration (t[1] .. t[8], existing array slots, number values).
local N = tonumber(arg and arg[1]) or 3e7
local t = {1, 2, 3, 4, 5, 6, 7, 8, f1 = 1, f2 = 2, f3 = 3, f4 = 4, f5 = 5, f6 = 6, f7 = 7, f8 = 8}
local a, b = 1.5, 2.5
for i = 1, N do
  t[1] = a; t[2] = b; t[3] = a; t[4] = b; t[5] = a
  t[6] = b; t[7] = a; t[8] = b; t[1] = b; t[2] = a
end
