-- cal key=closure variant=FNEW-1-upvalue n=2e6 base=empty.lua
-- 10 x FNEW of a closure capturing one (open) local per iteration (allocation and GC included).
local N = tonumber(arg and arg[1]) or 2e6
local a = 1.5
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = function() return a end; x2 = function() return a end; x3 = function() return a end
  x4 = function() return a end; x5 = function() return a end; x6 = function() return a end
  x7 = function() return a end; x8 = function() return a end; x9 = function() return a end
  x10 = function() return a end
end
