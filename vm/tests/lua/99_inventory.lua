-- realistic: inventory and order processing with closures, sorting and reports
local catalog = {
  {sku = "A-100", name = "bolt", price = 0.25, qty = 1000, cat = "hardware"},
  {sku = "A-200", name = "nut", price = 0.1, qty = 2500, cat = "hardware"},
  {sku = "B-300", name = "hammer", price = 12.99, qty = 15, cat = "tools"},
  {sku = "B-310", name = "wrench", price = 8.5, qty = 0, cat = "tools"},
  {sku = "C-400", name = "glue", price = 3.75, qty = 40, cat = "supplies"},
  {sku = "C-410", name = "tape", price = 2.2, qty = 60, cat = "supplies"},
  {sku = "B-320", name = "saw", price = 24, qty = 4, cat = "tools"},
}
local bysku = {}
for _, item in ipairs(catalog) do bysku[item.sku] = item end
local function make_order_processor()
  local next_id = 0
  local totals = {revenue = 0, orders = 0, rejected = 0}
  local function process(lines)
    next_id = next_id + 1
    local id = string.format("ORD-%04d", next_id)
    -- validate everything first
    for _, l in ipairs(lines) do
      local item = bysku[l[1]]
      if not item then totals.rejected = totals.rejected + 1 return nil, id .. " unknown sku " .. l[1] end
      if item.qty < l[2] then
        totals.rejected = totals.rejected + 1
        return nil, string.format("%s insufficient %s (have %d, want %d)", id, item.name, item.qty, l[2])
      end
    end
    local sum = 0
    for _, l in ipairs(lines) do
      local item = bysku[l[1]]
      item.qty = item.qty - l[2]
      sum = sum + item.price * l[2]
    end
    local discount = sum >= 100 and 0.1 or (sum >= 50 and 0.05 or 0)
    local total = sum * (1 - discount)
    totals.revenue = totals.revenue + total
    totals.orders = totals.orders + 1
    return id, total, discount
  end
  return process, totals
end
local process, totals = make_order_processor()
local orders = {
  {{"A-100", 100}, {"A-200", 100}},
  {{"B-300", 2}, {"C-400", 4}},
  {{"B-310", 1}},
  {{"B-320", 3}, {"B-300", 1}},
  {{"Z-999", 1}},
  {{"C-410", 20}, {"A-100", 400}},
  {{"B-320", 2}},
  {{"C-400", 36}, {"C-410", 40}},
}
for _, o in ipairs(orders) do
  local id, total, disc = process(o)
  if id then
    print(string.format("%s ok   total=%8.2f discount=%2d%%", id, total, disc * 100))
  else
    print("REJECTED " .. total)
  end
end
print(string.format("orders=%d rejected=%d revenue=%.2f", totals.orders, totals.rejected, totals.revenue))
-- stock report grouped by category, sorted by value
local cats = {}
for _, item in ipairs(catalog) do
  cats[item.cat] = cats[item.cat] or {}
  table.insert(cats[item.cat], item)
end
local catnames = {}
for k in pairs(cats) do catnames[#catnames + 1] = k end
table.sort(catnames)
for _, c in ipairs(catnames) do
  local list = cats[c]
  table.sort(list, function(a, b)
    local va, vb = a.price * a.qty, b.price * b.qty
    if va ~= vb then return va > vb end
    return a.sku < b.sku
  end)
  print("[" .. c:upper() .. "]")
  local catval = 0
  for _, it in ipairs(list) do
    local v = it.price * it.qty
    catval = catval + v
    local flag = it.qty == 0 and "OUT" or (it.qty < 10 and "LOW" or "")
    print(string.format("  %-6s %-8s %6.2f x %5d = %9.2f %s", it.sku, it.name, it.price, it.qty, v, flag))
  end
  print(string.format("  %-33s %9.2f", "subtotal", catval))
end
-- reorder list via filter/map closures
local function filter(t, pred) local r = {} for _, v in ipairs(t) do if pred(v) then r[#r + 1] = v end end return r end
local function map(t, fn) local r = {} for i, v in ipairs(t) do r[i] = fn(v) end return r end
local low = filter(catalog, function(it) return it.qty < 10 end)
table.sort(low, function(a, b) return a.sku < b.sku end)
print("reorder: " .. table.concat(map(low, function(it) return it.name .. "(" .. it.qty .. ")" end), ", "))
