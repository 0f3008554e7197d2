-- os.exit(0) in the middle of a loop stops the program with status 0
for i = 1, 100 do
  print("iteration", i)
  if i == 12 then
    print("stopping early")
    os.exit(0)
  end
end
print("never printed")
