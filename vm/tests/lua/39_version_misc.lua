-- _VERSION and misc globals
print(_VERSION)
print(type(_G), _G._G == _G, _G.print == print)
print(type(unpack), type(loadstring), type(select), type(rawequal))
print(type(math), type(string), type(table), type(io), type(os), type(bit), type(package))
print(type(io.write), type(os.exit), type(os.time), type(os.clock), type(os.date))
print(type(package.loaded), package.loaded.string == string, package.loaded.math == math)
print(package.loaded._G == _G, package.loaded.bit == bit)
-- names of standard functions present
local names = {"assert", "error", "ipairs", "next", "pairs", "pcall", "print", "rawget", "rawset",
  "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type", "unpack", "xpcall",
  "loadstring", "require", "collectgarbage"}
local missing = 0
for _, n in ipairs(names) do if type(_G[n]) ~= "function" then missing = missing + 1; print("missing", n) end end
print("missing count", missing)
-- string library function list (sorted)
local sf = {}
for _, k in ipairs({"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper"}) do
  sf[#sf + 1] = k .. "=" .. type(string[k])
end
print(table.concat(sf, " "))
local mf = {}
for _, k in ipairs({"abs", "ceil", "cos", "exp", "floor", "fmod", "huge", "log", "log10", "max", "min", "modf", "pi", "pow", "sin", "sqrt", "tan", "random", "randomseed"}) do
  mf[#mf + 1] = k .. "=" .. type(math[k])
end
print(table.concat(mf, " "))
local tf = {}
for _, k in ipairs({"concat", "insert", "remove", "sort"}) do tf[#tf + 1] = k .. "=" .. type(table[k]) end
print(table.concat(tf, " "))
-- math.random: only print properties
math.randomseed(42)
local inrange = true
for i = 1, 100 do
  local r = math.random()
  if r < 0 or r >= 1 then inrange = false end
  local k = math.random(10)
  if k < 1 or k > 10 or k ~= math.floor(k) then inrange = false end
  local m = math.random(5, 8)
  if m < 5 or m > 8 then inrange = false end
end
print("random in range", inrange)
-- os.time / os.clock return numbers (values not printed)
print(type(os.time()), type(os.clock()))
-- collectgarbage runs without printing its result
collectgarbage()
collectgarbage("collect")
print("gc ok")
-- semicolons and empty statements
local a = 1; local b = 2; print(a + b);
