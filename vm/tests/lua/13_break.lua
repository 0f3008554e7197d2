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
-- break inside repeat with a local referenced in until
local k = 0
repeat
  local stop = k > 100
  k = k + 7
  if k % 5 == 0 then break end
until stop
print("repeat break k =", k)
-- break from while inside for, counting iterations
local counts = {}
for i = 1, 5 do
  local n = 0
  while true do
    n = n + 1
    if n >= i * 2 then break end
  end
  counts[#counts + 1] = n
end
print(table.concat(counts, ","))
-- break inside nested if/else chains
local classes = {}
for i = 1, 20 do
  if i % 15 == 0 then
    classes[#classes + 1] = "FizzBuzz"
    break
  elseif i % 5 == 0 then
    classes[#classes + 1] = "Buzz"
  elseif i % 3 == 0 then
    classes[#classes + 1] = "Fizz"
  else
    classes[#classes + 1] = tostring(i)
  end
end
print(table.concat(classes, " "))
-- loop variable after break is not visible; use an outer variable
local last
for i = 10, 1, -1 do
  last = i
  if i * i < 30 then break end
end
print("last", last)
-- break out of a loop over gmatch
local first_num
for w in ("alpha beta 42 gamma 7"):gmatch("%S+") do
  if tonumber(w) then first_num = tonumber(w) break end
end
print("first number", first_num)
