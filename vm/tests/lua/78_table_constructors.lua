-- table constructors
-- (keys given both positionally and explicitly are avoided: assignment order is undefined)
local t = {1, 2, 3, x = "x", ["y"] = "y", [10] = "ten", 4; 5, [2 + 4] = "six"}
print(t[1], t[2], t[3], t[4], t[5], t[6], t.x, t.y, t[10])
local n = {[1] = "a", [2] = "b", [3] = "c"}
print(n[1], n[2], n[3], #n)
local trailing = {1, 2, 3,}
local trailing2 = {a = 1; b = 2;}
print(#trailing, trailing2.a, trailing2.b)
local nested = {{1, 2}, {3, {4, 5}}, {x = {y = {z = "deep"}}}}
print(nested[1][2], nested[2][2][1], nested[3].x.y.z)
local function three() return "p", "q", "r" end
local withcall = {three(), three()}
print(#withcall, table.concat(withcall, ","))
local withparen = {(three()), three()}
print(#withparen, table.concat(withparen, ","))
local function none() end
local withnone = {none(), "after"}
print(withnone[2])
-- expression keys
local k = "dyn"
local e = {[k] = 1, [k .. "2"] = 2, [1 + 1] = "two", [true] = "t"}
print(e.dyn, e.dyn2, e[2], e[true])
-- functions in tables
local ops = {
  add = function(a, b) return a + b end,
  sub = function(a, b) return a - b end,
  function(a) return -a end,
}
print(ops.add(2, 3), ops.sub(2, 3), ops[1](4))
-- varargs in constructor
local function pack(...) return {...} end
local p = pack(1, 2, 3)
print(#p, p[3])
-- empty table and length
print(#{}, next({}))
-- string keys that look like keywords need brackets
local kw = {["end"] = 1, ["nil"] = 2, ["and"] = 3}
print(kw["end"], kw["nil"], kw["and"])
-- large constructor
local big = {
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
}
local s = 0
for _, v in ipairs(big) do s = s + v end
print(#big, s)
-- records array
local recs = {
  {name = "a", val = 1},
  {name = "b", val = 2},
  {name = "c", val = 3},
}
local names = {}
for i, r in ipairs(recs) do names[i] = r.name .. r.val end
print(table.concat(names, " "))
