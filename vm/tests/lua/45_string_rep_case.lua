-- string.rep, upper, lower, reverse
print(("ab"):rep(3), ("ab"):rep(1), "[" .. ("ab"):rep(0) .. "]", "[" .. ("ab"):rep(-1) .. "]")
print(("x"):rep(10), #("abc"):rep(100), ("-"):rep(20))
print(("ab"):rep(3, ","), ("x"):rep(1, ","), "[" .. ("x"):rep(0, ",") .. "]")
print(("a"):rep(2.0))
print(string.upper("Hello World 123 !@#"), string.lower("Hello World 123 !@#"))
print(("MiXeD"):upper(), ("MiXeD"):lower(), (""):upper())
print(string.reverse("abc"), string.reverse(""), string.reverse("a"), ("racecar"):reverse())
-- palindromes
local words = {"level", "Lua", "noon", "rotor", "hello", "Aba", "a", ""}
for _, w in ipairs(words) do
  print(w, w:lower() == w:lower():reverse())
end
-- box drawing with rep
local function box(text)
  local line = "+" .. ("-"):rep(#text + 2) .. "+"
  return line .. "\n| " .. text .. " |\n" .. line
end
print(box("hotsim"))
print(box(""))
-- triangle
for i = 1, 5 do print((" "):rep(5 - i) .. ("*"):rep(2 * i - 1)) end
-- upper/lower leave non-ASCII bytes alone
print(("\200abc\255"):upper():byte(1, -1))
-- title case
local function title(s) return (s:gsub("(%a)(%w*)", function(a, b) return a:upper() .. b:lower() end)) end
print(title("the QUICK brown fOX"))
-- swapcase
local function swap(s) return (s:gsub("%a", function(c) return c == c:upper() and c:lower() or c:upper() end)) end
print(swap("Hello World"))
