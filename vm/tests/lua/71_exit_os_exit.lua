-- os.exit with an integer code after printing
local lines = {}
for i = 1, 10 do lines[#lines + 1] = string.format("line %02d", i) end
print(table.concat(lines, "\n"))
io.write("flushing io.write output before exit\n")
local function finish(code)
  print("exiting with", code)
  os.exit(code)
end
finish(3)
print("never printed")
