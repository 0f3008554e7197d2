-- The handler is a vararg function, which never ticks (LuaJIT's FUNCV); the timer's loop
-- triggers at its 56th back-edge and compiles.
function drain(...) end
function warm()
  local s = 0
  for i = 1, 100 do s = s + i end
  return s
end
