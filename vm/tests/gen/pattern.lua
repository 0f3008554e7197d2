dofile(arg and arg[0]:match("^(.*/)") and arg[0]:match("^(.*/)") .. "common.lua" or "common.lua")
local function val(v) return type(v) == "string" and v or tostring(v) end
local function pack(ok, ...)
  if not ok then return "ERR:" .. (tostring((...)):gsub("^[^:]*:%d+: ", "")) end
  local n = select('#', ...); local t = {}
  for i = 1, n do t[i] = val((select(i, ...))) end
  if n == 0 then return "nil" end
  return table.concat(t, ",")
end
local finds = {
 {"hello world", "o", 1}, {"hello world", "o", 6}, {"hello world", "l+"}, {"hello", "xyz"}, {"a+b", "+", 1, true}, {"a+b", "a+"}, {"abc", "b", -1}, {"abc", "b", -2}, {"abc", "b", -10},
 {"abc", "", 10}, {"abc", "", 4}, {"abc", "", 5, true}, {"abc", "c", 10, true}, {"abc", "", -10}, {"abc", "a)"}, {"abc", "x)"}, {"a.b", ".", 1, true}, {"a.b", "%."}, {"a\0.b", "\0."}, {"ab", "\0."}, {"xa.b", "a\0"}, {"xa\0.", "a\0."},
 {"hello", "(h)(e)(l)(l)(o)"}, {"hello", "()ll()"}, {"  x  ", "^%s*(.-)%s*$"}, {"abc", "^b"}, {"abc", "^a"}, {"abc", "c$"}, {"abc", "b$"}, {"a$b", "a$b"}, {"a^b", "a^b"}, {"a$", "a$$"}, {"ab$", "b%$"}, {"a", "$"}, {"", ""}, {"", "^$"}, {"", ".", 1},
 {"abc%", "c%"}, {"abc", "[a"}, {"abc", "[a%"}, {"abc", "%f"}, {"abc", "%fa"}, {"abc", "%1"}, {"abc", "(a)%2"}, {"abc", "(a%1)"}, {"abc", "(a"}, {"abc", "(x"}, {"abc", "%b"}, {"abc", "%ba"}, {"abc", "[]"}, {"abc", "[^]"}, {"abc", "[a\0]"}, {"abc", "[%\0]"}, {"a\0b", "%b\0)"},
 {"a\0b", "%z"}, {"a\0b", "[%z]"}, {"a\0b", "\0"}, {"a\0b", "%Z+"}, {"a\0b", ".\0"}, {"a\0b", "\0*b"}, {"abc", "%g"}, {"a b", "%G"}, {"\1 ~\127", "[%g]+"},
 {"ab", "%f[%z]"}, {"ab", "%f[^%z]"}, {"ab", "%f[a]"}, {"ab ", "%f[%A]"}, {"THE (quick) fox", "%f[%a]%a+"}, {"THE (quick) fox", "%f[%a]%a+", 2},
 {"]", "[]]"}, {"a]", "[^]]"}, {"-", "[a-]"}, {"-", "[-a]"}, {"b", "[a-c]"}, {"-", "[a-%]"}, {"%", "[%%]"}, {"a-z", "[%a-z]+"}, {"^", "[a^]"}, {"^", "[^^]"}, {"abc", "[c-a]"}, {"b", "[%w-]"}, {"x", "[a-]"}, {"a-b", "[%a-]+"}, {"x]y", "[]x]+"}, {"AbC1_", "[%u%d_]+"}, {"ab12", "[^%d]+"},
 {"aa", "()a%1"}, {"aa", "(a)()%2"}, {"xax", "()a()%1"},
 {"a,b,,c", ",,"}, {"f(a(b)c)d", "%b()"}, {"[[x]]", "%b[]"}, {"((a)", "%b()"}, {"x = 'abc'", "([\"'])(.-)%1"}, {"x = \"a'b\" y", "([\"'])(.-)%1"},
 {"\1\31\127 A", "%c+"}, {"a1!B2?", "%p"}, {"Tab\tNL\n", "%s"}, {"\v\f\r", "%s+"}, {"aB", "%l%u"}, {"0xFFg", "%x+"}, {"a b", "%S+", 2}, {"abc123", "%D+"}, {"\200\255", "%W+"}, {"\200\255a", "[\200-\255]+"},
}
print("const FIND: &[(&[u8], &[u8], i64, bool, &[u8])] = &[")
for _, c in ipairs(finds) do
  local r = pack(pcall(string.find, c[1], c[2], c[3] or 1, c[4] or false))
  print(string.format("    (b%s, b%s, %d, %s, b%s),", rs(c[1]), rs(c[2]), c[3] or 1, tostring(c[4] or false), rs(r)))
end
print("];")
local matches = {
 {"key = value", "(%w+)%s*=%s*(%w+)"}, {"  x  ", "^%s*(.-)%s*$"}, {"hello", "()ll()"}, {"(foo(bar))baz", "%b()"}, {"abc", "%bac"}, {"aaa", "%baa"}, {"abc", "((a)(b))"}, {"abc", "(a*(.)%w(%s*))"}, {"hello", ""}, {"hello", "()"},
 {"abc", "a-b"}, {"aaab", "a-b"}, {"aaab", "^a-$"}, {"aaa", "^a-$"}, {"abc", "a)"}, {"a)", "a)"}, {"abc", ")"}, {"a", "(a))"}, {"abc", "(a"}, {"hello", "()", 10}, {"hello", "l+", -2}, {"hello", "l+", -3},
 {"2024-01-15", "(%d+)-(%d+)-(%d+)"}, {"  trim me  ", "^%s*(.-)%s*$"}, {"", "^%s*(.-)%s*$"}, {"abcabc", "(abc)%1"}, {"abcab", "(abc)%1"}, {"[[long]]", "%[(=*)%[(.-)%]%1%]"}, {"a.b.c", "^(.-)%.(.*)$"}, {"a.b.c", "^(.*)%.(.-)$"},
 {"x", "x?x?x"}, {"xx", "^x?x?x$"}, {"ab", "a?b?c?"}, {"test123abc", "%a+(%d+)"}, {"path/to/file.txt", "([^/]+)$"}, {"path/to/file.txt", "^(.*)/"}, {"file.tar.gz", "%.([^.]+)$"}, {"CamelCaseString", "%u%l+", 2},
 {"one two  three", "(%S+)%s+(%S+)"}, {"-12.5e3", "^[+-]?%d+%.?%d*[eE]?[+-]?%d*$"}, {"THE END", "%f[%w]%w+$"}, {"[]", "%[%]"}, {"a%b", "%%"}, {"a\0b", "(.)%z(.)"}, {"a\0b", "[^%z]+$"},
}
print("const MATCH: &[(&[u8], &[u8], i64, &[u8])] = &[")
for _, c in ipairs(matches) do
  local r = pack(pcall(string.match, c[1], c[2], c[3] or 1))
  print(string.format("    (b%s, b%s, %d, b%s),", rs(c[1]), rs(c[2]), c[3] or 1, rs(r)))
end
print("];")
local gsubs = {
 {"hello world", "o", "0", 1}, {"hello world", "o", "0"}, {"abc", "", "-"}, {"abc", "%a*", "-"}, {"hello world", "o*", "x"}, {"abc", "^", ">"}, {"abc", "$", "<"}, {"abc", "^a*", "X"}, {"abc", "^b", "X"}, {"aaa", "^a", "X"},
 {"a.b", "%.", "%%"}, {"abc", "b", "%x"}, {"abc", "b", "%2"}, {"abc", "(b)", "%2"}, {"abc", "b", "%1"}, {"abc", "b", "%0%0"}, {"abc", "b", "%"}, {"abc", "b", "a%"}, {"abc", "(b)()", "%2"}, {"abc", "b", "%%"},
 {"abc", "(a", "x"}, {"abc", "(a", "%0"}, {"abc", "(a", "%1"}, {"abc", "(a)(b", "%1"}, {"abc", "(a)(b", "%2"}, {"abc", "()", "%1"}, {"abc", "", "%1"}, {"abc", "", "%0"},
 {"hello", "l", "L", 0}, {"hello", "l", "L", -1}, {"hello", "", "-", 2}, {"hello world", "(%w+)", "<%1>"}, {"hello world", "(%w+) (%w+)", "%2 %1"}, {"THE (quick) fox", "%f[%a]%a+", "X"}, {"abc", ".", "%0%0"},
 {"x = 1, y = 2", "(%w+) = (%w+)", "%2 = %1"}, {"  a  b  ", "%s+", " "}, {"a,b,,c", ",", ";"}, {"abc", "b*", "-"}, {"", "", "x"}, {"", "x*", "y"}, {"aaa", "a-", "-"}, {"abc", "%w", "%0%0", 2}, {"a\0b", "%z", "0"}, {"abc", ".", "%9"},
 {"abc", "b", "\0"}, {"$1.50", "%$(%d+)%.(%d+)", "%1 dollars %2 cents"}, {"abc", "[", "x"}, {"abc", "%", "x"}, {"abcabc", "(b)(c)", "%2%1"},
}
print("const GSUB: &[(&[u8], &[u8], &[u8], Option<i64>, &[u8])] = &[")
for _, c in ipairs(gsubs) do
  local ok, a, b = pcall(string.gsub, c[1], c[2], c[3], c[4])
  local r = ok and (a .. "#" .. b) or pack(ok, a)
  print(string.format("    (b%s, b%s, b%s, %s, b%s),", rs(c[1]), rs(c[2]), rs(c[3]), c[4] and ("Some(" .. c[4] .. ")") or "None", rs(r)))
end
print("];")
local gmatches = {{"hello world from lua", "%a+"}, {"abc", "%a*"}, {"abc", ""}, {"^a^a", "^a"}, {"aaa", "^a"}, {"k1=v1, k2=v2", "(%w+)=(%w+)"}, {"abc", "()"}, {"a,b,,c", "([^,]*)"}, {"one", "(o)(x?)"}, {"abc", "(a"}, {"hello", "l*"}, {"", ".*"}, {"ab", ".-"}, {"1 22 333", "%d+"}, {"abc", "[%a-"}}
print("const GMATCH: &[(&[u8], &[u8], &[u8])] = &[")
for _, c in ipairs(gmatches) do
  local ok, r = pcall(function()
    local its = {}
    for a, b, d in string.gmatch(c[1], c[2]) do
      local t = {val(a)}; if b ~= nil then t[2] = val(b) end; if d ~= nil then t[3] = val(d) end
      its[#its + 1] = table.concat(t, ",")
    end
    return table.concat(its, ";")
  end)
  print(string.format("    (b%s, b%s, b%s),", rs(c[1]), rs(c[2]), rs(ok and r or pack(false, r))))
end
print("];")
