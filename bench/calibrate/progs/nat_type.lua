-- cal key=native_call variant=type n=1e7 base=empty.lua extra=NATIVE:10
-- 10 x `local y = type(a)` per iteration: argument MOVs/constant loads + CALL of the library
-- function held in a local. native_call = (time - moves - 10 call) / 10.
local N = tonumber(arg and arg[1]) or 1e7
local type, a = type, 1.5
for i = 1, N do
  local y1 = type(a); local y2 = type(a); local y3 = type(a); local y4 = type(a); local y5 = type(a)
  local y6 = type(a); local y7 = type(a); local y8 = type(a); local y9 = type(a); local y10 = type(a)
end
