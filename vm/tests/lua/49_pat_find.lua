-- string.find: patterns, init, plain
local s = "hello world, hello lua"
print(s:find("hello"), s:find("hello", 2), s:find("hello", -9), s:find("lua", -3))
print(s:find("o", 1), s:find("o", 6), s:find("o", 100), s:find("", 1), s:find("", 100))
print(s:find("", 23), s:find("", 24), s:find("h", 0), s:find("h", -100))
print(s:find("l+"), s:find("(o)(r)"), s:find("w(or)ld"))
print(s:find("xyz"), s:find("^hello"), s:find("^world"), s:find("lua$"), s:find("hello$"))
print("-- plain find ignores magic characters")
local p = "a.b*c+d?e[f]g(h)i%j^k$"
print(p:find(".", 1, true), p:find("*", 1, true), p:find("[f]", 1, true), p:find("%j", 1, true))
print(p:find("(h)", 1, true), p:find("^k", 1, true), p:find("$", 1, true), p:find("g(", 1, true))
print(p:find(".", 1), p:find("%.", 1), p:find("%*"), p:find("%[f%]"))
print(("a+b"):find("+", 1, true), ("a+b"):find("%+"), ("aaa"):find("a", 2, true))
print("-- captures returned after indices")
print(("key = value"):find("(%w+)%s*=%s*(%w+)"))
print(("2024-01-15"):find("(%d+)-(%d+)-(%d+)"))
print(("abc"):find("()b()"))
print("-- loop over all occurrences")
local text = "the cat sat on the mat with the hat"
local pos = 1
local found = {}
while true do
  local a, b = text:find("the", pos, true)
  if not a then break end
  found[#found + 1] = a .. "-" .. b
  pos = b + 1
end
print(table.concat(found, " "))
local words = {}
local i = 1
while true do
  local a, b, w = text:find("(%a+at)", i)
  if not a then break end
  words[#words + 1] = w
  i = b + 1
end
print(table.concat(words, ","))
print("-- empty pattern and special init")
print(("abc"):find(""), ("abc"):find("", 4), ("abc"):find("", 5), (""):find(""), (""):find("", 1))
print(("abc"):find("c", -1), ("abc"):find("a", -1), ("abc"):find("b", -2))
