-- cal key=global variant=GGET n=3e7 base=empty.lua
-- 10 x GGET per iteration (10 distinct globals, standard library present in _G).
local N = tonumber(arg and arg[1]) or 3e7
g1, g2, g3, g4, g5, g6, g7, g8, g9, g10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = g1; x2 = g2; x3 = g3; x4 = g4; x5 = g5
  x6 = g6; x7 = g7; x8 = g8; x9 = g9; x10 = g10
end
