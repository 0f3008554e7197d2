-- Table layout as LuaJIT's: pairs order over number and boolean keys, tables filled
-- from 2, from the end and with holes, borders found by #, and table.insert,
-- table.remove and unpack over holes.

local function keys(t)
  local out = {}
  for k, v in pairs(t) do out[#out + 1] = tostring(k) .. "=" .. tostring(v) end
  return table.concat(out, " ")
end

local u = {}
for i = 1, 10 do u[i * 1.5] = i end
u[-3] = 1
u[100] = 2
u[true] = "t"
u[false] = "f"
print(keys(u))

local from2 = {}
for i = 2, 20 do from2[i] = i end
print(#from2, keys(from2))

local back = {}
for i = 20, 1, -1 do back[i] = i end
print(#back, keys(back))

local holes = {}
for i = 1, 30, 3 do holes[i] = i end
print(#holes, keys(holes))

local mixed = { 10, 20, 30, [0] = 0, [5] = 50, [-1] = -1, [2.5] = 25 }
print(#mixed, keys(mixed))

local big = {}
for i = 1, 1000 do big[i * 7 % 1009] = i end
local n, sum = 0, 0
for k, v in pairs(big) do n = n + 1 sum = sum + k * v end
print(#big, n, sum)
local firsts = {}
for k in pairs(big) do firsts[#firsts + 1] = k if #firsts == 12 then break end end
print(table.concat(firsts, " "))

-- Deleting while iterating, then reusing the table.
for k in pairs(u) do u[k] = nil end
print(next(u))
for i = 1, 6 do u[i / 4] = i end
print(keys(u))

-- Borders with holes: what # answers depends on the layout, as in LuaJIT.
local t = { 1, 2, 3, nil, 5 }
print(#t)
t = { 1, 2, nil, nil, nil, 6 }
print(#t)
t = {}
t[1] = 1 t[2] = 2 t[4] = 4
print(#t)
t = { n = 1, 1, 2, 3 }
t[5] = 5
print(#t)

-- insert, remove and unpack over holes.
t = { 1, 2, 3 }
table.insert(t, 1, 0)
table.insert(t, 9)
print(#t, unpack(t))
print(table.remove(t, 1), table.remove(t), #t, unpack(t))
t = { 1, nil, 3 }
print(#t, unpack(t))
print(unpack({ 1, nil, 3 }, 1, 3))
t = {}
t[3] = 3
print(#t, table.remove(t), #t)
