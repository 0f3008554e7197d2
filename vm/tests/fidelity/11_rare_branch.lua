-- A branch taken once every 50 iterations: a side trace after hotexit exits.
local s, r = 0, 0
for i = 1, 5000 do
  if i % 50 == 0 then r = r + 1 else s = s + 1 end
end
print(s, r)
