-- pcall in a loop.
local ok_count = 0
for i = 1, 500 do
  local ok = pcall(function(x) return x + 1 end, i)
  if ok then ok_count = ok_count + 1 end
end
print(ok_count)
