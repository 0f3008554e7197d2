-- string.byte and string.char
print(string.byte("A"), string.byte("ABC", 2), string.byte("ABC", -1), string.byte("ABC", 1, 3))
print(string.byte("ABC", 0), string.byte("ABC", 4), string.byte(""), select('#', string.byte("")))
print(select('#', string.byte("hello", 1, -1)), select('#', string.byte("hi", 3, 5)))
print(string.byte("\0"), string.byte("\255"), string.byte("\n"), string.byte("\t"))
print(string.char(72, 101, 108, 108, 111), string.char(), #string.char(0, 0))
print(string.char(97):rep(3), string.char(string.byte("xyz", 1, -1)))
-- round-trip all bytes
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
print(#s)
local ok = true
for i = 0, 255 do if s:byte(i + 1) ~= i then ok = false end end
print("roundtrip", ok)
-- caesar cipher
local function caesar(str, k)
  return (str:gsub("%a", function(ch)
    local base = ch:lower() == ch and 97 or 65
    return string.char((ch:byte() - base + k) % 26 + base)
  end))
end
local enc = caesar("Hello, World!", 3)
print(enc, caesar(enc, -3))
-- checksum
local function checksum(str)
  local sum = 0
  for i = 1, #str do sum = (sum * 31 + str:byte(i)) % 1000000007 end
  return sum
end
print(checksum("the quick brown fox"), checksum(""), checksum(s))
-- hex dump
local function hex(str)
  local t = {}
  for i = 1, #str do t[i] = string.format("%02x", str:byte(i)) end
  return table.concat(t, " ")
end
print(hex("Lua\0\1\255"))
-- string.char with float args that are integral
print(string.char(65.0, 66))
-- escape sequences in literals
print(string.byte("\a\b\f\n\r\t\v\\\"\'", 1, -1))
print(string.byte("\65\066\0677"), "\x41\x42", "\z
      continued")
