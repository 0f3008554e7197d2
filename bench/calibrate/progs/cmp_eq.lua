-- cal key=compare variant=ISEQV/ISNEV/ISEQN/ISNEN n=3e7 base=empty.lua
-- 10 numeric equality tests per iteration: 5 against a register, 5 against a constant.
local N = tonumber(arg and arg[1]) or 3e7
local a, b, c, d, e = 1.5, 2.5, 3.5, 4.5, 5.5
for i = 1, N do
  if a == b then end; if b ~= c then end; if c == d then end; if d ~= e then end; if e == a then end
  if a == 1 then end; if b ~= 2 then end; if c == 3 then end; if d ~= 4 then end; if e == 5.5 then end
end
