-- realistic: class hierarchy with metatables, inheritance, super calls
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  c.super = parent
  c.new = function(...)
    local o = setmetatable({}, c)
    if o.init then o:init(...) end
    return o
  end
  return c
end

local Shape = class()
Shape.count = 0
function Shape:init(name)
  self.name = name
  Shape.count = Shape.count + 1
  self.id = Shape.count
end
function Shape:area() return 0 end
function Shape:perimeter() return 0 end
function Shape:describe()
  return string.format("#%d %-8s area=%8.3f perim=%7.3f", self.id, self.name, self:area(), self:perimeter())
end
Shape.__tostring = function(s) return "Shape<" .. s.name .. ">" end
Shape.__lt = function(a, b) return a:area() < b:area() end
Shape.__le = function(a, b) return a:area() <= b:area() end

local Rect = class(Shape)
function Rect:init(w, h, name)
  Shape.init(self, name or "rect")
  self.w, self.h = w, h
end
function Rect:area() return self.w * self.h end
function Rect:perimeter() return 2 * (self.w + self.h) end
Rect.__tostring = function(r) return "Rect(" .. r.w .. "x" .. r.h .. ")" end
Rect.__lt = Shape.__lt
Rect.__le = Shape.__le

local Square = class(Rect)
function Square:init(s) Rect.init(self, s, s, "square") end
Square.__tostring = function(s) return "Square(" .. s.w .. ")" end
Square.__lt = Shape.__lt
Square.__le = Shape.__le

local Circle = class(Shape)
function Circle:init(r) Shape.init(self, "circle"); self.r = r end
function Circle:area() return math.pi * self.r * self.r end
function Circle:perimeter() return 2 * math.pi * self.r end
Circle.__tostring = function(c) return "Circle(" .. c.r .. ")" end
Circle.__lt = Shape.__lt
Circle.__le = Shape.__le

local shapes = {Rect.new(3, 4), Square.new(2), Circle.new(1), Rect.new(10, 0.5), Circle.new(2.5), Square.new(5), Shape.new("blob")}
for _, s in ipairs(shapes) do print(s:describe()) end
print("total shapes", Shape.count)
for _, s in ipairs(shapes) do print(tostring(s)) end

-- isinstance via metatable chain
local function isinstance(o, cls)
  local m = getmetatable(o)
  while m do
    if m == cls then return true end
    m = m.super
  end
  return false
end
for _, s in ipairs(shapes) do
  print(tostring(s), isinstance(s, Shape), isinstance(s, Rect), isinstance(s, Square), isinstance(s, Circle))
end

-- sort by area using __lt
table.sort(shapes, function(a, b) return a < b end)
local order = {}
for i, s in ipairs(shapes) do order[i] = tostring(s) end
print(table.concat(order, " < "))

-- method overriding and super calls
local Animal = class()
function Animal:init(name, sound) self.name, self.sound = name, sound end
function Animal:speak() return self.name .. " says " .. self.sound end
local Dog = class(Animal)
function Dog:init(name) Animal.init(self, name, "woof") self.tricks = {} end
function Dog:learn(t) self.tricks[#self.tricks + 1] = t return self end
function Dog:speak() return Animal.speak(self) .. " and knows " .. #self.tricks .. " tricks" end
local Puppy = class(Dog)
function Puppy:speak() return Dog.speak(self) .. " (puppy)" end
local d = Dog.new("Rex"):learn("sit"):learn("roll")
local p = Puppy.new("Bit"):learn("chew")
local a = Animal.new("Cow", "moo")
for _, x in ipairs({a, d, p}) do print(x:speak()) end
print(Puppy.super == Dog, Dog.super == Animal, Animal.super)
print(rawget(Puppy, "learn"), Puppy.learn == Dog.learn)

-- instance method lookup cache: per-instance override
p.speak = function(self) return "custom " .. self.name end
print(p:speak(), Puppy.speak(p))
