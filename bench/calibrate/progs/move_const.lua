-- cal key=move_op variant=KSHORT/KNUM/KSTR/KPRI n=3e7 base=empty.lua
-- 10 constant loads per iteration: 3 KSHORT, 3 KNUM, 2 KSTR, 2 KPRI.
local N = tonumber(arg and arg[1]) or 3e7
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = 1; x2 = 2; x3 = 3
  x4 = 1.5; x5 = 2.5; x6 = 1e10
  x7 = "abc"; x8 = "def"
  x9 = true; x10 = false
end
