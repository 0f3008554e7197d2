-- cal key=native_call variant=rawget n=1e7 base=empty.lua extra=NATIVE:10
-- 10 x `local y = rawget(t, 2)` per iteration: argument MOVs/constant loads + CALL of the library
-- function held in a local. native_call = (time - moves - 10 call) / 10.
local N = tonumber(arg and arg[1]) or 1e7
local rawget, t = rawget, {1, 2, 3}
for i = 1, N do
  local y1 = rawget(t, 2); local y2 = rawget(t, 2); local y3 = rawget(t, 2); local y4 = rawget(t, 2); local y5 = rawget(t, 2)
  local y6 = rawget(t, 2); local y7 = rawget(t, 2); local y8 = rawget(t, 2); local y9 = rawget(t, 2); local y10 = rawget(t, 2)
end
