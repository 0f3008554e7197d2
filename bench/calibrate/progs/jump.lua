-- cal key=jump variant=JMP n=3e7 base=empty.lua
-- 10 x (JMP + MOV) per iteration: `goto l ::l:: x = a`. (A goto straight to another goto
-- would be short-circuited by LuaJIT's parser, so each label is followed by a MOV.)
local N = tonumber(arg and arg[1]) or 3e7
local a = 1.5
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  goto l1; ::l1:: x1 = a; goto l2; ::l2:: x2 = a; goto l3; ::l3:: x3 = a
  goto l4; ::l4:: x4 = a; goto l5; ::l5:: x5 = a; goto l6; ::l6:: x6 = a
  goto l7; ::l7:: x7 = a; goto l8; ::l8:: x8 = a; goto l9; ::l9:: x9 = a
  goto l10; ::l10:: x10 = a
end
