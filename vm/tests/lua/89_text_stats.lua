-- realistic: text statistics with gsub/gmatch
local text = [[
It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of
incredulity, it was the season of Light, it was the season of Darkness, it was
the spring of hope, it was the winter of despair. We had everything before us,
we had nothing before us; we were all going direct to Heaven, we were all going
direct the other way. In short, the period was so far like the present period!
Was it? Yes -- it was.
]]
local _, nlines = text:gsub("\n", "")
local _, nchars = text:gsub("[^\n]", "")
local _, nletters = text:gsub("%a", "")
local _, nupper = text:gsub("%u", "")
local _, npunct = text:gsub("%p", "")
local _, nspaces = text:gsub(" ", "")
print("lines", nlines, "chars", nchars, "letters", nletters, "upper", nupper, "punct", npunct, "spaces", nspaces)
local words, freq = {}, {}
for w in text:gmatch("%a+") do
  local lw = w:lower()
  words[#words + 1] = lw
  freq[lw] = (freq[lw] or 0) + 1
end
print("words", #words)
local uniq = {}
for w in pairs(freq) do uniq[#uniq + 1] = w end
table.sort(uniq, function(a, b) if freq[a] ~= freq[b] then return freq[a] > freq[b] end return a < b end)
print("unique", #uniq)
for i = 1, 12 do print(string.format("%2d. %-10s %3d %s", i, uniq[i], freq[uniq[i]], ("#"):rep(freq[uniq[i]]))) end
-- sentences
local sentences = 0
for _ in text:gmatch("[%.!?]+") do sentences = sentences + 1 end
print("sentences", sentences)
-- longest words, alphabetical tie-break
table.sort(uniq, function(a, b) if #a ~= #b then return #a > #b end return a < b end)
print("longest", table.concat({uniq[1], uniq[2], uniq[3], uniq[4]}, ","))
-- word length histogram
local hist = {}
local maxlen = 0
for _, w in ipairs(words) do hist[#w] = (hist[#w] or 0) + 1; if #w > maxlen then maxlen = #w end end
for len = 1, maxlen do if hist[len] then print(string.format("len %2d: %3d", len, hist[len])) end end
-- letter frequency
local letters = {}
for c in text:lower():gmatch("%a") do letters[c] = (letters[c] or 0) + 1 end
local ls = {}
for c, n in pairs(letters) do ls[#ls + 1] = c end
table.sort(ls, function(a, b) if letters[a] ~= letters[b] then return letters[a] > letters[b] end return a < b end)
local top = {}
for i = 1, 8 do top[i] = ls[i] .. "=" .. letters[ls[i]] end
print(table.concat(top, " "))
-- bigram of words
local bigrams = {}
for i = 1, #words - 1 do
  local bg = words[i] .. " " .. words[i + 1]
  bigrams[bg] = (bigrams[bg] or 0) + 1
end
local bgl = {}
for k, v in pairs(bigrams) do if v >= 3 then bgl[#bgl + 1] = k .. "=" .. v end end
table.sort(bgl)
print(table.concat(bgl, "; "))
-- transformations
local first = text:match("^[^\n]+")
print((first:gsub("(%a+)", function(w) return #w > 3 and w:upper() or w end)))
print((first:gsub("%s+", "_"):gsub("[%p]", "")))
print((first:gsub("(%w+)(%W*)", "%2%1", 4)))
-- wrap text at 40 columns
local line, out = "", {}
for w in text:gmatch("%S+") do
  if #line + #w + 1 > 40 then out[#out + 1] = line; line = w
  else line = (#line > 0) and (line .. " " .. w) or w end
end
out[#out + 1] = line
for i, l in ipairs(out) do print(string.format("%2d|%-40s|", i, l)) end
