-- cal key=concat variant=CAT-3op-interned n=3e6 base=empty.lua extra=BYTE:60
-- 10 x `x = s .. t .. u` per iteration: 3 MOV + one CAT with 2 operand pairs, 6-byte result.
local N = tonumber(arg and arg[1]) or 3e6
local a, b, c, d, e = "ab", "cd", "ef", "gh", "ij"
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = a .. b .. c; x2 = b .. c .. d; x3 = c .. d .. e; x4 = d .. e .. a; x5 = e .. a .. b
  x6 = a .. c .. e; x7 = b .. d .. a; x8 = c .. e .. b; x9 = d .. a .. c; x10 = e .. b .. d
end
