-- Usage: luajit bench/calibrate/jit_costs.lua (docs/cost-model.md, "The JIT's costs").
-- Time from trace start to stop (recording + compiling) against the trace's IR size.
local jutil = require("jit.util")
local clock = os.clock
local t0 = {}
local rows = {}
jit.attach(function(what, tr)
  if what == "start" then t0[tr] = clock()
  elseif what == "stop" then
    local info = jutil.traceinfo(tr)
    rows[#rows + 1] = { (clock() - t0[tr]) * 1e6, info.nins }
  end
end, "trace")
-- Loops of growing body size, each compiled once.
for size = 1, 40 do
  local body = {}
  for k = 1, size do body[#body + 1] = ("s = s + (i * %d) %% 7"):format(k) end
  local src = "local s = 0 for i = 1, 200 do " .. table.concat(body, " ") .. " end return s"
  assert(loadstring(src))()
end
jit.attach(function() end)
local n, sx, sy, sxx, sxy = 0, 0, 0, 0, 0
for _, r in ipairs(rows) do
  local us, nins = r[1], r[2]
  n = n + 1; sx = sx + nins; sy = sy + us; sxx = sxx + nins * nins; sxy = sxy + nins * us
end
local b = (n * sxy - sx * sy) / (n * sxx - sx * sx)
local a = (sy - b * sx) / n
print(("traces %d  start->stop us = %.1f + %.3f * nins"):format(n, a, b))
for i = 1, #rows, 8 do print(("  nins %4d  %.1f us"):format(rows[i][2], rows[i][1])) end
