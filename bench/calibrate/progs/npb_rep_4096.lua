-- cal key=native_per_byte variant=string.rep n=5e4 base=npb_rep_64.lua extra=NATIVE:10,BYTE:40960
-- 10 x `local y = rep(c, L)` per iteration producing a 4096-byte string.
-- Relative to npb_rep_64.lua only the string length differs: native_per_byte is the slope.
local N = tonumber(arg and arg[1]) or 1e5
local L = 4096
local rep, c = string.rep, "x"
for i = 1, N do
  local y1 = rep(c, L); local y2 = rep(c, L); local y3 = rep(c, L); local y4 = rep(c, L); local y5 = rep(c, L)
  local y6 = rep(c, L); local y7 = rep(c, L); local y8 = rep(c, L); local y9 = rep(c, L); local y10 = rep(c, L)
end
