-- break in all loop kinds
for i = 1, 10 do
  if i == 4 then break end
  io.write("for:", i, " ")
end
print()
local i = 0
while true do
  i = i + 1
  if i > 5 then break end
  io.write("while:", i, " ")
end
print()
local j = 0
repeat
  j = j + 1
  if j == 3 then break end
  io.write("repeat:", j, " ")
until false
print()
-- break only exits the innermost loop
for a = 1, 3 do
  for b = 1, 10 do
    if b > a then break end
    io.write(a, b, " ")
  end
end
print()
-- break inside generic for
local found
for idx, v in ipairs({"a", "b", "needle", "c"}) do
  if v == "needle" then found = idx; break end
end
print("found at", found)
-- break with closures capturing loop var
local fns = {}
for k = 1, 10 do
  fns[#fns + 1] = function() return k end
  if k == 3 then break end
end
for _, f in ipairs(fns) do io.write(f(), " ") end
print()
-- first prime above 1000
local n = 1000
while true do
  n = n + 1
  local prime = true
  for d = 2, math.floor(math.sqrt(n)) do
    if n % d == 0 then prime = false; break end
  end
  if prime then break end
end
print("first prime > 1000:", n)
-- break as last statement of a block followed by code in outer block
for x = 1, 3 do
  do break end
end
print("done")
