-- __tostring and print
local P = {}
P.__tostring = function(p) return "Point(" .. p.x .. ", " .. p.y .. ")" end
local p = setmetatable({x = 1, y = 2}, P)
print(p)
print(tostring(p))
print("str: " .. tostring(p))
print(p, p, 5)
local list = {setmetatable({x = 0, y = 0}, P), p}
for _, v in ipairs(list) do print(v) end
-- __tostring returning a number-looking string
local Q = setmetatable({}, {__tostring = function() return "42" end})
print(Q, tostring(Q) + 1)
-- nested tostring
local Box = {}
Box.__tostring = function(b) return "[" .. tostring(b.inner) .. "]" end
local b = setmetatable({inner = setmetatable({inner = p}, Box)}, Box)
print(b)
-- __tostring used by string.format %s? (LuaJIT: yes)
print(string.format("%s|%s", p, "plain"))
-- __name is not used in 5.1; tostring of plain values
print(tostring(nil), tostring(true), tostring(false), tostring(12), tostring("s"))
-- tostring of numbers with metatable-less values
print(tostring(1e100), tostring(-0.5))
-- table.concat does not call __tostring, so convert first
local parts = {}
for i = 1, 3 do parts[i] = tostring(setmetatable({x = i, y = i * i}, P)) end
print(table.concat(parts, "; "))
-- __tostring on a class shared by instances
local Animal = {}
Animal.__index = Animal
Animal.__tostring = function(a) return a.kind .. " named " .. a.name end
local function animal(kind, name) return setmetatable({kind = kind, name = name}, Animal) end
print(animal("dog", "Rex"))
print(animal("cat", "Tom"))
