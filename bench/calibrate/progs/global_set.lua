-- cal key=global variant=GSET n=3e7 base=empty.lua
-- 10 x GSET of existing globals per iteration (number values).
local N = tonumber(arg and arg[1]) or 3e7
g1, g2, g3, g4, g5, g6, g7, g8, g9, g10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
local a, b = 1.5, 2.5
for i = 1, N do
  g1 = a; g2 = b; g3 = a; g4 = b; g5 = a
  g6 = b; g7 = a; g8 = b; g9 = a; g10 = b
end
