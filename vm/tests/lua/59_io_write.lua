-- io.write
io.write("hello", " ", "world", "\n")
io.write(1, " ", 2.5, " ", -3, " ", 1e20, " ", 1/3, "\n")
io.write()
io.write("")
io.write("no newline yet")
io.write("... now\n")
io.write(0, "\n", -0.0, "\n", 2^53, "\n")
for i = 1, 5 do io.write(i, i < 5 and "," or "\n") end
-- in Lua 5.1 / LuaJIT io.write returns true (not the file)
local r = io.write("x")
io.write("\n", tostring(r), "\n")
-- write mixed with print
print("print line")
io.write("write line\n")
print("print", "tabs")
-- formatting via io.write + string.format
for i = 1, 5 do
  io.write(string.format("%2d: %-6s|%6.2f\n", i, ("#"):rep(i), i / 7))
end
-- write of big strings
io.write(("=-"):rep(30), "\n")
-- io.write with numbers needing %.14g formatting
io.write(0.1 + 0.2, " ", 100 / 3, " ", 1e15, " ", 1e16, " ", -1 / 0, "\n")
