-- bit module: band, bor, bxor, bnot, tobit
print(bit.band(0xff, 0x0f), bit.bor(0xf0, 0x0f), bit.bxor(0xff, 0x0f), bit.bnot(0))
print(bit.band(12, 10), bit.bor(12, 10), bit.bxor(12, 10), bit.bnot(5))
print(bit.band(0xffffffff, 0x12345678), bit.bor(0x80000000, 1), bit.bxor(-1, 0))
print(bit.band(1, 2, 4), bit.bor(1, 2, 4, 8), bit.bxor(1, 3, 7), bit.band(-1, -1, 255))
print(bit.bnot(-1), bit.bnot(0xffffffff), bit.bnot(0x7fffffff))
print("-- tobit normalizes to signed 32-bit")
for _, v in ipairs({0, 1, -1, 2^31, 2^31 - 1, 2^32, 2^32 + 5, -2^31, -2^31 - 1, 2^52, 1.5, -1.5, 2.5, 0xdeadbeef}) do
  print(v, bit.tobit(v))
end
print("-- results are signed")
print(bit.bor(0x80000000, 0), bit.band(0xffffffff, 0xffffffff), bit.bxor(0x7fffffff, 0xffffffff))
print("-- truth table")
for a = 0, 1 do for b = 0, 1 do print(a, b, bit.band(a, b), bit.bor(a, b), bit.bxor(a, b)) end end
print("-- popcount")
local function popcount(x)
  local c = 0
  x = bit.tobit(x)
  while x ~= 0 do
    x = bit.band(x, x - 1)
    c = c + 1
  end
  return c
end
for _, v in ipairs({0, 1, 7, 255, 0x12345678, -1, 0x80000000}) do io.write(popcount(v), " ") end
print()
print("-- masks")
local flags = 0
local READ, WRITE, EXEC = 1, 2, 4
flags = bit.bor(flags, READ, EXEC)
print(flags, bit.band(flags, READ) ~= 0, bit.band(flags, WRITE) ~= 0, bit.band(flags, EXEC) ~= 0)
flags = bit.band(flags, bit.bnot(READ))
print(flags, bit.band(flags, READ) ~= 0)
flags = bit.bxor(flags, WRITE)
print(flags)
print("-- swap via xor")
local a, b = 1234, 5678
a = bit.bxor(a, b); b = bit.bxor(a, b); a = bit.bxor(a, b)
print(a, b)
