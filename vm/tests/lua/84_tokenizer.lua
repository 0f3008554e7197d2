-- realistic: lexer for a C-like language using patterns
local source = [[
int main(void) {
  // compute things
  float x = 3.14e-2 + .5;
  char *s = "hello \"world\"\n";
  if (x >= 0.25 && s != NULL) { x += 0x1F; }
  /* block
     comment */
  return x << 2 | 7;
}
]]
local keywords = {}
for k in ("int float char if else return while for void"):gmatch("%a+") do keywords[k] = true end
local ops = {"<<=", ">>=", "&&", "||", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "++", "--", "<<", ">>", "->",
  "+", "-", "*", "/", "%", "=", "<", ">", "!", "&", "|", "^", "~", "(", ")", "{", "}", "[", "]", ";", ",", ".", "?", ":"}
local function lex(src)
  local toks = {}
  local i, line = 1, 1
  local n = #src
  while i <= n do
    local c = src:sub(i, i)
    if c == "\n" then line = line + 1; i = i + 1
    elseif c:match("%s") then i = i + 1
    elseif src:sub(i, i + 1) == "//" then
      local e = src:find("\n", i, true) or n + 1
      toks[#toks + 1] = {"comment", src:sub(i, e - 1), line}
      i = e
    elseif src:sub(i, i + 1) == "/*" then
      local _, e = src:find("*/", i + 2, true)
      local text = src:sub(i, e)
      toks[#toks + 1] = {"comment", (text:gsub("\n%s*", " ")), line}
      for _ in text:gmatch("\n") do line = line + 1 end
      i = e + 1
    elseif c == '"' then
      local j = i + 1
      while src:sub(j, j) ~= '"' do
        if src:sub(j, j) == "\\" then j = j + 1 end
        j = j + 1
      end
      toks[#toks + 1] = {"string", src:sub(i, j), line}
      i = j + 1
    elseif src:match("^0[xX]%x+", i) then
      local h = src:match("^0[xX]%x+", i)
      toks[#toks + 1] = {"number", h, line, tonumber(h)}
      i = i + #h
    elseif src:match("^%d*%.?%d", i) then
      local num = src:match("^%d*%.?%d*[eE][-+]?%d+", i) or src:match("^%d*%.?%d*", i)
      toks[#toks + 1] = {"number", num, line, tonumber(num)}
      i = i + #num
    elseif c:match("[%a_]") then
      local id = src:match("^[%a_][%w_]*", i)
      toks[#toks + 1] = {keywords[id] and "keyword" or "ident", id, line}
      i = i + #id
    else
      local matched
      for _, op in ipairs(ops) do
        if src:sub(i, i + #op - 1) == op then matched = op break end
      end
      if not matched then error("bad char " .. c .. " at line " .. line) end
      toks[#toks + 1] = {"op", matched, line}
      i = i + #matched
    end
  end
  return toks
end
local toks = lex(source)
for idx, t in ipairs(toks) do
  print(string.format("%3d L%d %-8s %s%s", idx, t[3], t[1], t[2], t[4] and (" = " .. t[4]) or ""))
end
local counts = {}
for _, t in ipairs(toks) do counts[t[1]] = (counts[t[1]] or 0) + 1 end
local kinds = {}
for k, v in pairs(counts) do kinds[#kinds + 1] = k .. ":" .. v end
table.sort(kinds)
print(table.concat(kinds, " "))
print(pcall(lex, "int a = 5 @ 3;"))
