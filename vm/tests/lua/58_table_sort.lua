-- table.sort
local nums = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(nums)
print(table.concat(nums, " "))
table.sort(nums, function(a, b) return a > b end)
print(table.concat(nums, " "))
local strs = {"banana", "apple", "Cherry", "date", "apple pie", "Apple", "", "b"}
table.sort(strs)
print(table.concat(strs, "|"))
table.sort(strs, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
print(table.concat(strs, "|"))
-- sort by length then alphabetically
table.sort(strs, function(a, b) if #a ~= #b then return #a < #b end return a < b end)
print(table.concat(strs, "|"))
-- floats and negatives
local f = {3.5, -1, 0, -2.25, 1e10, -1e10, 0.001}
table.sort(f)
print(table.concat(f, " "))
-- records by multiple keys
local people = {
  {name = "Ann", age = 30}, {name = "Bob", age = 25}, {name = "Cid", age = 30},
  {name = "Dee", age = 22}, {name = "Eve", age = 25}, {name = "Fay", age = 40},
}
table.sort(people, function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  return a.name < b.name
end)
for _, p in ipairs(people) do io.write(p.name, ":", p.age, " ") end
print()
-- already sorted, reversed, all equal, small sizes
local function check(t, cmp)
  table.sort(t, cmp)
  for i = 2, #t do
    if cmp then
      if cmp(t[i], t[i - 1]) then return false end
    elseif t[i] < t[i - 1] then return false end
  end
  return true
end
local asc, desc, same = {}, {}, {}
for i = 1, 200 do asc[i] = i; desc[i] = 201 - i; same[i] = 7 end
print(check(asc), check(desc), check(same), check({}), check({1}), check({2, 1}))
-- pseudo-random data with a deterministic LCG
local seed = 12345
local function lcg() seed = (seed * 16807) % 2147483647; return math.floor(seed / 16) end
local data = {}
for i = 1, 500 do data[i] = lcg() % 1000 end
print(check(data))
local s = 0
for i = 1, 10 do s = s + data[i] end
print("first ten sum", s, "min", data[1], "max", data[#data])
local data2 = {}
for i = 1, 300 do data2[i] = lcg() % 50 end
print(check(data2, function(a, b) return a > b end), data2[1], data2[300])
-- sort strings of digits (lexicographic)
local ds = {"10", "9", "100", "1", "20", "2"}
table.sort(ds)
print(table.concat(ds, " "))
table.sort(ds, function(a, b) return tonumber(a) < tonumber(b) end)
print(table.concat(ds, " "))
-- sort with invalid comparator error or mixed types: only check that pcall fails
print("mixed types fail", (pcall(table.sort, {1, "x", 2})))
