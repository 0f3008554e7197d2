-- realistic: memoization with closures
local function memoize(fn)
  local cache = {}
  local hits, misses = 0, 0
  local function wrapped(n)
    local v = cache[n]
    if v ~= nil then hits = hits + 1 return v end
    misses = misses + 1
    v = fn(n)
    cache[n] = v
    return v
  end
  local function stats() return hits, misses end
  return wrapped, stats
end
local fib, fibstats
fib, fibstats = memoize(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print(fib(30), fib(60), fib(78))
print("hits/misses", fibstats())
-- multi-argument memoization with composite keys
local function memoize_n(fn)
  local cache = {}
  local calls = 0
  return function(...)
    local key = table.concat({...}, "\0")
    local v = cache[key]
    if v == nil then
      calls = calls + 1
      v = fn(...)
      cache[key] = v
    end
    return v
  end, function() return calls end
end
local binom, bcalls
binom, bcalls = memoize_n(function(n, k)
  if k == 0 or k == n then return 1 end
  return binom(n - 1, k - 1) + binom(n - 1, k)
end)
print(binom(10, 5), binom(30, 15), binom(50, 25))
print("binom computed", bcalls())
for n = 0, 8 do
  local row = {}
  for k = 0, n do row[#row + 1] = binom(n, k) end
  print(string.rep(" ", 8 - n) .. table.concat(row, " "))
end
-- grid paths with memo
local paths
paths = memoize_n(function(r, c)
  if r == 0 or c == 0 then return 1 end
  return paths(r - 1, c) + paths(r, c - 1)
end)
print("grid paths", paths(5, 5), paths(10, 10), paths(16, 16))
-- coin change count
local coins = {1, 5, 10, 25, 50}
local ways
ways = memoize_n(function(amount, idx)
  if amount == 0 then return 1 end
  if amount < 0 or idx > #coins then return 0 end
  return ways(amount - coins[idx], idx) + ways(amount, idx + 1)
end)
for _, amt in ipairs({1, 5, 11, 26, 100, 300}) do print("ways", amt, ways(amt, 1)) end
-- longest common subsequence
local function lcs(a, b)
  local memo = {}
  local function go(i, j)
    if i > #a or j > #b then return "" end
    local key = i * 1000 + j
    if memo[key] then return memo[key] end
    local r
    if a:sub(i, i) == b:sub(j, j) then r = a:sub(i, i) .. go(i + 1, j + 1)
    else
      local x, y = go(i + 1, j), go(i, j + 1)
      r = #x >= #y and x or y
    end
    memo[key] = r
    return r
  end
  return go(1, 1)
end
print(lcs("AGGTAB", "GXTXAYB"), lcs("interpreter", "interrupted"), lcs("abc", "xyz") == "")
-- memoized closures are independent
local sq1 = memoize(function(x) return x * x end)
local sq2, st2 = memoize(function(x) return x * x end)
sq1(3); sq2(3); sq2(3); sq2(4)
print("independent", st2())
