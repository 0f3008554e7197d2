-- tonumber with and without base
local inputs = {"10", "  10  ", "10a", "", " ", "0x1F", "0X1f", "0x", "1e3", "1E-2", ".5", "5.",
  "-12", "+12", "- 12", "1 2", "abc", "0x1p4", "\t42\n", "1e", "3.14.15", "0xg", "00012", "-0x10", "1e+2"}
for _, s in ipairs(inputs) do
  print(string.format("%q", s), tonumber(s))
end
print("-- bases")
print(tonumber("ff", 16), tonumber("FF", 16), tonumber("777", 8), tonumber("11111111", 2), tonumber("z", 36), tonumber("Z", 36))
print(tonumber("10", 2), tonumber("10", 36), tonumber("2", 2), tonumber("9", 8), tonumber("g", 16))
print(tonumber("zz", 36), tonumber("helloworld", 36), tonumber("-101", 2), tonumber("  ff  ", 16))
print(tonumber("1010", 10), tonumber("7fffffff", 16), tonumber("ffffffff", 16), tonumber("", 16))
for b = 2, 36 do
  io.write(tonumber("11", b), " ")
end
print()
print("-- non-strings")
print(tonumber(42), tonumber(-0.5), tonumber(nil), tonumber(true), tonumber({}) == nil)
print(tonumber("0"), tonumber("-0"), tonumber("1e308"), tonumber("1e309"), tonumber("-1e309"))
print(tonumber("0.1") + tonumber("0.2"))
-- tonumber result type
print(type(tonumber("5")), type(tonumber("x")))
-- parsing a list of numbers
local total = 0
for tok in ("1 2.5 0x10 -3 1e1 bad 7"):gmatch("%S+") do
  local v = tonumber(tok)
  if v then total = total + v else print("skip", tok) end
end
print("total", total)
