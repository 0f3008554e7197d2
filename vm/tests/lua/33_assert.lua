-- assert
print(assert(1), assert("x", "unused"), assert(true))
print(assert(1, 2, 3))
print(select('#', assert(1, nil, 3)))
local ok, err = pcall(assert, false)
print(ok, err)
ok, err = pcall(assert, nil)
print(ok, err)
ok, err = pcall(assert, false, "custom message")
print(ok, err)
ok, err = pcall(assert, nil, "another")
print(ok, err)
-- non-string messages are passed through unchanged
ok, err = pcall(assert, false, 404)
print(ok, err, type(err))
local etab = {code = 7}
ok, err = pcall(assert, false, etab)
print(ok, err == etab, err.code)
-- assert inside a Lua function: LuaJIT prefixes string/number messages with the caller position
local function check(x)
  assert(type(x) == "number", "expected number")
  return x * 2
end
print(pcall(check, 21))
print(pcall(check, "21"))
-- assert passes 0 and "" (truthy)
print(assert(0), assert(""))
-- assert with a tonumber result
local n = assert(tonumber("123"))
print(n + 1)
print(pcall(function() return assert(tonumber("abc"), "not a number: abc") end))
-- assert returns all args, usable in multiple assignment
local a, b, c = assert(10, 20, 30)
print(a, b, c)
-- assertion without message inside a Lua function
local function noargs(v) assert(v) return "passed" end
print(pcall(noargs, 1))
print(pcall(noargs, false))
-- number message inside a Lua function
local function nummsg() assert(false, 500) return 1 end
print(pcall(nummsg))
-- table message is passed through unchanged
local function tabmsg() assert(nil, etab) return 1 end
local okt, et = pcall(tabmsg)
print(okt, et == etab)
