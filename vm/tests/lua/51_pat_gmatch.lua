-- string.gmatch
local words = {}
for w in ("The quick brown fox jumps over the lazy dog"):gmatch("%a+") do words[#words + 1] = w end
print(#words, table.concat(words, "|"))
local kv = {}
for k, v in ("a=1, b=22, ccc=333, d="):gmatch("(%w+)=(%w*)") do kv[#kv + 1] = k .. ":" .. v end
print(table.concat(kv, " "))
local nums = {}
for n in ("x12y3.5z-7 100"):gmatch("-?%d+%.?%d*") do nums[#nums + 1] = tonumber(n) end
print(table.concat(nums, ","))
-- position captures in gmatch
local ps = {}
for p in ("abcabc"):gmatch("()b") do ps[#ps + 1] = p end
print(table.concat(ps, ","))
-- empty matches
local count = 0
for _ in ("abc"):gmatch("") do count = count + 1 end
print("empty matches", count)
local e = {}
for m in ("a,,b,"):gmatch("([^,]*)") do e[#e + 1] = "[" .. m .. "]" end
print(table.concat(e))
local e2 = {}
for m in ("hello"):gmatch("x*") do e2[#e2 + 1] = "<" .. m .. ">" end
print(#e2, table.concat(e2))
-- splitting lines
local lines = {}
for line in ("line one\nline two\n\nline four"):gmatch("[^\n]+") do lines[#lines + 1] = line end
print(#lines, table.concat(lines, "/"))
-- single chars
local chars = {}
for c in ("hey!"):gmatch(".") do chars[#chars + 1] = c:byte() end
print(table.concat(chars, " "))
-- pairs of chars
local pairs2 = {}
for a, b in ("abcdefg"):gmatch("(.)(.)") do pairs2[#pairs2 + 1] = b .. a end
print(table.concat(pairs2, " "))
-- CSV-ish fields with quotes
local fields = {}
for f in ('one,"two, three",four'):gmatch('"?([^",]*)"?,?') do
  if f ~= "" then fields[#fields + 1] = f end
end
print(#fields, table.concat(fields, "|"))
-- word frequency with sorted output
local freq = {}
for w in ("b a c a b a d"):gmatch("%a") do freq[w] = (freq[w] or 0) + 1 end
local ks = {}
for k in pairs(freq) do ks[#ks + 1] = k end
table.sort(ks, function(x, y) if freq[x] ~= freq[y] then return freq[x] > freq[y] end return x < y end)
for _, k in ipairs(ks) do io.write(k, "=", freq[k], " ") end
print()
-- iterator object can be stored and called manually
local it = ("1 2 3"):gmatch("%d")
print(it(), it(), it(), it())
-- balanced matches
local groups = {}
for g in ("(a)(b(c))(d)"):gmatch("%b()") do groups[#groups + 1] = g end
print(table.concat(groups, " "))
