-- realistic: recursive descent calculator with variables, functions and error reporting
local Calc = {}
Calc.__index = Calc
function Calc.new()
  return setmetatable({vars = {pi = math.pi, e = math.exp(1)}, funcs = {
    sqrt = math.sqrt, abs = math.abs, floor = math.floor, max = math.max, min = math.min,
    sq = function(x) return x * x end,
  }}, Calc)
end
function Calc:eval(src)
  local pos = 1
  local function skip() pos = src:find("%S", pos) or #src + 1 end
  local function peek() skip() return src:sub(pos, pos) end
  local function fail(msg) error({msg = msg, pos = pos}, 0) end
  local expr
  local function number()
    local s = src:match("^%d+%.?%d*[eE][-+]?%d+", pos) or src:match("^%d+%.?%d*", pos) or src:match("^%.%d+", pos)
    pos = pos + #s
    return tonumber(s)
  end
  local function atom()
    local c = peek()
    if c:match("[%d%.]") then return number()
    elseif c == "(" then
      pos = pos + 1
      local v = expr()
      if peek() ~= ")" then fail("expected )") end
      pos = pos + 1
      return v
    elseif c == "-" then pos = pos + 1 return -atom()
    elseif c:match("[%a_]") then
      local name = src:match("^[%a_][%w_]*", pos)
      pos = pos + #name
      if peek() == "(" then
        pos = pos + 1
        local args = {}
        if peek() ~= ")" then
          repeat
            args[#args + 1] = expr()
            local d = peek()
            if d == "," then pos = pos + 1 end
          until d ~= ","
        end
        if peek() ~= ")" then fail("expected ) after arguments") end
        pos = pos + 1
        local fn = self.funcs[name]
        if not fn then fail("unknown function " .. name) end
        return fn(unpack(args))
      end
      local v = self.vars[name]
      if v == nil then fail("unknown variable " .. name) end
      return v
    elseif c == "" then fail("unexpected end")
    end
    fail("unexpected '" .. c .. "'")
  end
  local function power()
    local b = atom()
    if peek() == "^" then pos = pos + 1 return b ^ power() end
    return b
  end
  local function term()
    local v = power()
    while true do
      local c = peek()
      if c == "*" then pos = pos + 1 v = v * power()
      elseif c == "/" then pos = pos + 1
        local d = power()
        if d == 0 then fail("division by zero") end
        v = v / d
      elseif c == "%" then pos = pos + 1 v = v % power()
      else return v end
    end
  end
  function expr()
    local v = term()
    while true do
      local c = peek()
      if c == "+" then pos = pos + 1 v = v + term()
      elseif c == "-" then pos = pos + 1 v = v - term()
      else return v end
    end
  end
  local target = src:match("^%s*([%a_][%w_]*)%s*=[^=]")
  if target then pos = src:find("=", 1, true) + 1 end
  local v = expr()
  if peek() ~= "" then fail("trailing input") end
  if target then self.vars[target] = v end
  return v
end
local calc = Calc.new()
local inputs = {
  "1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-2 ^ 2", "10 / 4", "10 % 4", "7 - 3 - 2",
  "x = 5", "y = x * 2 + 1", "x * y", "sqrt(16) + sq(3)", "max(1, 7, 3) - min(4, 2)",
  "floor(pi * 100) / 100", "abs(-3.5) * 2", "1e3 + .5", "z = (x + y) / 2", "z",
  "1 / 0", "2 +", "foo + 1", "bar(2)", "(1 + 2", "3 4", "1 + $", "max(1, 2",
}
for _, line in ipairs(inputs) do
  local ok, res = pcall(calc.eval, calc, line)
  if ok then
    print(string.format("%-26s = %s", line, tostring(res)))
  elseif type(res) == "table" then
    print(string.format("%-26s ! %s at %d", line, res.msg, res.pos))
  else
    print(string.format("%-26s ! lua error", line))
  end
end
local names = {}
for k in pairs(calc.vars) do names[#names + 1] = k end
table.sort(names)
for _, k in ipairs(names) do print(k, string.format("%.6f", calc.vars[k])) end
