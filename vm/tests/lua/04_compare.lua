-- comparison operators
print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 2 > 1, 1 == 1, 1 ~= 1)
print(-1 < 0, -0 == 0, 0.1 + 0.2 == 0.3, 1e308 < 1/0, -1/0 < -1e308)
print("a" < "b", "a" < "B", "abc" < "abd", "abc" < "ab", "" < "a", "Z" < "a")
print("10" < "9", "100" < "2", "a\0b" < "a\0c", "a" <= "a", "b" >= "a")
local nan = 0/0
print(nan < 1, nan > 1, nan <= nan, nan >= nan, nan == nan, nan ~= nan)
print(1 == "1", "1" == 1, nil == false, false == false, nil == nil)
local t1, t2 = {}, {}
print(t1 == t1, t1 == t2, t1 ~= t2)
local f1 = function() end
print(f1 == f1, print == print, print == type)
print("-- not/and/or")
print(not nil, not false, not 0, not "", not not nil)
print(nil and 1, false and 1, 0 and 1, 1 and nil, 1 and false)
print(nil or 1, false or nil, 0 or 1, nil or false, false or false)
print(1 and 2 or 3, nil and 2 or 3, false or nil and 1)
local x = nil
local y = x or "default"
print(y)
print("-- sorting a mixed-by-type safe list")
local words = {"pear", "Apple", "banana", "apple", "Banana", "10", "9", ""}
table.sort(words)
for i, w in ipairs(words) do io.write("[", w, "]") end print()
print("-- chained")
local a, b, c = 1, 2, 3
print(a < b and b < c, a < b == true, (a < b) == (b < c))
for i = 1, 5 do
  local r = {}
  for j = 1, 5 do
    r[#r + 1] = (i < j) and "<" or ((i == j) and "=" or ">")
  end
  print(i, table.concat(r))
end
