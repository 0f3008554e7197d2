-- cal key=native_call variant=string.byte n=1e7 base=empty.lua extra=NATIVE:10
-- 10 x `local y = byte(s, 2)` per iteration: argument MOVs/constant loads + CALL of the library
-- function held in a local. native_call = (time - moves - 10 call) / 10.
local N = tonumber(arg and arg[1]) or 1e7
local byte, s = string.byte, "hello"
for i = 1, N do
  local y1 = byte(s, 2); local y2 = byte(s, 2); local y3 = byte(s, 2); local y4 = byte(s, 2); local y5 = byte(s, 2)
  local y6 = byte(s, 2); local y7 = byte(s, 2); local y8 = byte(s, 2); local y9 = byte(s, 2); local y10 = byte(s, 2)
end
