-- cal key=concat variant=CAT-2op-interned n=3e6 base=empty.lua extra=BYTE:40
-- 10 x `x = s .. t` per iteration: MOV, MOV, CAT (1 operand pair, 4-byte result).
-- The result string already exists, so LuaJIT's interning finds it and allocates nothing.
local N = tonumber(arg and arg[1]) or 3e6
local a, b, c, d, e = "ab", "cd", "ef", "gh", "ij"
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = a .. b; x2 = b .. c; x3 = c .. d; x4 = d .. e; x5 = e .. a
  x6 = a .. c; x7 = b .. d; x8 = c .. e; x9 = d .. a; x10 = e .. b
end
