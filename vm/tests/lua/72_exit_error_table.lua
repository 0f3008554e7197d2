-- uncaught error with a non-string (table) value after output: exit status 1
print("processing")
local items = {"a", "b", "c"}
for i, v in ipairs(items) do print(i, v) end
local ok, e = pcall(error, {code = 1})
print("caught first", ok, type(e), e.code)
error({code = 2})
print("never printed")
