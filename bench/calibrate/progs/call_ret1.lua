-- cal key=ret variant=RET1 n=1e7 base=empty.lua extra=FUNCF:10,KSHORT:10,RET1:10
-- 10 calls of `function() return 1 end` per iteration, result kept: 10 x (MOV + CALL) in
-- the loop and 10 x (FUNCF + KSHORT + RET1) in the callee. With call known (from
-- call_ret0.lua): ret = (time - 10 move - 20 call - 10 move) / 10.
local N = tonumber(arg and arg[1]) or 1e7
local function f() return 1 end
for i = 1, N do
  local y1 = f(); local y2 = f(); local y3 = f(); local y4 = f(); local y5 = f()
  local y6 = f(); local y7 = f(); local y8 = f(); local y9 = f(); local y10 = f()
end
