-- cal key=native_call variant=math.random() n=1e7 base=empty.lua extra=NATIVE:10
-- 10 x `local y = random()` per iteration: argument MOVs/constant loads + CALL of the library
-- function held in a local. native_call = (time - moves - 10 call) / 10.
local N = tonumber(arg and arg[1]) or 1e7
local random = math.random
for i = 1, N do
  local y1 = random(); local y2 = random(); local y3 = random(); local y4 = random(); local y5 = random()
  local y6 = random(); local y7 = random(); local y8 = random(); local y9 = random(); local y10 = random()
end
