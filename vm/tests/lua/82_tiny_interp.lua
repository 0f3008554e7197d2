-- realistic: a tiny interpreter for a toy language (tokenizer, parser, tree-walking evaluator)
local src = [[
let n = 10;
let a = 0;
let b = 1;
let i = 0;
while (i < n) {
  print(a);
  let t = a + b;
  a = b;
  b = t;
  i = i + 1;
}
let x = 2 * (3 + 4) - 10 / 5 % 3;
print(x);
if (x > 10) { print(1); } else { print(0); }
let f = 1;
let k = 1;
while (k <= 10) { f = f * k; k = k + 1; }
print(f);
let s = 0;
let j = 1;
while (j <= 100) { if (j % 3 == 0) { s = s + j; } j = j + 1; }
print(s);
print(-x + 100);
]]

local function tokenize(s)
  local toks = {}
  local i = 1
  while i <= #s do
    local c = s:sub(i, i)
    if c:match("%s") then i = i + 1
    elseif c:match("%d") then
      local num = s:match("^%d+%.?%d*", i)
      toks[#toks + 1] = {t = "num", v = tonumber(num)}
      i = i + #num
    elseif c:match("[%a_]") then
      local id = s:match("^[%a_][%w_]*", i)
      local kw = {let = true, ["while"] = true, ["if"] = true, ["else"] = true, print = true}
      toks[#toks + 1] = {t = kw[id] and id or "id", v = id}
      i = i + #id
    else
      local two = s:sub(i, i + 1)
      if two == "==" or two == "<=" or two == ">=" or two == "!=" then
        toks[#toks + 1] = {t = two}
        i = i + 2
      else
        toks[#toks + 1] = {t = c}
        i = i + 1
      end
    end
  end
  toks[#toks + 1] = {t = "eof"}
  return toks
end

local function parse(toks)
  local p = 1
  local function peek() return toks[p].t end
  local function take(t)
    local tok = toks[p]
    if t and tok.t ~= t then error("expected " .. t .. " got " .. tok.t, 0) end
    p = p + 1
    return tok
  end
  local expr
  local function primary()
    local tok = toks[p]
    if tok.t == "num" then p = p + 1 return {k = "num", v = tok.v}
    elseif tok.t == "id" then p = p + 1 return {k = "var", name = tok.v}
    elseif tok.t == "(" then p = p + 1 local e = expr() take(")") return e
    elseif tok.t == "-" then p = p + 1 return {k = "neg", e = primary()}
    end
    error("unexpected " .. tok.t, 0)
  end
  local prec = {["=="] = 1, ["!="] = 1, ["<"] = 2, [">"] = 2, ["<="] = 2, [">="] = 2, ["+"] = 3, ["-"] = 3, ["*"] = 4, ["/"] = 4, ["%"] = 4}
  local function binary(minp)
    local left = primary()
    while prec[peek()] and prec[peek()] >= minp do
      local op = take().t
      local right = binary(prec[op] + 1)
      left = {k = "bin", op = op, l = left, r = right}
    end
    return left
  end
  expr = function() return binary(1) end
  local block
  local function statement()
    local t = peek()
    if t == "let" then
      take() local name = take("id").v take("=") local e = expr() take(";")
      return {k = "let", name = name, e = e}
    elseif t == "print" then
      take() take("(") local e = expr() take(")") take(";")
      return {k = "print", e = e}
    elseif t == "while" then
      take() take("(") local c = expr() take(")")
      return {k = "while", c = c, body = block()}
    elseif t == "if" then
      take() take("(") local c = expr() take(")")
      local th = block()
      local el
      if peek() == "else" then take() el = block() end
      return {k = "if", c = c, th = th, el = el}
    else
      local name = take("id").v take("=") local e = expr() take(";")
      return {k = "assign", name = name, e = e}
    end
  end
  block = function()
    take("{")
    local stmts = {}
    while peek() ~= "}" do stmts[#stmts + 1] = statement() end
    take("}")
    return stmts
  end
  local prog = {}
  while peek() ~= "eof" do prog[#prog + 1] = statement() end
  return prog
end

local function run(prog)
  local env = {}
  local steps = 0
  local out = {}
  local function eval(e)
    if e.k == "num" then return e.v
    elseif e.k == "var" then
      local v = env[e.name]
      if v == nil then error("undefined " .. e.name, 0) end
      return v
    elseif e.k == "neg" then return -eval(e.e)
    else
      local a, b = eval(e.l), eval(e.r)
      local op = e.op
      if op == "+" then return a + b elseif op == "-" then return a - b
      elseif op == "*" then return a * b elseif op == "/" then return a / b
      elseif op == "%" then return a % b
      elseif op == "<" then return a < b and 1 or 0 elseif op == ">" then return a > b and 1 or 0
      elseif op == "<=" then return a <= b and 1 or 0 elseif op == ">=" then return a >= b and 1 or 0
      elseif op == "==" then return a == b and 1 or 0 else return a ~= b and 1 or 0 end
    end
  end
  local exec
  local function execblock(b) for _, s in ipairs(b) do exec(s) end end
  exec = function(s)
    steps = steps + 1
    if s.k == "let" or s.k == "assign" then env[s.name] = eval(s.e)
    elseif s.k == "print" then out[#out + 1] = eval(s.e); print("out:", eval(s.e))
    elseif s.k == "while" then while eval(s.c) ~= 0 do execblock(s.body) end
    elseif s.k == "if" then
      if eval(s.c) ~= 0 then execblock(s.th) elseif s.el then execblock(s.el) end
    end
  end
  execblock(prog)
  return steps, out
end

local toks = tokenize(src)
print("tokens", #toks)
local prog = parse(toks)
print("statements", #prog)
local steps, out = run(prog)
print("steps", steps, "outputs", #out)
-- error handling
for _, bad in ipairs({"let = 5;", "print(1 + );", "let a = (1;", "print(zz);"}) do
  local ok, err = pcall(function() run(parse(tokenize(bad))) end)
  print(bad, ok, err)
end
