-- cal key=table_new variant=TNEW n=2e6 base=empty.lua
-- 10 x TNEW of an empty table per iteration (allocation and GC included).
local N = tonumber(arg and arg[1]) or 2e6
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = {}; x2 = {}; x3 = {}; x4 = {}; x5 = {}
  x6 = {}; x7 = {}; x8 = {}; x9 = {}; x10 = {}
end
