-- A function called from the interpreter often enough to get its own trace.
local function work(n)
  local s = 0
  s = s + n * 2
  return s
end
local t = 0
local i = 0
while true do
  i = i + 1
  if i > 300 then break end
  t = t + work(i)
end
print(t)
