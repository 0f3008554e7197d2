-- table.insert and table.remove
local t = {}
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, 1, "first")
table.insert(t, 2, "second")
table.insert(t, #t + 1, "last")
print(#t, table.concat(t, ","))
table.insert(t, 3, "mid")
print(#t, table.concat(t, ","))
print(table.remove(t), #t, table.concat(t, ","))
print(table.remove(t, 1), #t, table.concat(t, ","))
print(table.remove(t, 2), #t, table.concat(t, ","))
print(table.remove(t, #t), #t, table.concat(t, ","))
print(table.remove({}), #{})
local e = {}
print(table.remove(e), table.remove(e), #e)
-- remove all from the front
local q = {1, 2, 3, 4, 5}
local out = {}
while #q > 0 do out[#out + 1] = table.remove(q, 1) end
print(table.concat(out, " "), #q)
-- stack usage
local stack = {}
for i = 1, 5 do table.insert(stack, i * i) end
local popped = {}
while #stack > 0 do popped[#popped + 1] = table.remove(stack) end
print(table.concat(popped, " "))
-- insert keeps order when building sorted list
local sorted = {}
for _, v in ipairs({5, 1, 4, 2, 3, 0, 6}) do
  local pos = #sorted + 1
  for i = 1, #sorted do if v < sorted[i] then pos = i; break end end
  table.insert(sorted, pos, v)
end
print(table.concat(sorted, " "))
-- remove during reverse iteration
local nums = {}
for i = 1, 20 do nums[i] = i end
for i = #nums, 1, -1 do if nums[i] % 3 == 0 then table.remove(nums, i) end end
print(#nums, table.concat(nums, " "))
-- insert with table values
local rows = {}
table.insert(rows, {id = 1})
table.insert(rows, 1, {id = 0})
print(rows[1].id, rows[2].id, #rows)
-- remove returns the removed value even if it is false
local fl = {true, false, true}
print(table.remove(fl, 2), #fl, fl[2])
-- remove at #t+1 position is allowed? only at #t; test #t
local r = {10, 20, 30}
print(table.remove(r, 3), table.concat(r, ","))
