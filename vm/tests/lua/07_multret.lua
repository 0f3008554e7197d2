-- multiple returns and adjustment
local function none() end
local function one() return 1 end
local function three() return 1, 2, 3 end
print(none())
print(one())
print(three())
print(three(), 10)
print(10, three())
print((three()))
print(#{three()}, ({three()})[3])
local t = {three(), three()}
print(#t, t[1], t[2], t[3], t[4])
local t2 = {three(), (three())}
print(#t2)
local t3 = {none(), none()}
print(#t3)
print(select('#', none()), select('#', one()), select('#', three()))
print(select('#', three(), three()))
print(select('#', nil, nil, nil))
local function pass(...) return ... end
print(pass(1, nil, 3))
print(select('#', pass(nil, nil)))
local function ret_nil() return nil end
print(select('#', ret_nil()), select('#', none()))
local s = string.format("%d %d %d", three())
print(s)
print(math.max(three()), math.min(three()))
print(string.byte("abc", 1, -1))
print(string.find("hello world", "o w"))
local a, b, c, d = string.find("key=value", "(%w+)=(%w+)")
print(a, b, c, d)
local function mr(n)
  if n == 0 then return end
  return n, mr(n - 1)
end
print(mr(5))
print(select('#', mr(10)))
-- return in middle of expression list
local function f() return three(), "end" end
print(f())
-- table constructor with trailing call
local function count(...) return select('#', ...) end
print(count(three()), count(three(), nil), count((three())))
-- parenthesized call in return
local function g() return (three()) end
print(g())
