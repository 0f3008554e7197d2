-- while and repeat loops
local i = 0
while i < 5 do i = i + 1; io.write(i, " ") end
print()
local n = 27
local steps = 0
while n ~= 1 do
  if n % 2 == 0 then n = n / 2 else n = 3 * n + 1 end
  steps = steps + 1
end
print("collatz 27 steps", steps)
-- repeat: body runs at least once
local c = 0
repeat c = c + 1 until true
print("repeat once", c)
-- locals declared in the body are visible in until
local k = 0
repeat
  local done = k >= 4
  k = k + 1
  io.write(k, " ")
until done
print()
local x = 100
repeat
  local x = x - 1
  io.write("x=", x, " ")
until x < 200
print()
-- while false never runs
while false do print("never") end
-- digits of a number
local num = 9876543
local digits = {}
repeat
  digits[#digits + 1] = num % 10
  num = (num - num % 10) / 10
until num == 0
print(table.concat(digits, ","))
-- nested loops with counters
local total = 0
local a = 1
while a <= 10 do
  local b = 1
  repeat
    total = total + a * b
    b = b + 1
  until b > a
  a = a + 1
end
print("total", total)
-- binary search with while
local arr = {}
for j = 1, 100 do arr[j] = j * 3 end
local function bsearch(t, v)
  local lo, hi = 1, #t
  local probes = 0
  while lo <= hi do
    probes = probes + 1
    local mid = math.floor((lo + hi) / 2)
    if t[mid] == v then return mid, probes
    elseif t[mid] < v then lo = mid + 1
    else hi = mid - 1 end
  end
  return nil, probes
end
for _, v in ipairs({3, 150, 300, 151, 0, 301}) do print("search", v, bsearch(arr, v)) end
-- repeat with closure capturing body local
local fns = {}
local r = 0
repeat
  r = r + 1
  local captured = r * 11
  fns[#fns + 1] = function() return captured end
until captured >= 44
for _, f in ipairs(fns) do io.write(f(), " ") end print()
