-- A repeat-until loop.
local i, s = 0, 0
repeat
  s = s + i % 7
  i = i + 1
until i >= 1000
print(s)
