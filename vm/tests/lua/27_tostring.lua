-- tostring on all value types (no addresses printed)
print(tostring(nil), tostring(true), tostring(false))
print(tostring(0), tostring(-0), tostring(1), tostring(-1), tostring(1.25), tostring(1e20), tostring(-1e-20))
print(tostring(1/0), tostring(-1/0), tostring(0/0))
print(tostring("already"), tostring(""), #tostring(""))
print(type(tostring({})), type(tostring(print)))
-- table/function strings have a prefix followed by an address; check only the prefix
print(tostring({}):sub(1, 7), tostring(print):sub(1, 10) == "function: " or tostring(print):sub(1, 9))
print((tostring(function() end):match("^(function):")))
print((tostring({}):match("^(table): ")))
-- tostring with __tostring
local obj = setmetatable({}, {__tostring = function() return "custom!" end})
print(tostring(obj))
-- tostring of integer-valued floats
for _, v in ipairs({1.0, 2.0^10, 3e3, 123456789.0, 2^40, -2^40, 1e14 + 1}) do
  io.write(tostring(v), " ")
end
print()
-- tostring then tonumber round-trip for "nice" numbers
local vals = {0.5, 0.1, 123.25, -7.75, 1e-3, 2^-10, 3.5e12}
for _, v in ipairs(vals) do
  local s = tostring(v)
  print(s, tonumber(s) == v)
end
-- tostring does not round-trip at 17 digits (uses %.14g)
local third = 1 / 3
print(tostring(third), tonumber(tostring(third)) == third)
-- tostring of a number-like string is the same string
print(tostring("0x10"), tostring(" 5 "))
-- concatenation uses the same formatting as tostring
print(1/3 .. "", 1e100 .. "", -0.0 .. "", (2^53) .. "")
-- print separates with tabs and calls tostring
print(1, "two", nil, false, 3.5)
