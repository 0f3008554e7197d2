-- realistic: JSON-like serializer with sorted keys + a small parser, round trip
local function is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do if t[i] == nil then return false end end
  return true, n
end
local escapes = {['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\t'] = '\\t', ['\r'] = '\\r', ['\b'] = '\\b', ['\f'] = '\\f'}
local function esc(s)
  return (s:gsub('[%c"\\]', function(c) return escapes[c] or string.format("\\u%04x", c:byte()) end))
end
local function encode(v, indent, depth)
  depth = depth or 0
  local t = type(v)
  if t == "nil" then return "null"
  elseif t == "boolean" then return tostring(v)
  elseif t == "number" then
    if v ~= v or v == 1/0 or v == -1/0 then return "null" end
    if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%d", v) end
    return string.format("%.14g", v)
  elseif t == "string" then return '"' .. esc(v) .. '"'
  elseif t == "table" then
    local arr, n = is_array(v)
    local pad = indent and ("\n" .. string.rep(indent, depth + 1)) or ""
    local close = indent and ("\n" .. string.rep(indent, depth)) or ""
    local sep = indent and ": " or ":"
    local parts = {}
    if arr then
      if n == 0 then return "[]" end
      for i = 1, n do parts[i] = pad .. encode(v[i], indent, depth + 1) end
      return "[" .. table.concat(parts, ",") .. close .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    for i, k in ipairs(keys) do
      local val = v[k]
      if val == nil then val = v[tonumber(k)] end
      parts[i] = pad .. '"' .. esc(k) .. '"' .. sep .. encode(val, indent, depth + 1)
    end
    return "{" .. table.concat(parts, ",") .. close .. "}"
  end
  error("cannot encode " .. t)
end

-- parser
local function decode(s)
  local pos = 1
  local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local value
  local function str()
    local out = {}
    pos = pos + 1
    while true do
      local c = s:sub(pos, pos)
      if c == '"' then pos = pos + 1 break end
      if c == "\\" then
        local n = s:sub(pos + 1, pos + 1)
        local map = {n = "\n", t = "\t", r = "\r", b = "\b", f = "\f", ['"'] = '"', ["\\"] = "\\", ["/"] = "/"}
        if n == "u" then
          out[#out + 1] = string.char(tonumber(s:sub(pos + 2, pos + 5), 16))
          pos = pos + 6
        else
          out[#out + 1] = map[n]
          pos = pos + 2
        end
      else
        out[#out + 1] = c
        pos = pos + 1
      end
    end
    return table.concat(out)
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      pos = pos + 1
      local obj = {}
      ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1 return obj end
      while true do
        ws()
        local k = str()
        ws()
        assert(s:sub(pos, pos) == ":", "colon expected")
        pos = pos + 1
        obj[k] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "}" then return obj end
      end
    elseif c == "[" then
      pos = pos + 1
      local arr = {}
      ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1 return arr end
      while true do
        arr[#arr + 1] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "]" then return arr end
      end
    elseif c == '"' then return str()
    elseif s:sub(pos, pos + 3) == "true" then pos = pos + 4 return true
    elseif s:sub(pos, pos + 4) == "false" then pos = pos + 5 return false
    elseif s:sub(pos, pos + 3) == "null" then pos = pos + 4 return nil
    else
      local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      pos = pos + #num
      return tonumber(num)
    end
  end
  return value()
end

local doc = {
  name = "hotsim",
  version = 1.5,
  tags = {"vm", "lua", "jit"},
  nested = {deep = {deeper = {value = -42, list = {1, 2.5, 1e20, {}}}}},
  flags = {debug = false, release = true},
  text = 'quote " backslash \\ newline \n tab \t ctrl \1',
  empty_obj = {x = nil},
  matrix = {{1, 0}, {0, 1}},
  count = 1000000,
}
local compact = encode(doc)
print(compact)
print(encode(doc, "  "))
local back = decode(compact)
print(encode(back) == compact)
print(back.nested.deep.deeper.value, back.tags[2], back.flags.release, back.text == doc.text)
for _, v in ipairs({0, -1, 0.5, 1/3, 1e300, "", "é", {}, {1}, {a = {}}, true}) do
  print(encode(v))
end
-- numeric keys become strings
print(encode({[1] = "a", [3] = "c"}))
print(encode({list = {"x", "y"}, [10] = 10}))
