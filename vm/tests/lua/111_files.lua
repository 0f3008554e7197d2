-- Files: written and read back in a temporary file with every read format, seeks,
-- appends, lines iterators, io.input/io.output redirection, and the errors.

local name = os.tmpname()
local f = assert(io.open(name, "w"))
print(io.type(f), io.type(io.stdout), io.type(42))
print(f:write("first line\n", 42, " ", 3.5, "\n", "x y z\n"))
print(f:write("0x10 -7.25e2 ;rest\n"))
f:write("last line without newline")
print(f:close())
print(io.type(f), tostring(f))
print(pcall(f.write, f, "more"))

f = assert(io.open(name, "r"))
print(f:read())
print(f:read("*n", "*n"))
print(f:read("*l"))
print(f:read("*L"))
print(f:read("*n", "*n", "*n"))
print(f:read(4), f:read(0))
print(f:read("*a"))
print(f:read("*a"), f:read(0), f:read(), f:read(1))
print(f:seek("set", 6), f:read(4))
print(f:seek("cur"), f:seek("end"), f:seek("cur", -9), f:read("*a"))
print(pcall(f.read, f, "*x"))
print(pcall(f.read, f, {}))
f:close()

local n = 0
for line in io.lines(name) do n = n + 1 io.write("[", line, "]") end
print(n)
f = assert(io.open(name))
for a, b in f:lines(2, 3) do io.write(a, "|", tostring(b), ";") end
print()
f:close()

f = assert(io.open(name, "a+"))
f:write("\nappended")
f:seek("set")
print(f:read("*l"))
f:close()

f = assert(io.open(name, "r+"))
f:write("FIRST")
f:seek("set")
print(f:read("*l"))
f:close()

f = assert(io.open(name, "w+"))
f:write("hello world")
f:seek("set", 6)
print(f:read("*a"))
f:close()

-- Redirected default input and output.
local out = io.output()
io.output(name)
io.write("via io.write\n", 1, "\n")
io.close()
io.output(out)
io.input(name)
print(io.read("*l"), io.read("*n"))
io.close(io.input())
io.input(io.stdin)

local t = io.tmpfile()
t:write("tmp contents")
t:seek("set")
print(t:read("*a"))
t:close()

-- Errors.
local missing = name .. ".missing"
print(select("#", io.open(missing)), (select(3, io.open(missing))))
print((select(2, io.open(missing))) == missing .. ": No such file or directory")
local ok, err = pcall(io.lines, missing)
print(ok, err == "bad argument #1 to '?' (" .. missing .. ": No such file or directory)")
print(pcall(io.open, nil))
print(io.stdout:close())
print(pcall(string.dump, print))

-- rename and remove.
local other = name .. ".renamed"
print(os.rename(name, other))
print(io.open(name) == nil, io.open(other) ~= nil)
print(os.remove(other))
print(select(3, os.remove(other)))
print(os.getenv("HOTSIM_SURELY_UNSET_VARIABLE"))
