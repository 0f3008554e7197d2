-- quantifiers * + - ?
local tests = {
  {"aaab", "a*"}, {"aaab", "a+"}, {"aaab", "a-"}, {"aaab", "a-b"}, {"aaab", "a?"}, {"b", "a?b"},
  {"ab", "a?b"}, {"aab", "a?b"}, {"xyz", "x*y+z?"}, {"", "a*"}, {"", "a+"}, {"color colour", "colou?r"},
  {"<<>>", "<+>+"}, {"12345", "%d-5"}, {"12345", "%d-"}, {"abc123", "%a*%d+"}, {"   x", "%s*x"},
  {"aaa", "^a-$"}, {"aXbXc", ".-X"}, {"aXbXc", ".*X"}, {"ab", "[ab]*"}, {"ba", "[ab]-a"},
  {"x--y", "%-+"}, {"a??", "%?+"}, {"foo123bar", "%a+(%d*)%a+"}, {"foobar", "%a+(%d*)%a+"},
}
for i, t in ipairs(tests) do
  local s, p = t[1], t[2]
  local a, b, c = s:find(p)
  print(i, string.format("%q", s), p, a, b, c, s:match(p))
end
print("-- backtracking")
print(("aaaaaaaaab"):match("a*ab"), ("aaaa"):match("a*aaaa"), ("abcabc"):match("(.*)c"), ("abcabc"):match("(.-)c"))
print(("one two three"):match("(.*) (.*)"), ("one two three"):match("(.-) (.*)"))
print("-- ? applies to single char or class only")
print(("ac"):match("ab?c"), ("abc"):match("ab?c"), ("abbc"):match("ab?c"))
print(("x1"):match("x%d?"), ("x"):match("x%d?"), ("xa"):match("x[%d]?a"))
print("-- empty matches in gsub (Lua 5.1 rules)")
print(("aaa"):gsub("a*", "-"), ("baaac"):gsub("a*", "-"), ("abc"):gsub("b*", "X"))
print(("hello"):gsub("l*", "L"))
print(("a1b22c333"):gsub("%d+", "#"), ("a1b22c333"):gsub("%d-", "#"))
