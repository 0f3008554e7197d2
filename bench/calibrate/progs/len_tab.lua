-- cal key=len variant=LEN-table n=1e7 base=empty.lua
-- 10 x LEN of a table per iteration (100 and 37 elements appended one by one, as
-- t[#t+1] = v builds them).
local N = tonumber(arg and arg[1]) or 1e7
local t, u = {}, {}
for i = 1, 100 do t[#t + 1] = i end
for i = 1, 37 do u[#u + 1] = i end
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  x1 = #t; x2 = #u; x3 = #t; x4 = #u; x5 = #t
  x6 = #u; x7 = #t; x8 = #u; x9 = #t; x10 = #u
end
