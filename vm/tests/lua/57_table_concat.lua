-- table.concat
local t = {"a", "b", "c", "d", "e"}
print(table.concat(t))
print(table.concat(t, ", "))
print(table.concat(t, "-", 2))
print(table.concat(t, "-", 2, 4))
print("[" .. table.concat(t, "-", 4, 2) .. "]")
print(table.concat(t, "", 5, 5))
print("[" .. table.concat({}) .. "]", "[" .. table.concat({}, ",") .. "]")
print(table.concat({1, 2, 3}, " + "), table.concat({1.5, -2, 1e20}, "|"))
print(table.concat({"x"}, ","))
print(table.concat({"a", "b"}, "\n"))
print(table.concat({"a", "b", "c"}, 1))
-- concat with mixed numbers and strings
local m = {}
for i = 1, 10 do m[i] = (i % 2 == 0) and i or ("s" .. i) end
print(table.concat(m, " "))
-- error on non-string element (message not printed, only status)
local ok = pcall(table.concat, {1, {}, 3})
print("table element error", ok)
local ok2 = pcall(table.concat, {1, nil, 3}, ",", 1, 3)
print("nil element error", ok2)
-- building a large string
local parts = {}
for i = 1, 1000 do parts[i] = tostring(i % 10) end
local big = table.concat(parts)
print(#big, big:sub(1, 20), big:sub(-10))
-- join helper with last separator
local function join(list, sep, last)
  if #list == 0 then return "" end
  if #list == 1 then return list[1] end
  return table.concat(list, sep, 1, #list - 1) .. last .. list[#list]
end
print(join({"red"}, ", ", " and "), join({"red", "green"}, ", ", " and "), join({"red", "green", "blue"}, ", ", " and "))
-- ranges with floats
print(table.concat({"a", "b", "c"}, "", 1.0, 2.0))
