-- cal key=closure variant=FNEW-0-upvalues n=2e6 base=empty.lua
-- 10 x FNEW of a closure without upvalues per iteration (allocation and GC included).
local N = tonumber(arg and arg[1]) or 2e6
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = function() end; x2 = function() end; x3 = function() end; x4 = function() end; x5 = function() end
  x6 = function() end; x7 = function() end; x8 = function() end; x9 = function() end; x10 = function() end
end
