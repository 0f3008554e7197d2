-- goto and labels (LuaJIT extension)
-- continue idiom
for i = 1, 10 do
  if i % 2 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
-- nested loops with continue at each level
for i = 1, 3 do
  for j = 1, 4 do
    if j == 2 then goto next_j end
    if i == 2 then goto next_i end
    io.write(i, ":", j, " ")
    ::next_j::
  end
  ::next_i::
end
print()
-- break out of nested loops
for i = 1, 5 do
  for j = 1, 5 do
    if i * j == 6 then
      print("found", i, j)
      goto done
    end
  end
end
::done::
-- backward goto as a loop
local n = 0
::top::
n = n + 1
if n < 5 then goto top end
print("n", n)
-- goto in while with continue
local k = 0
local odd = {}
while k < 10 do
  k = k + 1
  if k % 2 == 0 then goto cont end
  odd[#odd + 1] = k
  ::cont::
end
print(table.concat(odd, ","))
-- closures created in a goto loop capture fresh locals
local fns = {}
do
  local i = 1
  ::again::
  local x = i * 100
  fns[#fns + 1] = function() return x end
  i = i + 1
  if i <= 3 then goto again end
end
for _, f in ipairs(fns) do io.write(f(), " ") end
print()
-- goto in repeat
local r = 0
repeat
  r = r + 1
  if r == 2 then goto skip end
  io.write("r", r, " ")
  ::skip::
until r >= 4
print()
-- state machine with gotos
local input = "aabbbc"
local pos = 1
local counts = {a = 0, b = 0, c = 0}
::state_a::
if input:sub(pos, pos) == "a" then counts.a = counts.a + 1; pos = pos + 1; goto state_a end
::state_b::
if input:sub(pos, pos) == "b" then counts.b = counts.b + 1; pos = pos + 1; goto state_b end
if input:sub(pos, pos) == "c" then counts.c = counts.c + 1; pos = pos + 1 end
print(counts.a, counts.b, counts.c, pos)
-- goto to skip a block (forward jump within the same block)
local function classify(n)
  local tag = "small"
  if n < 10 then goto done end
  tag = "medium"
  if n < 100 then goto done end
  tag = "large"
  ::done::
  return tag
end
print(classify(5), classify(50), classify(500))
-- retry loop with goto
local attempts = 0
local function flaky() attempts = attempts + 1 return attempts >= 3 end
::retry::
if not flaky() then goto retry end
print("succeeded after", attempts)
-- nested loop continue on the outer loop
local pairs_found = {}
for i = 1, 4 do
  for j = 1, 4 do
    if j > i then goto next_outer end
    if (i + j) % 2 == 1 then goto next_inner end
    pairs_found[#pairs_found + 1] = i .. j
    ::next_inner::
  end
  ::next_outer::
end
print(table.concat(pairs_found, " "))
-- labels with the same name in different functions/blocks
local function f1() goto l ::l:: return "f1" end
local function f2() do goto l end ::l:: return "f2" end
print(f1(), f2())
