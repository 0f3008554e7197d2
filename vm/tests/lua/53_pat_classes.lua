-- character classes and sets
local all = {}
for i = 0, 127 do all[#all + 1] = string.char(i) end
local ascii = table.concat(all)
local classes = {"%a", "%d", "%l", "%u", "%s", "%w", "%x", "%p", "%c", "%A", "%D", "%S", "%W", "%P", "%L", "%U", "%X", "%C"}
for _, cl in ipairs(classes) do
  local _, n = ascii:gsub(cl, "")
  local printable = ascii:gsub("[^" .. cl .. "]", ""):gsub("%c", "")
  print(cl, n, printable:sub(1, 40))
end
print("-- sets")
local s = "Hello, World! 123_abc-XYZ"
local sets = {"[aeiou]", "[^aeiou]", "[a-z]", "[A-Z]", "[0-9]", "[a-fA-F0-9]", "[%a_]", "[%-]", "[-a]", "[a-]", "[%]]", "[]]", "[^%s%p]", "[,!]", "[%d%u]", "[_%-]"}
for _, set in ipairs(sets) do
  local out = {}
  for c in s:gmatch(set) do out[#out + 1] = c end
  print(set, #out, table.concat(out))
end
print(("a]b"):match("[]]"), ("a^b"):match("[%^]"), ("a^b"):match("[b^]"), ("x-y"):match("[x%-]+"))
print("-- escapes of non-alphanumerics")
print(("a.b"):match("%."), ("1+2"):match("%d%+%d"), ("(x)"):match("%((.)%)"), ("100%"):match("%d+%%"))
print("-- . matches any byte including newline and zero")
print(#("a\nb\0c"):match("a.b.c"))
print("-- classes on high bytes")
local hb = "\200\201abc"
print(#hb:gsub("%a", ""), #hb:gsub("[\200-\255]", ""))
print("-- identifiers")
local code = "local x1 = foo_bar(y, _z) + 42 - b2b"
local ids = {}
for id in code:gmatch("[%a_][%w_]*") do ids[#ids + 1] = id end
print(table.concat(ids, " "))
