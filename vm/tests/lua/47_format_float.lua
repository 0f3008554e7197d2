-- string.format float conversions (avoid exact decimal ties)
local vals = {0, 1, -1, 3.14159, -2.71828, 0.1, 1/3, 123456.789, 1e-7, 1e20, 6.02214076e23, 1.6e-19}
for _, v in ipairs(vals) do
  print(string.format("%f|%.2f|%10.3f|%-10.1f|%e|%.3e|%g|%.3g|%G", v, v, v, v, v, v, v, v, v))
end
print("-- flags")
print(string.format("[%+.2f] [% .2f] [%08.3f] [%-8.2f] [%+08.2f]", 3.14159, 3.14159, -3.14159, 2.71828, 2.71828))
print(string.format("[%#.0f] [%.0f] [%#g] [%#.3g]", 3.7, 3.7, 2.0, 1.0))
print("-- %g switching between fixed and exponent")
for _, v in ipairs({1e-5, 1e-4, 0.001, 1, 10, 1e5, 1e6, 1e7, 123456, 1234567, 0.00012345, 12345.6789}) do
  print(v, string.format("%g", v), string.format("%.10g", v), string.format("%.2g", v))
end
print("-- %.14g is what tostring uses")
for _, v in ipairs({0.1, 1/3, 2/3, 1e15, 1e16, 123.456, 2^53}) do
  print(string.format("%.14g", v) == tostring(v), string.format("%.14g", v))
end
print("-- %5.2f table")
for i = 1, 10 do
  local v = i * 1.1
  print(string.format("%5.2f %8.4f %-8.3f|", v, v / 3, v * v))
end
print("-- special values")
print(string.format("%f %f %.2f", 1/0, -1/0, 1/0), string.format("%e %g", 1/0, -1/0))
print(string.format("%.3f %g", -0.0, -0.0))
print(string.format("%.20f", 0.1), string.format("%.17g", 0.1), string.format("%.17g", 1/3))
print(string.format("%.0e|%.1e|%.10e", 123456, 0.000987, math.pi))
