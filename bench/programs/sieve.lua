-- Sieve of Eratosthenes over a table filled from index 2 upward: the keys belong in the
-- array part, where LuaJIT's and PUC Lua's rehash moves them (lj_tab.c bestasize).
local m = tonumber(arg and arg[1]) or 2000000
local count = 0
for _ = 1, 3 do
  local p = {}
  for i = 2, m do p[i] = true end
  for i = 2, m do
    if p[i] then
      count = count + 1
      for j = i * i, m, i do p[j] = false end
    end
  end
end
print(count)
