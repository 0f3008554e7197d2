-- cal key=native_call variant=math.max(a,b) n=1e7 base=empty.lua extra=NATIVE:10
-- 10 x `local y = max(a, b)` per iteration: argument MOVs/constant loads + CALL of the library
-- function held in a local. native_call = (time - moves - 10 call) / 10.
local N = tonumber(arg and arg[1]) or 1e7
local max, a, b = math.max, 1.5, 2.5
for i = 1, N do
  local y1 = max(a, b); local y2 = max(a, b); local y3 = max(a, b); local y4 = max(a, b); local y5 = max(a, b)
  local y6 = max(a, b); local y7 = max(a, b); local y8 = max(a, b); local y9 = max(a, b); local y10 = max(a, b)
end
