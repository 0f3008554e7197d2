-- pcall return values
print(pcall(function() return 1, 2, 3 end))
print(pcall(function() end))
print(select('#', pcall(function() end)))
print(select('#', pcall(function() return nil, nil end)))
print(pcall(function(a, b) return a + b end, 3, 4))
print(pcall(math.max, 3, 9, 1))
print(pcall(string.rep, "ab", 3))
print(pcall(pcall, function() error("inner", 0) end))
-- nested pcall: inner error does not propagate
local function risky(n)
  if n > 2 then error("too big: " .. n, 0) end
  return n * 10
end
local results = {}
for i = 1, 4 do
  local ok, v = pcall(risky, i)
  results[#results + 1] = tostring(ok) .. ":" .. tostring(v)
end
print(table.concat(results, " "))
-- pcall inside pcall with errors at both levels
local ok, e = pcall(function()
  local ok2, e2 = pcall(error, "first", 0)
  error("second after " .. e2, 0)
end)
print(ok, e)
-- state is preserved after an error
local counter = 0
for i = 1, 5 do
  pcall(function()
    counter = counter + 1
    if i % 2 == 0 then error("even") end
    counter = counter + 10
  end)
end
print("counter", counter)
-- pcall with non-function
local okc, ec = pcall(nil)
print(okc, ec)
-- pcall returns false and an error string from a runtime error (check prefix only)
local okr, er = pcall(function() local x = nil; return x + 1 end)
print(okr, type(er), er:match("^36_pcall%.lua:%d+:") ~= nil)
-- error thrown through several Lua frames then caught
local function a() error("from a", 0) end
local function b() a() end
local function c() b() end
print(pcall(c))
-- pcall protects the rest of the program
local list = {1, 2, "x", 4}
local sum = 0
for _, v in ipairs(list) do
  local okv, r = pcall(function() return v * 2 end)
  if okv then sum = sum + r end
end
print("sum", sum)
-- returning many values through pcall
local okm, m1, m2, m3, m4 = pcall(unpack, {1, 2, 3, 4})
print(okm, m1, m2, m3, m4)
