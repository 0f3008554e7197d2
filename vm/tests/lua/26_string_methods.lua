-- string methods via s:method() and string.xxx
local s = "Hello, World"
print(s:len(), s:upper(), s:lower(), s:reverse())
print(s:sub(1, 5), s:sub(-5), s:sub(8, -1), s:sub(-5, -3))
print(s:byte(1), s:byte(-1), s:byte(1, 3))
print(s:find("World"), s:find("o"), s:find("o", 6), s:find("xyz"))
print(s:match("(%a+), (%a+)"))
print(s:gsub("o", "0"))
print(s:rep(2, " | "))
print(("%d items"):format(3), ("abc"):upper(), ("x"):rep(5))
local str = "chain"
print(str:upper():lower():reverse():rep(2))
print(#s, #"", #"\0\0", ("\0abc"):len())
-- methods on string literal need parens
print(("test"):sub(2, 3), ("%5.1f"):format(3.14159))
-- string.xxx equivalence
print(string.upper(s) == s:upper(), string.len(s) == #s)
-- method call on number result of concat
local n = 42
print((n .. ""):rep(3))
-- iterate chars via byte
local sum = 0
for i = 1, #s do sum = sum + s:byte(i) end
print("byte sum", sum)
-- gmatch method
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w:lower() end
print(table.concat(words, "+"))
-- string functions with multiple arguments
print(("a,b,,c"):find(",", 1, true), ("a.b"):find(".", 1, true), ("a.b"):find("."))
-- adding methods to the string table makes them available on all strings
function string.shout(x) return x:upper() .. "!" end
print(("hey"):shout(), s:shout())
string.shout = nil
print(type(("x").shout))
-- trim idiom
local function trim(x) return (x:gsub("^%s+", ""):gsub("%s+$", "")) end
print("[" .. trim("   padded text  \t\n") .. "]")
print("[" .. ("  x  "):match("^%s*(.-)%s*$") .. "]")
-- split idiom
local function split(x, sep)
  local out = {}
  for piece in (x .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = piece end
  return out
end
local parts = split("a,b,,c,", ",")
print(#parts, table.concat(parts, "|"))
parts = split("one.two.three", ".")
print(#parts, table.concat(parts, "|"))
