-- error() with levels
local function lvl1() error("level one") end
local function lvl0() error("level zero", 0) end
local function lvl2() error("level two", 2) end
local function caller() lvl2() end
local function default_level() error("default") end
print(pcall(lvl1))
print(pcall(lvl0))
print(pcall(caller))
print(pcall(default_level))
-- level 2 where the direct caller is pcall (a C function): no position
print(pcall(lvl2))
-- error in nested calls reports the innermost function's line
local function deep3() error("deep") end
local function deep2() deep3() end
local function deep1() deep2() end
print(pcall(deep1))
-- argument validation with level 2 points at the caller
local function need_string(s)
  if type(s) ~= "string" then error("need_string: expected string", 2) end
  return s
end
local function user()
  return need_string(5) .. "!"
end
print(pcall(user))
-- level 3
local function l3() error("three", 3) end
local function l3a() l3() end
local function l3b() l3a() end
print(pcall(l3b))
-- error message with format
local function fmt_err(n) error(string.format("bad value %d (max %d)", n, 10)) end
print(pcall(fmt_err, 42))
-- messages that already have a position are not changed at level 0
print(pcall(error, "plain", 0))
-- error called directly by pcall: level 1 refers to error's caller (pcall), no position
print(pcall(error, "direct"))
-- rethrowing keeps the original message
local ok, e = pcall(lvl1)
local ok2, e2 = pcall(function() error(e, 0) end)
print(ok2, e2 == e, e2)
-- rethrow at level 1 adds a second prefix
local ok3, e3 = pcall(function() error(e) end)
print(ok3, e3)
