-- xpcall with handlers
local function handler(msg) return "handled<" .. tostring(msg) .. ">" end
print(xpcall(function() return "fine", 2 end, handler))
print(xpcall(function() error("oops", 0) end, handler))
print(xpcall(function() error("with pos") end, handler))
print(xpcall(function() error({1, 2, 3}) end, function(e) return #e end))
print(xpcall(function() error(nil) end, function(e) return type(e) end))
-- handler receives runtime error message
print(xpcall(function() local t = nil; return t.x end, function(m) return (m:gsub("^[^:]+:%d+: ", "")) end))
-- handler return value count: only first value is returned? check count
print(select('#', xpcall(function() error("x", 0) end, function() return 1, 2 end)))
-- handler that returns nothing
print(xpcall(function() error("x", 0) end, function() end))
-- nested xpcall
local r = {xpcall(function()
  local ok, v = xpcall(function() error("inner", 0) end, function(m) return "in:" .. m end)
  error("outer after " .. v, 0)
end, function(m) return "out:" .. m end)}
print(r[1], r[2])
-- xpcall success with many results
print(xpcall(function() return 1, nil, 3 end, handler))
-- handler used for logging then translating
local log = {}
local function logging_handler(m)
  log[#log + 1] = m
  return "logged"
end
for i = 1, 3 do
  xpcall(function() if i ~= 2 then error("fail " .. i, 0) end end, logging_handler)
end
print(#log, table.concat(log, ";"))
-- error object passes through handler unchanged type
local obj = {kind = "custom"}
local ok, e = xpcall(function() error(obj) end, function(x) return x end)
print(ok, e == obj, e.kind)
