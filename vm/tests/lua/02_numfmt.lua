-- number -> string formatting as print/tostring does (%.14g rules)
local vals = {
  0, 1, -1, 10, 100, 12345, 123456789, 1234567890123,
  1e14, 1e15, 1e16, 1e17, 1e100, 1e300, 1e308,
  2^24, 2^31, 2^32, 2^53, 2^63, 2^64,
  -2^31, -2^53,
  0.1, 0.5, 0.25, 1/3, 2/3, 1.5, -1.5, 3.14159265358979,
  1e-1, 1e-4, 1e-5, 1e-10, 1e-300, 5e-324,
  123.456, 1234567.891, 99999999999999, 999999999999999, 9999999999999999,
  100000000000000, 123456789012344, 123456789012346, 1234567890123456,
  0.1 + 0.2, 1 - 1e-15, 1 + 1e-14, 1 + 1e-15,
}
for i, v in ipairs(vals) do
  print(i, v, tostring(v), v .. "")
end
print("-- special values")
print(1/0, -1/0, -(1/0))
local nan = 0/0
print(nan ~= nan, nan == nan)
print(0/0)
print("-- negative zero")
local nz = -0
print(nz, 0 * -1, -0.0, 0 / -1, nz == 0)
print(1 / nz, 1 / 0)
print(tostring(nz), string.format("%g", nz), string.format("%.1f", nz))
print("-- exponent boundaries")
for e = 10, 20 do print(e, 10^e, -(10^e)) end
for e = -3, -7, -1 do print(e, 10^e, 2 * 10^e) end
print("-- near %.14g rounding")
print(0.12345678901234, 0.123456789012345, 0.1234567890123456)
print(12345678901234.25, 12345678901234.75, 1234567890123.45)
print(3.00000000000001, 3.000000000000001)
print(2^53 + 2, 2^53 * 3)
print(1e15 + 0.5, 1e15 + 1, 1e15 - 1)
