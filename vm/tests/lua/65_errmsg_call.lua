-- runtime error messages: calling nil / non-function values
local function try(label, f)
  local ok, err = pcall(f)
  print(label, ok, err)
end
try("global", function()
  local r = no_such_function(1, 2)
end)
try("local", function()
  local fn = nil
  local r = fn()
end)
try("field", function()
  local obj = {}
  local r = obj.method(1)
end)
try("method", function()
  local obj = {}
  local r = obj:method(1)
end)
local upfn
try("upvalue", function()
  local r = upfn()
end)
try("number", function()
  local n = 42
  local r = n()
end)
try("table", function()
  local t = {}
  local r = t()
end)
try("string method missing", function()
  local s = "text"
  local r = s:nonexistent()
end)
try("field of global", function()
  local r = string.nonexistent("x")
end)
-- callable table works
try("callable", function()
  local c = setmetatable({}, {__call = function() return "called" end})
  print("  result", c())
end)
