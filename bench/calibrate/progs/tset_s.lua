-- cal key=table_set variant=TSETS-hash n=3e7 base=empty.lua
-- 10 x TSETS per iteration (existing keys t.f1 .. t.f8, number values).
local N = tonumber(arg and arg[1]) or 3e7
local t = {1, 2, 3, 4, 5, 6, 7, 8, f1 = 1, f2 = 2, f3 = 3, f4 = 4, f5 = 5, f6 = 6, f7 = 7, f8 = 8}
local a, b = 1.5, 2.5
for i = 1, N do
  t.f1 = a; t.f2 = b; t.f3 = a; t.f4 = b; t.f5 = a
  t.f6 = b; t.f7 = a; t.f8 = b; t.f1 = b; t.f2 = a
end
