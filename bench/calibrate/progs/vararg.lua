-- cal key=vararg variant=VARG-1-value n=3e7 base=empty.lua
-- 10 x `local x = ...` (VARG, one value) per iteration inside a vararg function.
local N = tonumber(arg and arg[1]) or 3e7
local function run(...)
  for i = 1, N do
    local x1 = ...; local x2 = ...; local x3 = ...; local x4 = ...; local x5 = ...
    local x6 = ...; local x7 = ...; local x8 = ...; local x9 = ...; local x10 = ...
  end
end
run(1.5, 2.5)
