-- cal key=info variant=CALLT+FUNCF-hop n=1e7 base=call_one.lua extra=FUNCF:11,UGET:10,CALLT:10,RET0:1
-- Informational: like call_one.lua, but the called function reaches the empty function
-- through a chain of 10 tail calls, so relative to call_one.lua an iteration executes
-- 10 x (UGET + CALLT + FUNCF) more. The residual shows how much more a tail call costs
-- than the 2 x call hotsim charges for CALLT + FUNCF.
local N = tonumber(arg and arg[1]) or 1e7
local function f() end
local function g10() return f() end
local function g9() return g10() end
local function g8() return g9() end
local function g7() return g8() end
local function g6() return g7() end
local function g5() return g6() end
local function g4() return g5() end
local function g3() return g4() end
local function g2() return g3() end
local function g1() return g2() end
for i = 1, N do
  g1()
end
