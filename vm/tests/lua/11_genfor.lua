-- generic for with custom iterators
local function range(n)
  local i = 0
  return function()
    i = i + 1
    if i <= n then return i end
  end
end
for i in range(5) do io.write(i, " ") end print()
-- stateless iterator
local function iter(t, i)
  i = i + 1
  local v = t[i]
  if v then return i, v end
end
local function myipairs(t) return iter, t, 0 end
for i, v in myipairs({"a", "b", "c"}) do print(i, v) end
-- iterator returning multiple values
local function pairs3(n)
  return function(_, k)
    if k >= n then return nil end
    return k + 1, (k + 1) ^ 2, (k + 1) * 10
  end, nil, 0
end
for a, b, c in pairs3(4) do print(a, b, c) end
-- ipairs stops at first nil
local t = {1, 2, 3}
t[5] = 5
local cnt = 0
for _ in ipairs(t) do cnt = cnt + 1 end
print("ipairs count", cnt)
-- pairs on hash with sorted output
local h = {x = 1, y = 2, z = 3, [10] = "ten", [true] = "yes"}
local keys = {}
for k in pairs(h) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, ","))
-- string iteration
for w in string.gmatch("one two three", "%a+") do io.write("<", w, ">") end print()
-- reverse iterator
local function rev(t)
  local i = #t + 1
  return function() i = i - 1; if i > 0 then return i, t[i] end end
end
for i, v in rev({"x", "y", "z"}) do io.write(i, v, " ") end print()
-- break out of generic for
for i in range(100) do
  if i > 3 then break end
  io.write(i, ";")
end
print()
-- next directly
local single = {only = "one"}
local k, v = next(single)
print(k, v, next(single, k))
print(next({}))
-- nested iterators
for i in range(3) do
  for j in range(i) do io.write(i, "-", j, " ") end
end
print()
-- iterator with state table
local function chars(s)
  return function(st)
    st.i = st.i + 1
    if st.i <= #s then return s:sub(st.i, st.i) end
  end, {i = 0}
end
for ch in chars("hello") do io.write(ch:upper()) end print()
