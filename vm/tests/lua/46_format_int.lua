-- string.format integer conversions
local nums = {0, 1, -1, 42, -42, 255, 65535, 2^31 - 1, -2^31, 2^32, 1e15, -1e15}
for _, n in ipairs(nums) do
  print(string.format("%d|%5d|%-5d|%05d|%+d|% d|%i", n, n, n, n, n, n, n))
end
print("-- hex/octal")
for _, n in ipairs({0, 1, 10, 255, 4096, 65535, 3735928559, 2^40}) do
  print(string.format("%x|%X|%08x|%#x|%o|%#o", n, n, n, n, n, n))
end
print("-- non-integer arguments are truncated toward zero")
print(string.format("%d %d %d %d", 3.7, -3.7, 0.5, -0.5))
print(string.format("%x %X %o", 255.9, 255.1, 8.8))
print(string.format("%d", "42"), string.format("%d", " 17 "), string.format("%5.3d", 7))
print("-- precision on integers")
print(string.format("[%.3d] [%.0d] [%8.4d] [%-8.4d]", 5, 0, 42, 42))
print("-- %c")
print(string.format("%c%c%c", 76, 117, 97), string.format("[%3c]", 65), string.format("[%-3c]", 66))
print("-- table of widths")
for w = 1, 6 do print(string.format("%" .. w .. "d|%-" .. w .. "d|", 123, 123)) end
print("-- large values")
print(string.format("%d", 2^53), string.format("%d", -2^53), string.format("%x", 2^53))
print(string.format("%d", 9007199254740993))
