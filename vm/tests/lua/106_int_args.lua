-- Integer arguments of library functions are read as LuaJIT's lj_lib_checkint reads
-- them: truncated to 32 bits, NaN and anything out of range becoming INT_MIN.
print(#string.rep("x", 2^31), #string.rep("x", 0/0), #string.rep("x", 2.9))
print(("abcdef"):sub(2^32 + 2, 3), ("abcdef"):sub(-2^40), ("abcdef"):sub(2, 2^40))
print(("abc"):byte(2^31), ("abc"):byte(-2^31), ("abc"):byte(1.9))
print(pcall(string.rep, "ab", 2^30 + 10))
print(string.format("%d", 3.7), select(-1.5 + 2.5, "a", "b"))
