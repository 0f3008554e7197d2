-- string <-> number coercions
print("10" + 1, "3" * "4", "2" ^ "10", "7" % "3", "-5" - 1, "0x10" + 0)
print(" 10 " + 1, "1e2" + 0, "1.5" * 2, ".5" + 0, "5." + 0)
print(10 .. "", 1.5 .. "", -3 .. "x", 1e20 .. "", 2^53 .. "")
print(1 .. 2, 1 .. 2 .. 3, "a" .. 1 + 2, 1.0 .. "")
local n = 42
local s = "n=" .. n
print(s, #s, type(s))
print(type("10" + 0), type(10 .. ""))
print(("5"):rep(3), (5 .. ""):rep(2))
print("-- concat associativity and numbers")
print(0 .. 0, -0 .. "", 0.1 .. 0.2)
local parts = ""
for i = 1, 10 do parts = parts .. i .. (i < 10 and "," or "") end
print(parts)
print("-- comparisons do not coerce")
print("10" == 10, 10 == "10", "10" ~= 10)
print("-- string arithmetic with floats")
print("3.5" + "1.25", "1e300" * "1e10", "-0" + 0)
print(math.floor("3.7"), math.max("10", "9"))
print(string.len(12345), string.sub(123456, 2, 4), string.upper(1e3))
print(tostring(10) == "10", tonumber("10") == 10)
print("-- numeric for with string bounds not allowed, so convert")
local total = 0
for i = tonumber("1"), tonumber("5") do total = total + i end
print(total)
