-- cal key=compare variant=ISLT/ISGE/ISLE/ISGT n=3e7 base=empty.lua
-- 10 numeric order comparisons with their conditional jump per iteration
-- (`if a < b then end` is ISGE + JMP; LuaJIT's compare handlers consume the JMP).
local N = tonumber(arg and arg[1]) or 3e7
local a, b, c, d, e = 1.5, 2.5, 3.5, 4.5, 5.5
for i = 1, N do
  if a < b then end; if b <= c then end; if c > d then end; if d >= e then end; if e < a then end
  if a > c then end; if b < d then end; if c >= e then end; if d <= a then end; if e > b then end
end
