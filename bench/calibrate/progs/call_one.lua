-- cal key=- variant=helper n=1e7 base=empty.lua extra=FUNCF:1,RET0:1
-- Helper (baseline of call_tail.lua): one call of an empty local function per iteration:
-- MOV + CALL in the loop, FUNCF + RET0 in the callee.
local N = tonumber(arg and arg[1]) or 1e7
local function f() end
for i = 1, N do
  f()
end
