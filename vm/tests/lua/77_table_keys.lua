-- table key normalisation and key types
local t = {}
t[1] = "int"
print(t[1.0], t[1])
t[2.0] = "float-two"
print(t[2], #t)
t["1"] = "string-one"
print(t[1], t["1"])
t[1.5] = "one-and-half"
print(t[1.5], t[3 / 2])
t[-0.0] = "neg zero"
print(t[0], t[-0])
t[2^53] = "big"
print(t[2^53], t[9007199254740992])
-- boolean keys
t[true] = "yes"
t[false] = "no"
print(t[true], t[false], t[1 == 1])
-- table and function keys
local k1, k2 = {}, {}
local fk = function() end
t[k1] = "k1"
t[k2] = "k2"
t[fk] = "fn"
print(t[k1], t[k2], t[fk], t[{}])
-- string keys vs identifier syntax
local s = {}
s.name = "dot"
print(s["name"], s.name)
s["with space"] = 1
s[""] = "empty key"
print(s["with space"], s[""])
-- nil key read is fine, nil/NaN key write is an error
print(t[nil])
print("nil key write fails", not pcall(function() t[nil] = 1 end))
print("nan key write fails", not pcall(function() t[0 / 0] = 1 end))
print("nan key read", t[0 / 0])
-- counting keys of each type
local types = {}
for k in pairs(t) do types[type(k)] = (types[type(k)] or 0) + 1 end
local names = {}
for k, v in pairs(types) do names[#names + 1] = k .. "=" .. v end
table.sort(names)
print(table.concat(names, " "))
-- numeric string keys are distinct from numbers
local m = {}
m[10] = "number"
m["10"] = "string"
print(m[10], m["10"], m[tonumber("10")], m[tostring(10)])
-- large sparse integer keys
local sparse = {}
sparse[1000000] = "million"
sparse[-5] = "negative"
sparse[0] = "zero"
print(sparse[1000000], sparse[-5], sparse[0], sparse[1])
-- overwriting and deleting
local d = {a = 1}
d.a = nil
print(d.a, next(d))
