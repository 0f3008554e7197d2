-- A while loop (LOOP, not FORL).
local i, s = 0, 0
while i < 1000 do
  s = s + i * 2
  i = i + 1
end
print(s)
