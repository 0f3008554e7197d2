-- runtime error messages: indexing nil values
local function try(label, f)
  local ok, err = pcall(f)
  print(label, ok, err)
end
try("local", function()
  local t = nil
  local v = t.x
end)
try("local assign", function()
  local t
  t.x = 1
end)
try("global", function()
  local v = missing_global_table.field
end)
try("global assign", function()
  missing_global_table2.field = 5
end)
try("field", function()
  local t = {}
  local v = t.inner.deep
end)
try("field assign", function()
  local cfg = {}
  cfg.section.key = "v"
end)
local up = nil
try("upvalue", function()
  local v = up.x
end)
try("upvalue assign", function()
  up.x = 1
end)
try("number index", function()
  local n = 5
  local v = n.field
end)
try("boolean index", function()
  local b = true
  local v = b.field
end)
try("nested field", function()
  local a = {b = {}}
  local v = a.b.c.d
end)
try("bracket key", function()
  local t = {}
  local v = t[1][2]
end)
-- a successful lookup for comparison
try("ok", function()
  local t = {x = {y = 1}}
  local v = t.x.y
end)
-- strings can be indexed (string methods), missing method is nil
try("string missing field", function()
  local s = "abc"
  local v = s.nothing
  print("  value is", v)
end)
