-- shifts and rotates
for _, n in ipairs({0, 1, 4, 8, 16, 31, 32, 33, -1}) do
  print(n, bit.lshift(1, n), bit.rshift(0x80000000, n), bit.arshift(0x80000000, n), bit.rol(0x12345678, n), bit.ror(0x12345678, n))
end
print(bit.lshift(0xff, 24), bit.rshift(-1, 0), bit.rshift(-1, 1), bit.arshift(-1, 1), bit.arshift(-256, 4))
print(bit.rshift(-16, 2), bit.arshift(-16, 2), bit.lshift(-1, 31), bit.lshift(3, 30))
print(bit.rol(1, 31), bit.rol(0x80000000, 1), bit.ror(1, 1), bit.ror(0xf, 4))
print("-- shift counts use the low 5 bits")
print(bit.lshift(1, 32), bit.lshift(1, 33), bit.lshift(1, -1), bit.rshift(256, 36))
print("-- multiply/divide by powers of two")
for i = 0, 6 do io.write(bit.lshift(5, i), " ", bit.rshift(1000, i), " ", bit.arshift(-1000, i), " | ") end
print()
print("-- extract fields")
local packed = bit.bor(bit.lshift(0xAB, 24), bit.lshift(0xCD, 16), bit.lshift(0xEF, 8), 0x12)
print(bit.tohex(packed), bit.rshift(packed, 24), bit.band(bit.rshift(packed, 16), 0xff), bit.band(bit.rshift(packed, 8), 0xff), bit.band(packed, 0xff))
print("-- bswap")
print(bit.tohex(bit.bswap(0x12345678)), bit.tohex(bit.bswap(packed)), bit.bswap(bit.bswap(-5)))
print("-- rotate identities")
local v = 0x0badf00d
local ok = true
for n = 0, 40 do if bit.ror(bit.rol(v, n), n) ~= v then ok = false end end
print(ok)
print("-- hash mixing")
local h = 0x811c9dc5
for c in ("hello"):gmatch(".") do
  h = bit.bxor(h, c:byte())
  h = bit.tobit(h * 16777619 % 2^32)
end
print(bit.tohex(h))
