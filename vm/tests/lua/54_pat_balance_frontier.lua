-- %b and %f
print(("x = (a + (b * c)) + (d)"):match("%b()"))
print(("{outer {inner} end}"):match("%b{}"))
print(("no parens"):match("%b()"))
print(("unbalanced (a (b)"):match("%b()"))
print(("[[nested]] [x]"):gsub("%b[]", "#"))
print(("if (a) then (b) end"):gsub("%b()", function(g) return g:upper() end))
print(("<<a>b>"):match("%b<>"), ("''x''"):match("%b''"))
-- strip nested comments-ish
local src = "keep (remove (this)) keep (and this) end"
print((src:gsub("%s*%b()", "")))
-- frontier
print(("THE (quick) fox"):find("%f[%a]%a+"))
print(("hello world"):gsub("%f[%w]%w+", function(w) return w:sub(1, 1):upper() .. w:sub(2) end))
local words = {}
for w in ("the cat, the hat; then theme"):gmatch("%f[%a]the%f[%A]") do words[#words + 1] = w end
print("whole-word 'the' count", #words)
print(("the cat, the hat; then theme"):gsub("%f[%a]the%f[%A]", "THE"))
print(("AAA bbb CCC"):gsub("%f[%u]%u+", "<%0>"))
-- frontier at string start/end
print(("word"):find("%f[%w]"), ("word"):find("%f[%W]"))
print(("123abc456"):gsub("%f[%d]%d+", "N"))
print(("aXbXc"):gsub("%f[X]", "|"))
-- count sentences by frontier of uppercase after space
local text = "One. Two three. Four five six. seven"
local n = 0
for _ in text:gmatch("%f[%u]%u") do n = n + 1 end
print("capitalised words", n)
-- %b with same open/close
print(("a|b|c|d"):match("%b||"))
-- balanced expression extraction
local expr = "f(g(x), h(y, z)) + k(w)"
local calls = {}
for name, args in expr:gmatch("(%a)(%b())") do calls[#calls + 1] = name .. args end
print(table.concat(calls, " ; "))
