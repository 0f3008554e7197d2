-- string.len and string.sub with all kinds of indices
local s = "abcdefghij"
print(#s, s:len(), string.len(""), string.len("a\0b"))
local cases = {
  {1, 3}, {3}, {-3}, {-3, -2}, {0}, {0, 2}, {5, 4}, {5, 5}, {-100, 2}, {8, 100},
  {-1, -1}, {11}, {10, 10}, {2, -2}, {-5, 7}, {100}, {-100}, {0, 0}, {3, -100},
}
for _, c in ipairs(cases) do
  local r = s:sub(c[1], c[2])
  print(c[1], c[2], "[" .. r .. "]", #r)
end
-- sub with float indices
print(s:sub(2.0, 4.0))
-- sub on empty
print("[" .. (""):sub(1, 1) .. "]", "[" .. (""):sub(0) .. "]", "[" .. (""):sub(-1) .. "]")
-- strings with embedded zeros
local z = "a\0b\0c"
print(#z, z:sub(2, 2) == "\0", z:sub(3, 3), z:byte(4))
-- all suffixes and prefixes
for i = 1, 5 do io.write(s:sub(i, i + 2), ",") end
print()
for i = -1, -5, -1 do io.write(s:sub(i), ",") end
print()
-- sub used for char iteration
local rev = {}
for i = #s, 1, -1 do rev[#rev + 1] = s:sub(i, i) end
print(table.concat(rev))
-- length of multi-byte UTF-8 is byte count
print(#"héllo", #"日本")
