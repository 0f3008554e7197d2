-- pairs and next, with order-independent output
local t = {a = 1, b = 2, c = 3, [1] = "x", [2] = "y", [10] = "z", [2.5] = "f", [true] = "t"}
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = type(k) .. ":" .. tostring(k) .. "=" .. tostring(v) end
table.sort(keys)
print(#keys)
for _, s in ipairs(keys) do print(s) end
-- next-based count
local function count(tbl)
  local n = 0
  local k = next(tbl)
  while k ~= nil do n = n + 1; k = next(tbl, k) end
  return n
end
print("count", count(t), count({}), count({1, 2, 3}), count({x = 1}))
-- next on empty
print(next({}), type(next), next({}, nil))
-- sum values via pairs
local sum = 0
for _, v in pairs({10, 20, 30, x = 40, y = 50}) do sum = sum + v end
print("sum", sum)
-- clearing entries during traversal is allowed
local big = {}
for i = 1, 50 do big["k" .. i] = i end
for k, v in pairs(big) do
  if v % 2 == 0 then big[k] = nil end
end
print("after clear", count(big))
local s = 0
for _, v in pairs(big) do s = s + v end
print("remaining sum", s)
-- pairs with __index does not see inherited keys
local base = {inherited = 1}
local child = setmetatable({own = 2}, {__index = base})
local ck = {}
for k in pairs(child) do ck[#ck + 1] = k end
print(#ck, ck[1])
-- nested tables
local data = {fruits = {"apple", "banana"}, veg = {"carrot"}, empty = {}}
local lines = {}
for k, v in pairs(data) do lines[#lines + 1] = k .. "=" .. #v end
table.sort(lines)
print(table.concat(lines, " "))
-- keys of mixed types sorted by custom comparator
local mixed = {[1] = true, [3] = true, x = true, [2] = true, y = true}
local nk, sk = {}, {}
for k in pairs(mixed) do
  if type(k) == "number" then nk[#nk + 1] = k else sk[#sk + 1] = k end
end
table.sort(nk); table.sort(sk)
print(table.concat(nk, ","), table.concat(sk, ","))
-- invert a table
local colors = {red = 1, green = 2, blue = 3}
local inv = {}
for k, v in pairs(colors) do inv[v] = k end
print(inv[1], inv[2], inv[3])
-- pairs returns next, t, nil
local f, st, init = pairs(colors)
print(f == next, st == colors, init)
