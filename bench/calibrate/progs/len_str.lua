-- cal key=len variant=LEN-string n=3e7 base=empty.lua
-- 10 x LEN of a string per iteration.
local N = tonumber(arg and arg[1]) or 3e7
local s, u = "hello world", "abc"
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = #s; x2 = #u; x3 = #s; x4 = #u; x5 = #s
  x6 = #u; x7 = #s; x8 = #u; x9 = #s; x10 = #u
end
