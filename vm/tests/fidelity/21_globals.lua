-- Global variables read and written in a loop.
total = 0
step = 3
for i = 1, 1000 do total = total + step end
print(total)
