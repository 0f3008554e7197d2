-- realistic: number theory (sieve, factorization, perfect numbers, totient)
local function sieve(n)
  local is = {}
  for i = 2, n do is[i] = true end
  for i = 2, math.floor(math.sqrt(n)) do
    if is[i] then for j = i * i, n, i do is[j] = false end end
  end
  local primes = {}
  for i = 2, n do if is[i] then primes[#primes + 1] = i end end
  return primes
end
local primes = sieve(10000)
print("primes below 10000:", #primes)
print("first 25:", table.concat(primes, " ", 1, 25))
print("last 5:", table.concat(primes, " ", #primes - 4))
local function factor(n)
  local out = {}
  local d = 2
  while d * d <= n do
    while n % d == 0 do out[#out + 1] = d; n = n / d end
    d = d + 1
  end
  if n > 1 then out[#out + 1] = n end
  return out
end
for _, n in ipairs({2, 12, 97, 360, 1001, 65536, 999999, 600851475143, 2^31 - 1}) do
  print(n, table.concat(factor(n), "*"))
end
local function divisor_sum(n)
  local s = 1
  for d = 2, math.floor(math.sqrt(n)) do
    if n % d == 0 then
      s = s + d
      if d ~= n / d then s = s + n / d end
    end
  end
  return s
end
local perfect = {}
for n = 2, 10000 do if divisor_sum(n) == n then perfect[#perfect + 1] = n end end
print("perfect:", table.concat(perfect, " "))
local amicable = {}
for a = 2, 3000 do
  local b = divisor_sum(a)
  if b > a and divisor_sum(b) == a then amicable[#amicable + 1] = a .. "&" .. b end
end
print("amicable:", table.concat(amicable, " "))
local function phi(n)
  local result = n
  for _, p in ipairs(primes) do
    if p * p > n then break end
    if n % p == 0 then
      while n % p == 0 do n = n / p end
      result = result - result / p
    end
  end
  if n > 1 then result = result - result / n end
  return result
end
local phis = {}
for n = 1, 20 do phis[n] = phi(n) end
print("phi 1..20:", table.concat(phis, " "))
-- twin primes and gaps
local twins, maxgap, gapat = 0, 0, 0
for i = 2, #primes do
  local g = primes[i] - primes[i - 1]
  if g == 2 then twins = twins + 1 end
  if g > maxgap then maxgap, gapat = g, primes[i - 1] end
end
print("twin pairs", twins, "max gap", maxgap, "after", gapat)
-- modular exponentiation and Fermat test
local function powmod(b, e, m)
  local r = 1
  b = b % m
  while e > 0 do
    if e % 2 == 1 then r = (r * b) % m end
    b = (b * b) % m
    e = math.floor(e / 2)
  end
  return r
end
print(powmod(2, 10, 1000), powmod(3, 200, 1000007), powmod(7, 12345, 65521))
local carmichael = {}
for n = 3, 3000, 2 do
  local comp = #factor(n) > 1
  if comp then
    local ok = true
    for _, a in ipairs({2, 5, 7, 11}) do
      if n % a ~= 0 and powmod(a, n - 1, n) ~= 1 then ok = false break end
    end
    if ok then carmichael[#carmichael + 1] = n end
  end
end
print("fermat liars:", table.concat(carmichael, " "))
