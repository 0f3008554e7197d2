-- non-string error values
local ok, e = pcall(error, {code = 404, msg = "not found"})
print(ok, type(e), e.code, e.msg)
ok, e = pcall(error, 42)
print(ok, type(e), e)
ok, e = pcall(function() error(42) end)
print(ok, type(e), e)
ok, e = pcall(function() error(3.5, 2) end)
print(ok, type(e), e)
ok, e = pcall(error, true)
print(ok, type(e), e)
ok, e = pcall(error, false)
print(ok, type(e), e)
ok, e = pcall(error, nil)
print(ok, type(e), e)
ok, e = pcall(error)
print(ok, type(e), e)
-- tables are passed by reference
local errobj = {}
ok, e = pcall(function() error(errobj) end)
print(ok, e == errobj)
-- error objects with __tostring
local E = {__tostring = function(x) return "E(" .. x.code .. ")" end}
ok, e = pcall(function() error(setmetatable({code = 9}, E)) end)
print(ok, tostring(e), e.code)
-- structured exception pattern
local function try(fn, handlers)
  local ok2, err = pcall(fn)
  if ok2 then return "ok" end
  if type(err) == "table" and handlers[err.kind] then
    return handlers[err.kind](err)
  end
  return "unhandled: " .. tostring(type(err))
end
local handlers = {
  io = function(x) return "io error on " .. x.file end,
  parse = function(x) return "parse error at " .. x.line end,
}
print(try(function() error({kind = "io", file = "data.txt"}) end, handlers))
print(try(function() error({kind = "parse", line = 12}) end, handlers))
print(try(function() error({kind = "other"}) end, handlers))
print(try(function() error(99) end, handlers))
print(try(function() return 1 end, handlers))
-- numbers as error values at level 1 get converted? (LuaJIT adds position to number messages)
ok, e = pcall(function() error(7) end)
print(type(e), e)
ok, e = pcall(function() error(7, 0) end)
print(type(e), e)
