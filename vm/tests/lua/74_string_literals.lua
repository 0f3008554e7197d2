-- string literal syntax: escapes, long strings, comments
print("tab:\t|", "newline escape follows")
print("quote \" apostrophe \' backslash \\")
print('single "double" inside', "double 'single' inside")
print("decimal escapes: \65\66\67 \0490 \x41 \97")
print(#"\0", #"\00", #"\000", #"\0000", ("\0000"):byte(1, -1))
print("bell and friends:", string.byte("\a\b\f\v"))
print("line\
continued")
print([[long string with "quotes" and 'apostrophes' and \n not an escape]])
print([[
first newline is skipped]])
print([==[contains ]] and ]=] inside]==])
print(#[[
]], #[[

]])
local multi = [[
line1
line2
line3]]
local n = 0
for _ in multi:gmatch("[^\n]+") do n = n + 1 end
print("lines", n, #multi)
--[[ a long comment
print("this is commented out")
]]
--[==[ another
  ]] still comment
]==]
print("after comments") -- trailing comment
print("\z
      skip-whitespace (\\z) escape")
print("hex \x48\x65\x6c\x6c\x6f", "\x7e\x7E")
local s = "a\tb\nc"
print(s:byte(1, -1))
print(#"é", "\195\169" == "é")
-- string comparisons involving escapes
print("\65" == "A", "\x41" == "A", "\n" == "\10", "\\" == "\92")
-- long string keeps backslashes and escapes raw
local raw = [[C:\path\to\file.txt]]
print(raw, #raw)
-- nested level delimiters
print([=[[[inner]]]=], [===[]==]]===])
