-- ends with an uncaught error() call: luajit exits with status 1
print("starting")
for i = 1, 5 do print("step", i) end
local function validate(x)
  if x > 3 then error("value too large: " .. x) end
  return x
end
print(validate(1), validate(2), validate(3))
print("about to fail")
validate(10)
print("never printed")
