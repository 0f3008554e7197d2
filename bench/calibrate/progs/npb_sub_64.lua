-- cal key=- variant=string.sub n=5e4 base=empty.lua extra=NATIVE:10,BYTE:640
-- 10 x `local y = sub(s, 2)` per iteration producing a 64-byte string.
-- Helper: baseline of npb_sub_4096.lua (same calls, 64-byte strings).
local N = tonumber(arg and arg[1]) or 1e5
local L = 64
local sub, s = string.sub, "#" .. string.rep("abcdefgh", L / 8)
for i = 1, N do
  local y1 = sub(s, 2); local y2 = sub(s, 2); local y3 = sub(s, 2); local y4 = sub(s, 2); local y5 = sub(s, 2)
  local y6 = sub(s, 2); local y7 = sub(s, 2); local y8 = sub(s, 2); local y9 = sub(s, 2); local y10 = sub(s, 2)
end
