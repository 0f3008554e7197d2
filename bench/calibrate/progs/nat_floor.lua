-- cal key=native_call variant=math.floor n=1e7 base=empty.lua extra=NATIVE:10
-- 10 x `local y = floor(a)` per iteration: argument MOVs/constant loads + CALL of the library
-- function held in a local. native_call = (time - moves - 10 call) / 10.
local N = tonumber(arg and arg[1]) or 1e7
local floor, a = math.floor, 2.5
for i = 1, N do
  local y1 = floor(a); local y2 = floor(a); local y3 = floor(a); local y4 = floor(a); local y5 = floor(a)
  local y6 = floor(a); local y7 = floor(a); local y8 = floor(a); local y9 = floor(a); local y10 = floor(a)
end
