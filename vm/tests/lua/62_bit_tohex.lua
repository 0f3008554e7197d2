-- bit.tohex with widths and negatives
print(bit.tohex(0), bit.tohex(1), bit.tohex(255), bit.tohex(-1), bit.tohex(0x7fffffff), bit.tohex(0x80000000))
for _, w in ipairs({1, 2, 3, 4, 6, 8, -1, -2, -4, -8}) do
  print(w, bit.tohex(0xabcdef12, w), bit.tohex(-2, w), bit.tohex(255, w))
end
print(bit.tohex(2^32 + 16), bit.tohex(-2^31), bit.tohex(0x12345678, 7), bit.tohex(-0x12345678, -5))
print(bit.tohex(1.5), bit.tohex(3.99))
-- hex table
local rows = {}
for i = 0, 15 do rows[#rows + 1] = bit.tohex(i * 17, 2) end
print(table.concat(rows, " "))
-- compare with string.format
local same = true
for _, v in ipairs({0, 1, 10, 255, 4096, 65535, 0x12345678, 0x7fffffff}) do
  if bit.tohex(v) ~= string.format("%08x", v) then same = false end
end
print("tohex == %08x", same)
-- colors
local function rgb(r, g, b) return bit.bor(bit.lshift(r, 16), bit.lshift(g, 8), b) end
for _, c in ipairs({{255, 0, 0}, {0, 128, 255}, {18, 52, 86}}) do
  print("#" .. bit.tohex(rgb(c[1], c[2], c[3]), 6), "#" .. bit.tohex(rgb(c[1], c[2], c[3]), -6))
end
