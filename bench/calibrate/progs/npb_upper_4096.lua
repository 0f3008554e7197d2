-- cal key=native_per_byte variant=string.upper n=5e4 base=npb_upper_64.lua extra=NATIVE:10,BYTE:40960
-- 10 x `local y = upper(s)` per iteration producing a 4096-byte string.
-- Relative to npb_upper_64.lua only the string length differs: native_per_byte is the slope.
local N = tonumber(arg and arg[1]) or 1e5
local L = 4096
local upper, s = string.upper, string.rep("abcdefgh", L / 8)
for i = 1, N do
  local y1 = upper(s); local y2 = upper(s); local y3 = upper(s); local y4 = upper(s); local y5 = upper(s)
  local y6 = upper(s); local y7 = upper(s); local y8 = upper(s); local y9 = upper(s); local y10 = upper(s)
end
