-- runtime error messages: arithmetic, comparison, concatenation
local function try(label, f)
  local ok, err = pcall(f)
  print(label, ok, err)
end
try("arith local string", function()
  local s = "abc"
  local r = s + 1
end)
try("arith local table", function()
  local t = {}
  local r = t * 2
end)
try("arith local nil", function()
  local n
  local r = 1 - n
end)
try("arith global", function()
  local r = undefined_number + 1
end)
try("arith field", function()
  local t = {}
  local r = t.count + 1
end)
local upv = {}
try("arith upvalue", function()
  local r = upv / 2
end)
try("arith boolean", function()
  local b = true
  local r = -b
end)
try("arith mod", function()
  local x = {}
  local r = x % 2
end)
try("arith pow", function()
  local x = "two"
  local r = 2 ^ x
end)
try("numeric string is fine", function()
  local s = "10"
  print("  value", s + 1)
end)
try("compare number nil", function()
  local a, b = 1, nil
  local r = a < b
end)
try("compare nil number", function()
  local a, b = nil, 1
  local r = a < b
end)
try("compare number string", function()
  local a, b = 1, "2"
  local r = a < b
end)
try("compare string number le", function()
  local a, b = "1", 2
  local r = a <= b
end)
try("compare tables", function()
  local a, b = {}, {}
  local r = a < b
end)
try("compare bool", function()
  local a, b = true, false
  local r = a > b
end)
try("compare table number", function()
  local a, b = {}, 1
  local r = a >= b
end)
try("concat local table", function()
  local x = {}
  local r = "a" .. x
end)
try("concat local nil", function()
  local x
  local r = x .. "b"
end)
try("concat global", function()
  local r = "a" .. undefined_string_global
end)
try("concat field", function()
  local t = {}
  local r = "name: " .. t.name
end)
try("concat boolean", function()
  local b = false
  local r = b .. "x"
end)
try("concat number ok", function()
  local n = 5
  print("  value", n .. "x")
end)
try("length of nil", function()
  local t
  local r = #t
end)
try("length of number", function()
  local n = 3
  local r = #n
end)
