-- cal key=compare variant=ISEQS/ISNES n=3e7 base=empty.lua
-- 10 string-constant equality tests per iteration.
local N = tonumber(arg and arg[1]) or 3e7
local s, u = "alpha", "beta"
for i = 1, N do
  if s == "alpha" then end; if u ~= "alpha" then end; if s == "beta" then end; if u ~= "beta" then end; if s == "x" then end
  if u == "alpha" then end; if s ~= "alpha" then end; if u == "beta" then end; if s ~= "beta" then end; if u == "x" then end
end
