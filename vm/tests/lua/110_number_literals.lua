-- Number literals as LuaJIT's lexer reads them: hex floats with fractions and binary
-- exponents, extremes, and malformed numbers reported before anything runs.

print(0x10, 0xff, 0XA, 0x.8, 0x1p4, 0xA.8P-1, 0x1P+2, 0x.1p4)
print(0x1p-1074, 0x3p-1075, 0x1.fffffffffffffp1023, 0x1p1024, -0x1p1024)
print(1e308 * 10, 5e-324, .5, 5., 3e2, 3E-2, 0x10 + 0x1p0)
print(3 .. 4, 0x1p4 .. "")

for _, src in ipairs({
  "return 1..2", "return 0x", "return 1e", "return 1e+", "return 0xe-1",
  "return 0U", "return 12abc", "return 0x1p", "return 3.4.5", "x = 0xg",
}) do
  local f, err = loadstring(src, "=lit")
  print(src, f and "compiles" or err)
end
