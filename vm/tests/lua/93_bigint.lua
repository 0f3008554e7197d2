-- realistic: arbitrary precision integers in base 10^7
local BASE, WIDTH = 10000000, 7
local Big = {}
Big.__index = Big
local function norm(d) while #d > 1 and d[#d] == 0 do d[#d] = nil end return d end
function Big.from(n)
  if type(n) == "string" then
    local d = {}
    for i = #n, 1, -WIDTH do d[#d + 1] = tonumber(n:sub(math.max(1, i - WIDTH + 1), i)) end
    return setmetatable(norm(d), Big)
  end
  local d = {}
  repeat d[#d + 1] = n % BASE; n = math.floor(n / BASE) until n == 0
  return setmetatable(d, Big)
end
local function lift(x) if getmetatable(x) == Big then return x end return Big.from(x) end
Big.__add = function(a, b)
  a, b = lift(a), lift(b)
  local r, carry = {}, 0
  for i = 1, math.max(#a, #b) do
    local s = (a[i] or 0) + (b[i] or 0) + carry
    r[i] = s % BASE
    carry = math.floor(s / BASE)
  end
  if carry > 0 then r[#r + 1] = carry end
  return setmetatable(r, Big)
end
Big.__mul = function(a, b)
  a, b = lift(a), lift(b)
  local r = {}
  for i = 1, #a + #b do r[i] = 0 end
  for i = 1, #a do
    local carry = 0
    local ai = a[i]
    for j = 1, #b do
      local cur = r[i + j - 1] + ai * b[j] + carry
      r[i + j - 1] = cur % BASE
      carry = math.floor(cur / BASE)
    end
    local k = i + #b
    while carry > 0 do
      local cur = r[k] + carry
      r[k] = cur % BASE
      carry = math.floor(cur / BASE)
      k = k + 1
    end
  end
  return setmetatable(norm(r), Big)
end
Big.__eq = function(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end
Big.__lt = function(a, b)
  if #a ~= #b then return #a < #b end
  for i = #a, 1, -1 do if a[i] ~= b[i] then return a[i] < b[i] end end
  return false
end
Big.__tostring = function(a)
  local parts = {tostring(a[#a])}
  for i = #a - 1, 1, -1 do parts[#parts + 1] = string.format("%07d", a[i]) end
  return table.concat(parts)
end
Big.__concat = function(a, b)
  return (type(a) == "table" and tostring(a) or a) .. (type(b) == "table" and tostring(b) or b)
end
function Big:digits() return #tostring(self) end
function Big:digitsum() local s = 0 for c in tostring(self):gmatch("%d") do s = s + tonumber(c) end return s end

local f = Big.from(1)
for i = 1, 50 do f = f * i end
print("50! = " .. f)
print("digits", f:digits(), "digit sum", f:digitsum())
local p = Big.from(1)
for i = 1, 200 do p = p * 2 end
print("2^200 = " .. p)
local a, b = Big.from(0), Big.from(1)
for i = 1, 300 do a, b = b, a + b end
print("fib(300) = " .. a)
print("digits", a:digits())
local x = Big.from("123456789012345678901234567890")
local y = Big.from("987654321098765432109876543210")
print(x .. " + " .. y .. " = " .. (x + y))
print("x*y = " .. (x * y))
print("x*y == y*x", x * y == y * x, "x < y", x < y, "y < x", y < x)
print(tostring(Big.from(0)), tostring(Big.from(10000000)), tostring(Big.from(9999999) + 1), tostring(Big.from("0000123")))
-- powers of 3 table
local t = Big.from(1)
for i = 1, 60 do
  t = t * 3
  if i % 10 == 0 then print("3^" .. i, tostring(t)) end
end
-- sum of digits of 100!
local h = Big.from(1)
for i = 2, 100 do h = h * i end
print("100! digit sum", h:digitsum(), "digits", h:digits())
