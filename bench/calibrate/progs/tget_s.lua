-- cal key=table_get variant=TGETS-hash n=3e7 base=empty.lua
-- 10 x TGETS per iteration (t.f1 .. t.f8, hash part).
local N = tonumber(arg and arg[1]) or 3e7
local t = {1, 2, 3, 4, 5, 6, 7, 8, f1 = 1, f2 = 2, f3 = 3, f4 = 4, f5 = 5, f6 = 6, f7 = 7, f8 = 8}
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = t.f1; x2 = t.f2; x3 = t.f3; x4 = t.f4; x5 = t.f5
  x6 = t.f6; x7 = t.f7; x8 = t.f8; x9 = t.f1; x10 = t.f2
end
