-- String-heavy work: concatenation, string.format, sub/byte, patterns, table.concat.
local N = tonumber(arg and arg[1]) or 150000

local function hash(s, h)
  for i = 1, #s do h = (h * 31 + s:byte(i)) % 1000000007 end
  return h
end

-- Concatenation and string.format.
local h = 7
local buf = {}
for i = 1, N do
  local s = "item" .. i .. ":" .. (i * 7 % 1000)
  local f = string.format("%05d|%-6s|%x|%.3f", i, "k" .. (i % 100), i * 13, i / 7)
  buf[#buf + 1] = s
  if i % 4 == 0 then h = hash(f, h) end
end
local joined = table.concat(buf, ",")
h = hash(joined:sub(1, 5000), h)

-- sub/byte scanning.
local vowels = 0
for i = 1, #joined, 3 do
  local b = joined:byte(i)
  if b == 97 or b == 101 or b == 105 or b == 111 or b == 117 then vowels = vowels + 1 end
end
local subs = 0
for i = 1, N do
  local piece = joined:sub(i, i + 8)
  subs = subs + #piece + piece:len()
end

-- Patterns: find, match, gmatch, gsub.
local found, nums = 0, 0
local pos = 1
while true do
  local s, e = joined:find("item%d+5:", pos)
  if not s then break end
  found = found + 1
  pos = e + 1
end
for num in joined:gmatch(":(%d+)") do nums = nums + tonumber(num) end
local replaced, count = joined:sub(1, 200000):gsub("item(%d)", "I<%1>")
local up = string.upper(joined:sub(1, 1000))
local key, val = string.match("  name = value42  ", "^%s*(%w+)%s*=%s*(%w+)%s*$")
local rev = string.rep("ab", 10):reverse()

-- Building a string with repeated concatenation (quadratic-ish, bounded).
local acc = ""
for i = 1, 2000 do acc = acc .. string.char(65 + i % 26) end

print(string.format("len=%d h=%d vowels=%d subs=%d found=%d nums=%d gsub=%d/%d up=%d kv=%s=%s rev=%s acc=%d",
  #joined, h, vowels, subs, found, nums, #replaced, count, hash(up, 1), key, val, rev, hash(acc, 3)))
