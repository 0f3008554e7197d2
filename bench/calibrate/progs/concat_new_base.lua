-- cal key=- variant=helper n=3e5 base=empty.lua
-- Helper: baseline of concat_new.lua: the same pools and the same per-iteration string p,
-- without the 10 concatenations.
local N = tonumber(arg and arg[1]) or 1e6
local p1, p2 = {}, {}
for k = 1, 4096 do p1[k] = "p" .. k end
for k = 1, 4099 do p2[k] = "q" .. k end
local a, b, c, d, e = "a", "b", "c", "d", "e"
local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10
for i = 1, N do
  local p = p1[i % 4096 + 1] .. p2[i % 4099 + 1]
end
