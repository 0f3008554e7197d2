-- cal key=table_get variant=TGETV-array n=3e7 base=empty.lua
-- 10 x TGETV per iteration: integer keys held in locals, hitting the array part.
local N = tonumber(arg and arg[1]) or 3e7
local t = {1, 2, 3, 4, 5, 6, 7, 8, f1 = 1, f2 = 2, f3 = 3, f4 = 4, f5 = 5, f6 = 6, f7 = 7, f8 = 8}
local k1, k2, k3, k4, k5 = 1, 3, 5, 7, 8
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = t[k1]; x2 = t[k2]; x3 = t[k3]; x4 = t[k4]; x5 = t[k5]
  x6 = t[k2]; x7 = t[k3]; x8 = t[k4]; x9 = t[k5]; x10 = t[k1]
end
