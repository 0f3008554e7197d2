-- helpers to emit Rust literals
function rs(s)
  return '"' .. s:gsub('[%z\1-\31\34\92\127-\255]', function(c)
    if c == '"' then return '\\"' elseif c == '\\' then return '\\\\' end
    return string.format('\\x%02x', c:byte()) end) .. '"'
end
function num17(n)
  if n ~= n then return "nan" end
  if n == 1/0 then return "inf" end
  if n == -1/0 then return "-inf" end
  return string.format("%.17g", n)
end
