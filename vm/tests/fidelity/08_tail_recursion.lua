-- Tail recursion: a looping trace through the function.
local function count(n, acc)
  if n == 0 then return acc end
  return count(n - 1, acc + n % 3)
end
print(count(5000, 0))
