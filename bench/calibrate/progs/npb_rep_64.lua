-- cal key=- variant=string.rep n=5e4 base=empty.lua extra=NATIVE:10,BYTE:640
-- 10 x `local y = rep(c, L)` per iteration producing a 64-byte string.
-- Helper: baseline of npb_rep_4096.lua (same calls, 64-byte strings).
local N = tonumber(arg and arg[1]) or 1e5
local L = 64
local rep, c = string.rep, "x"
for i = 1, N do
  local y1 = rep(c, L); local y2 = rep(c, L); local y3 = rep(c, L); local y4 = rep(c, L); local y5 = rep(c, L)
  local y6 = rep(c, L); local y7 = rep(c, L); local y8 = rep(c, L); local y9 = rep(c, L); local y10 = rep(c, L)
end
