-- __newindex as function and table
local log = {}
local t = setmetatable({}, {__newindex = function(tbl, k, v)
  log[#log + 1] = tostring(k) .. "=" .. tostring(v)
  rawset(tbl, k, v)
end})
t.a = 1
t.b = 2
t.a = 3  -- existing key: no __newindex
t[1] = "one"
print(table.concat(log, " "), t.a, t.b, t[1])
-- __newindex to another table
local store = {}
local p = setmetatable({}, {__newindex = store})
p.x = 10
p.y = 20
print(rawget(p, "x"), store.x, store.y)
-- read-only table
local function readonly(src)
  return setmetatable({}, {
    __index = src,
    __newindex = function(_, k) error("attempt to modify read-only field " .. tostring(k), 2) end,
  })
end
local ro = readonly({pi = 3.14})
print(ro.pi)
local ok, err = pcall(function() ro.pi = 3 end)
print(ok, err)
-- __newindex with __index proxy (tracking)
local function track(orig)
  local changes = 0
  local proxy = setmetatable({}, {
    __index = orig,
    __newindex = function(_, k, v) changes = changes + 1; orig[k] = v end,
  })
  return proxy, function() return changes end
end
local data = {v = 1}
local tp, nchanges = track(data)
tp.v = 2; tp.v = 3; tp.w = 4
print(data.v, data.w, tp.v, nchanges())
-- assigning nil to absent key still triggers __newindex
local hits = 0
local h = setmetatable({}, {__newindex = function() hits = hits + 1 end})
h.gone = nil
h.x = 1
print("hits", hits, rawget(h, "x"))
-- rawset bypasses
rawset(h, "direct", 5)
print(h.direct, hits)
-- chained __newindex tables
local final = {}
local mid = setmetatable({}, {__newindex = final})
local top = setmetatable({}, {__newindex = mid})
top.k = "v"
print(rawget(top, "k"), rawget(mid, "k"), final.k)
-- typed fields
local typed = setmetatable({}, {__newindex = function(tb, k, v)
  if type(v) ~= "number" then
    rawset(tb, k, tonumber(v) or 0)
  else
    rawset(tb, k, v)
  end
end})
typed.a = "12"; typed.b = "zz"; typed.c = 7
print(typed.a, typed.b, typed.c, type(typed.a))
