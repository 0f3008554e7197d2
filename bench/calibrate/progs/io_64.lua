-- cal key=info variant=io.write-64B n=5e4 base=empty.lua extra=NATIVE:10,IOBYTE:640
-- 10 x io.write of a 64-byte string per iteration; run with stdout redirected to /dev/null.
-- Baseline of io_4096.lua; against empty.lua it gives the per-call overhead of io.write.
local N = tonumber(arg and arg[1]) or 1e5
local w, s = io.write, string.rep("abcdefgh", 64 / 8)
for i = 1, N do
  w(s); w(s); w(s); w(s); w(s)
  w(s); w(s); w(s); w(s); w(s)
end
