-- cal key=concat variant=CAT-2op-new n=3e5 base=concat_new_base.lua extra=BYTE:105
-- Per iteration: a string p = p1[i % 4096 + 1] .. p2[i % 4099 + 1] that is different in
-- every iteration (all of that, and building the pools, is in the baseline
-- concat_new_base.lua), then 10 x `x = p .. s` or `x = s .. p` (MOV, MOV, CAT; 1 operand
-- pair). Every CAT result is a string that never existed before, so each one is allocated
-- (and later collected), while the heap and string table stay small. Mean result length
-- is 10.5 bytes.
local N = tonumber(arg and arg[1]) or 1e6
local p1, p2 = {}, {}
for k = 1, 4096 do p1[k] = "p" .. k end
for k = 1, 4099 do p2[k] = "q" .. k end
local a, b, c, d, e = "a", "b", "c", "d", "e"
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  local p = p1[i % 4096 + 1] .. p2[i % 4099 + 1]
  x1 = p .. a; x2 = p .. b; x3 = p .. c; x4 = p .. d; x5 = p .. e
  x6 = a .. p; x7 = b .. p; x8 = c .. p; x9 = d .. p; x10 = e .. p
end
