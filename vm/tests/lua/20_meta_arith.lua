-- arithmetic metamethods
local V = {}
V.__index = V
local function vec(x, y) return setmetatable({x = x, y = y}, V) end
local function isvec(v) return getmetatable(v) == V end
V.__add = function(a, b)
  if type(a) == "number" then return vec(a + b.x, a + b.y) end
  if type(b) == "number" then return vec(a.x + b, a.y + b) end
  return vec(a.x + b.x, a.y + b.y)
end
V.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b)
  if type(a) == "number" then return vec(a * b.x, a * b.y) end
  if type(b) == "number" then return vec(a.x * b, a.y * b) end
  return a.x * b.x + a.y * b.y
end
V.__div = function(a, b) return vec(a.x / b, a.y / b) end
V.__mod = function(a, b) return vec(a.x % b, a.y % b) end
V.__pow = function(a, b) return vec(a.x ^ b, a.y ^ b) end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
local a, b = vec(1, 2), vec(3, 4)
print(tostring(a + b), tostring(a - b), a * b, tostring(a * 2), tostring(3 * b))
print(tostring(b / 2), tostring(vec(7, -7) % 3), tostring(a ^ 3), tostring(-a))
print(tostring(1 + a), tostring(a + 1), tostring(-(-b)))
print(tostring(a + b * 2 - vec(1, 1)))
-- metamethod lookup uses left operand first, then right
local L = setmetatable({}, {__add = function() return "left" end})
local R = setmetatable({}, {__add = function() return "right" end})
print(L + R, R + L, L + 1, 1 + R)
-- string operands with a table
local S = setmetatable({}, {__add = function(x, y)
  return type(x) .. "+" .. type(y)
end})
print(S + "str", "str" + S, S + S)
-- __unm receives the operand
local U = setmetatable({v = 5}, {__unm = function(t) return "neg" .. t.v end})
print(-U)
-- arithmetic on numeric strings does not use metamethods
print("10" + "5", "3" * 2)
-- chain many operations
local acc = vec(0, 0)
for i = 1, 10 do acc = acc + vec(i, i * i) end
print(tostring(acc))
-- a number-like wrapper
local Num = {}
Num.__index = Num
local function num(v) return setmetatable({v = v}, Num) end
local function val(x) return type(x) == "table" and x.v or x end
for _, op in ipairs({"add", "sub", "mul", "div", "mod", "pow"}) do
  Num["__" .. op] = function(a, b)
    local x, y = val(a), val(b)
    if op == "add" then return num(x + y)
    elseif op == "sub" then return num(x - y)
    elseif op == "mul" then return num(x * y)
    elseif op == "div" then return num(x / y)
    elseif op == "mod" then return num(x % y)
    else return num(x ^ y) end
  end
end
local r = (num(7) + 3) * num(2) - 4 / num(8) % 3 ^ num(2)
print(r.v)
print((num(2) ^ 10).v, (num(-7) % 3).v, (10 - num(4)).v)
