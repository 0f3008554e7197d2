-- Table-heavy work: array fill/read, string-keyed hash insert/lookup, table of tables.
local N = tonumber(arg and arg[1]) or 400000

-- Array part: fill, read back, in-place update.
local arr = {}
for i = 1, N do arr[i] = i * 3 % 1001 end
local sum = 0
for round = 1, 5 do
  for i = 1, N do
    local v = arr[i]
    sum = sum + v
    arr[i] = (v + round) % 1001
  end
end
local n = #arr

-- Hash part with string keys: insert, lookup, update, delete.
local keys = {}
for i = 1, 2000 do keys[i] = "key" .. i end
local h = {}
for i = 1, 2000 do h[keys[i]] = i end
local hsum = 0
for round = 1, N / 2000 * 3 do
  for i = 1, 2000, 3 do
    local k = keys[i]
    hsum = hsum + h[k]
    h[k] = h[k] + 1
  end
end
for i = 1, 2000, 2 do h[keys[i]] = nil end
local live = 0
for i = 1, 2000 do if h[keys[i]] ~= nil then live = live + 1 end end

-- Table of tables (records), then an aggregate pass and a sort.
local recs = {}
for i = 1, N / 4 do
  recs[i] = { id = i, x = i % 97, y = (i * 7) % 113, tags = { i % 3, i % 5 } }
end
local agg = 0
for round = 1, 4 do
  for i = 1, #recs do
    local r = recs[i]
    agg = agg + r.x * r.y + r.tags[1] - r.tags[2]
    r.x = (r.x + 1) % 97
  end
end
table.sort(recs, function(a, b)
  if a.y ~= b.y then return a.y < b.y end
  return a.id < b.id
end)
local sorted_ck = 0
for i = 1, #recs, 37 do sorted_ck = (sorted_ck * 31 + recs[i].id) % 1000000007 end

-- table.insert / table.remove as a stack.
local st = {}
for i = 1, N / 2 do table.insert(st, i) end
local popped = 0
while #st > 0 do popped = popped + table.remove(st) end

print(string.format("n=%d sum=%d hsum=%d live=%d agg=%d sorted=%d popped=%d",
  n, sum, hsum, live, agg, sorted_ck, popped))
