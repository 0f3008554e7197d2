-- cal key=table_set variant=TSETV-array n=3e7 base=empty.lua
-- 10 x TSETV per iteration: existing integer keys held in locals, array part, number values.
local N = tonumber(arg and arg[1]) or 3e7
local t = {1, 2, 3, 4, 5, 6, 7, 8, f1 = 1, f2 = 2, f3 = 3, f4 = 4, f5 = 5, f6 = 6, f7 = 7, f8 = 8}
local k1, k2, k3, k4, k5 = 1, 3, 5, 7, 8
local a, b = 1.5, 2.5
for i = 1, N do
  t[k1] = a; t[k2] = b; t[k3] = a; t[k4] = b; t[k5] = a
  t[k1] = b; t[k2] = a; t[k3] = b; t[k4] = a; t[k5] = b
end
