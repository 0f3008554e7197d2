-- short-circuit evaluation and evaluation order
local log = {}
local function v(name, val) log[#log + 1] = name; return val end
local r = v("a", false) and v("b", true)
print(r, table.concat(log, ","))
log = {}
r = v("a", nil) or v("b", "B")
print(r, table.concat(log, ","))
log = {}
r = v("a", 1) or v("b", 2)
print(r, table.concat(log, ","))
log = {}
r = v("a", 1) and v("b", 2) and v("c", 3)
print(r, table.concat(log, ","))
log = {}
r = v("a", 1) and v("b", false) and v("c", 3)
print(r, table.concat(log, ","))
-- argument evaluation order is left to right
log = {}
local function f3(...) return select('#', ...) end
f3(v("x", 1), v("y", 2), v("z", 3))
print(table.concat(log, ","))
-- table constructor order
log = {}
local t = {v("p", 1), v("q", 2), k = v("r", 3)}
print(table.concat(log, ","))
-- concatenation operands
log = {}
local s = v("l", "L") .. v("m", "M") .. v("n", "N")
print(s, table.concat(log, ","))
-- ternary idiom pitfalls
local function tern(c, a, b) return c and a or b end
print(tern(true, "yes", "no"), tern(false, "yes", "no"), tern(true, false, "no"), tern(true, nil, "fallback"))
-- not precedence
print(not 1 == 2, not (1 == 2), not nil == true)
-- comparisons produce booleans, and/or return operands
print(1 < 2 and "lt" or "ge", 5 and 6, nil and 6, false or nil, 0 or false)
-- default arguments
local function greet(name, greeting)
  greeting = greeting or "Hello"
  name = name or "stranger"
  return greeting .. ", " .. name
end
print(greet(), greet("Ann"), greet("Bob", "Hi"))
-- guarded access
local cfg = {db = {host = "localhost"}}
print(cfg.db and cfg.db.host, cfg.cache and cfg.cache.size, (cfg.cache or {}).size or 0)
-- while with compound conditions
local i, j = 0, 10
while i < j and i * j < 30 do i = i + 1; j = j - 1 end
print(i, j)
