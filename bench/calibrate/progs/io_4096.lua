-- cal key=io_per_byte variant=io.write-4096B n=5e4 base=io_64.lua extra=NATIVE:10,IOBYTE:40960
-- 10 x io.write of a 4096-byte string per iteration; run with stdout redirected to /dev/null.
-- Relative to io_64.lua only the string length differs: io_per_byte is the slope.
local N = tonumber(arg and arg[1]) or 1e5
local w, s = io.write, string.rep("abcdefgh", 4096 / 8)
for i = 1, N do
  w(s); w(s); w(s); w(s); w(s)
  w(s); w(s); w(s); w(s); w(s)
end
