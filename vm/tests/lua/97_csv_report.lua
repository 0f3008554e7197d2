-- realistic: CSV parsing with quoted fields, aggregation and a formatted report
local csv = [[
date,region,product,units,price,note
2024-01-03,North,Widget,10,2.50,
2024-01-04,South,Gadget,3,10.00,"bulk, discounted"
2024-01-04,North,Gadget,7,9.50,
2024-01-05,East,Widget,1,2.75,"said ""hello"""
2024-02-01,South,Widget,12,2.40,
2024-02-02,East,Doohickey,4,15.25,
2024-02-03,North,Widget,8,2.55,rush
2024-02-10,West,Gadget,6,9.75,
2024-03-01,West,Doohickey,2,14.00,"multi
line"
2024-03-02,South,Gadget,5,10.25,
]]
local function parse_line(s, i)
  local fields = {}
  local field = {}
  local inq = false
  while i <= #s do
    local c = s:sub(i, i)
    if inq then
      if c == '"' then
        if s:sub(i + 1, i + 1) == '"' then field[#field + 1] = '"'; i = i + 1
        else inq = false end
      else field[#field + 1] = c end
    elseif c == '"' then inq = true
    elseif c == "," then fields[#fields + 1] = table.concat(field); field = {}
    elseif c == "\n" then i = i + 1 break
    else field[#field + 1] = c end
    i = i + 1
  end
  fields[#fields + 1] = table.concat(field)
  return fields, i
end
local rows = {}
local i = 1
local header
header, i = parse_line(csv, i)
while i <= #csv do
  local f
  f, i = parse_line(csv, i)
  local r = {}
  for k, name in ipairs(header) do r[name] = f[k] end
  r.units = tonumber(r.units)
  r.price = tonumber(r.price)
  rows[#rows + 1] = r
end
print("columns", table.concat(header, "|"))
print("rows", #rows)
for _, r in ipairs(rows) do
  if r.note ~= "" then print("note:", r.date, string.format("%q", r.note)) end
end
local function group(key)
  local g = {}
  for _, r in ipairs(rows) do
    local k = type(key) == "function" and key(r) or r[key]
    local e = g[k] or {units = 0, revenue = 0, count = 0}
    e.units = e.units + r.units
    e.revenue = e.revenue + r.units * r.price
    e.count = e.count + 1
    g[k] = e
  end
  local keys = {}
  for k in pairs(g) do keys[#keys + 1] = k end
  table.sort(keys)
  return g, keys
end
local function report(title, key)
  local g, keys = group(key)
  print(("="):rep(44))
  print(string.format("%-12s %6s %6s %12s", title, "count", "units", "revenue"))
  print(("-"):rep(44))
  local tu, tr = 0, 0
  for _, k in ipairs(keys) do
    local e = g[k]
    print(string.format("%-12s %6d %6d %12.2f", k, e.count, e.units, e.revenue))
    tu, tr = tu + e.units, tr + e.revenue
  end
  print(("-"):rep(44))
  print(string.format("%-12s %6d %6d %12.2f", "TOTAL", #rows, tu, tr))
end
report("region", "region")
report("product", "product")
report("month", function(r) return r.date:sub(1, 7) end)
-- best sale
table.sort(rows, function(a, b)
  local ra, rb = a.units * a.price, b.units * b.price
  if ra ~= rb then return ra > rb end
  return a.date < b.date
end)
for k = 1, 3 do
  local r = rows[k]
  print(string.format("top%d %s %-6s %-9s %7.2f", k, r.date, r.region, r.product, r.units * r.price))
end
