-- A packet handler that compiles at once, and a timer that compiles late: its function
-- is called 10 times a second and triggers at its 112th call (LuaJIT's hotloop 56 x 2).
local count = 0
function rx(n)
  for i = 1, n do count = count + 1 end
end
local stats = {}
function housekeeping()
  stats.count = count
  stats.seen = (stats.seen or 0) + 1
end
