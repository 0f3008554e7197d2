-- ipairs semantics
local t = {"a", "b", "c"}
for i, v in ipairs(t) do print(i, v) end
-- stops at the first nil
local h = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(h) do n = i end
print("stopped at", n)
-- empty
local c = 0
for _ in ipairs({}) do c = c + 1 end
print("empty", c)
-- ipairs ignores hash part and non-positive indices
local m = {[0] = "zero", [-1] = "neg", "one", "two", x = "hash"}
for i, v in ipairs(m) do print(i, v) end
-- values of various types, including false
local vals = {false, 0, "", {}, true}
for i, v in ipairs(vals) do io.write(i, ":", type(v), " ") end
print()
-- modifying during ipairs: appending extends iteration
local grow = {1, 2, 3}
local seen = 0
for i, v in ipairs(grow) do
  seen = seen + 1
  if i <= 3 then grow[#grow + 1] = v * 10 end
end
print("seen", seen, #grow)
-- ipairs returns iterator, table, 0
local f, st, i0 = ipairs(t)
print(type(f), st == t, i0)
print(f(t, 0))
print(f(t, 2))
print(f(t, 3))
-- ipairs with __index (LuaJIT 2.1 ipairs respects __index? only check raw-present values)
local arr = {}
for i = 1, 10 do arr[i] = i * i end
local s = 0
for _, v in ipairs(arr) do s = s + v end
print("sum squares", s)
-- nested ipairs
local matrix = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
for r, row in ipairs(matrix) do
  local cells = {}
  for col, v in ipairs(row) do cells[col] = v * r end
  print(table.concat(cells, " "))
end
