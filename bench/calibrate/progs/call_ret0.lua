-- cal key=call variant=CALL+FUNCF(split) n=1e7 base=empty.lua extra=FUNCF:10,RET0:10 split=ret
-- 10 calls of an empty local function per iteration: 10 x (MOV + CALL) in the loop and
-- 10 x (FUNCF + RET0) in the callee. Timing gives CALL + FUNCF + RET0 together; run.sh
-- splits it with a CPU-time profile of this program (share of samples in the RET0
-- handler versus the CALL and FUNCF handlers). hotsim charges `call` for CALL and again
-- for FUNCF, so call = (CALL + FUNCF) / 2 and ret = RET0.
local N = tonumber(arg and arg[1]) or 1e7
local function f() end
for i = 1, N do
  f(); f(); f(); f(); f()
  f(); f(); f(); f(); f()
end
