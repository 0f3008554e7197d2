-- string.format %s, %q, %%
print(string.format("%s", "plain"), string.format("[%10s]", "right"), string.format("[%-10s]", "left"))
print(string.format("[%.3s]", "truncate"), string.format("[%8.3s]", "truncate"), string.format("[%-8.2s]", "ab"))
print(string.format("%s %s %s %s", 1, 2.5, true, nil))
print(string.format("%s", 1e100), string.format("%s", -0.0), string.format("%s", 2^53))
print(string.format("100%%"), string.format("%d%%", 50), string.format("%%d"))
print(string.format("%s=%d", "x", 1) .. string.format(" (%s)", "ok"))
print(string.format("no specifiers"), string.format(""))
print("-- %q")
print(string.format("%q", "simple"))
print(string.format("%q", 'with "quotes"'))
print(string.format("%q", "back\\slash"))
print(string.format("%q", "new\nline"))
print(string.format("%q", "cr\rtab\t"))
print(string.format("%q", "nul\0byte"))
print(string.format("%q", "nul\0" .. "123"))
print(string.format("%q", "ctrl\1\2\31 del\127"))
print(string.format("%q", ""))
print(string.format("%q", "it's"))
-- %q output can be read back by loadstring
local samples = {"a\nb", "q\"q", "\0\1\2", "tab\there", "\\", "x\r\ny", "end\0"}
local all_ok = true
for _, s in ipairs(samples) do
  local back = loadstring("return " .. string.format("%q", s))()
  if back ~= s then all_ok = false; print("mismatch", string.format("%q", s)) end
end
print("roundtrip", all_ok)
print("-- combined")
local rows = {{"apple", 3, 0.5}, {"banana", 12, 0.25}, {"cherry", 100, 2.75}}
for _, r in ipairs(rows) do
  print(string.format("%-8s|%4d|%7.2f|%s", r[1], r[2], r[3], string.rep("*", r[2] % 7)))
end
print(string.format("%3s|%-3s|%03d", "abcdef", "abcdef", 7))
-- many arguments
print(string.format("%s%s%s%s%s%s%s%s%s%s", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
-- extra arguments are ignored
print(string.format("%s", "a", "b", "c"))
