-- cal key=native_call variant=math.abs n=1e7 base=empty.lua extra=NATIVE:10
-- 10 x `local y = abs(a)` per iteration: argument MOVs/constant loads + CALL of the library
-- function held in a local. native_call = (time - moves - 10 call) / 10.
local N = tonumber(arg and arg[1]) or 1e7
local abs, a = math.abs, -1.5
for i = 1, N do
  local y1 = abs(a); local y2 = abs(a); local y3 = abs(a); local y4 = abs(a); local y5 = abs(a)
  local y6 = abs(a); local y7 = abs(a); local y8 = abs(a); local y9 = abs(a); local y10 = abs(a)
end
