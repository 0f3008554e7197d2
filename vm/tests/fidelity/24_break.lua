-- A loop left early with break, run many times.
local found = 0
for round = 1, 200 do
  for i = 1, 100 do
    if i * round % 37 == 0 then found = found + i break end
  end
end
print(found)
