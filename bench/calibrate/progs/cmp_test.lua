-- cal key=compare variant=IST/ISF/ISEQP/ISNEP n=3e7 base=empty.lua
-- 10 truth / nil tests per iteration.
local N = tonumber(arg and arg[1]) or 3e7
local a, f, n = 1.5, false, nil
for i = 1, N do
  if a then end; if not f then end; if n then end; if not a then end; if a == nil then end
  if f then end; if not n then end; if n ~= nil then end; if f == nil then end; if a ~= nil then end
end
