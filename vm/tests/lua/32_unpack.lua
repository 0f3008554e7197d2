-- unpack with ranges
local t = {1, 2, 3, 4, 5}
print(unpack(t))
print(unpack(t, 2))
print(unpack(t, 2, 4))
print(unpack(t, 4, 2))
print(unpack(t, 5, 5))
print(unpack(t, 0, 2))
print(unpack(t, 4, 7))
print(select('#', unpack(t, 1, 10)))
print(select('#', unpack({})))
print(select('#', unpack({}, 1, 3)))
print(unpack({"a", nil, "c"}, 1, 3))
print(unpack({n = 3}, 1, 2))
-- unpack into function args
print(math.max(unpack(t)), string.char(unpack({72, 105, 33})))
local function sum(...) local s = 0 for i = 1, select('#', ...) do s = s + (select(i, ...)) end return s end
print(sum(unpack(t)), sum(unpack(t, 3)))
-- unpack in the middle of an expression list is truncated
print(unpack(t), "end")
print("start", unpack(t))
-- unpack with float bounds
print(unpack(t, 1.0, 3.0))
-- pack/unpack round trip with nils using explicit n
local function pack(...) return {n = select('#', ...), ...} end
local p = pack(1, nil, 3, nil)
print(p.n, unpack(p, 1, p.n))
-- large unpack
local big = {}
for i = 1, 250 do big[i] = i end
print(select('#', unpack(big)), (select(250, unpack(big))))
-- unpack strings table
print(table.concat({unpack({"x", "y", "z"}, 2)}, "-"))
