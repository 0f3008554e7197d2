-- type()
local values = {
  {nil, "nil"}, {true, "boolean"}, {false, "boolean"}, {0, "number"}, {1.5, "number"},
  {"", "string"}, {"x", "string"}, {{}, "table"}, {print, "function"}, {function() end, "function"},
  {1/0, "number"}, {0/0, "number"}, {string, "table"}, {setmetatable({}, {__call = print}), "table"},
}
for i, pair in ipairs(values) do
  -- pair[1] may be nil, so read by index 1 with a guard
  local v = pair[1]
  print(i, type(v), type(v) == pair[2])
end
print(type(type), type(type(nil)), type((print("inside"))))
print(type(_G), type(_VERSION), type(math.pi), type(string.format))
print(type(io.write), type(table), type(bit), type(bit.band))
print(type(tostring), type(tonumber("x")), type(#"abc"))
-- type-based dispatch
local function describe(v)
  local t = type(v)
  if t == "number" then return "num:" .. v
  elseif t == "string" then return "str:" .. v
  elseif t == "boolean" then return "bool:" .. tostring(v)
  elseif t == "table" then return "tbl:" .. #v
  elseif t == "nil" then return "nil"
  else return t end
end
local sample = {1, "a", true, {1, 2, 3}, describe}
for i = 1, 5 do print(describe(sample[i])) end
print(describe(nil))
-- counting types
local counts = {}
local mixed = {1, "2", 3, "four", {}, true, false, 5.5, print, "six"}
for i = 1, 10 do
  local t = type(mixed[i])
  counts[t] = (counts[t] or 0) + 1
end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do print(k, counts[k]) end
