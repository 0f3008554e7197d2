-- realistic: discrete event scheduler with a time-ordered queue
local Sched = {}
Sched.__index = Sched
function Sched.new() return setmetatable({now = 0, queue = {}, seq = 0, log = {}}, Sched) end
function Sched:at(t, name, fn)
  self.seq = self.seq + 1
  local ev = {t = t, seq = self.seq, name = name, fn = fn}
  -- insertion sort keeps (t, seq) ordering stable
  local q = self.queue
  local pos = #q + 1
  for i = 1, #q do
    if t < q[i].t or (t == q[i].t and ev.seq < q[i].seq) then pos = i break end
  end
  table.insert(q, pos, ev)
  return ev
end
function Sched:after(dt, name, fn) return self:at(self.now + dt, name, fn) end
function Sched:cancel(ev) ev.cancelled = true end
function Sched:run(limit)
  local n = 0
  while #self.queue > 0 do
    local ev = table.remove(self.queue, 1)
    if ev.t > limit then table.insert(self.queue, 1, ev) break end
    self.now = ev.t
    if not ev.cancelled then
      n = n + 1
      ev.fn(self, ev)
    end
  end
  return n
end
function Sched:emit(fmt, ...) print(string.format("[t=%6.2f] " .. fmt, self.now, ...)) end

local s = Sched.new()
-- a periodic timer
local ticks = 0
local function tick(sch)
  ticks = ticks + 1
  sch:emit("tick %d", ticks)
  if ticks < 5 then sch:after(2.5, "tick", tick) end
end
s:at(0, "tick", tick)
-- a producer / consumer queue
local buffer, produced, consumed = {}, 0, 0
local function produce(sch)
  produced = produced + 1
  buffer[#buffer + 1] = "item" .. produced
  sch:emit("produce item%d (buffer=%d)", produced, #buffer)
  if produced < 6 then sch:after(1.5, "produce", produce) end
end
local function consume(sch)
  if #buffer > 0 then
    local it = table.remove(buffer, 1)
    consumed = consumed + 1
    sch:emit("consume %s", it)
  else
    sch:emit("consumer idle")
  end
  if consumed < 6 then sch:after(2, "consume", consume) end
end
s:at(0.5, "produce", produce)
s:at(1, "consume", consume)
-- a cancelled event
local doomed = s:at(3, "doomed", function(sch) sch:emit("should not run") end)
s:at(2.9, "canceller", function(sch) sch:emit("cancelling doomed") sch:cancel(doomed) end)
-- same-time events keep insertion order
for i = 1, 3 do s:at(7, "same" .. i, function(sch) sch:emit("same-time %d", i) end) end
-- an error inside a handler is caught and logged
s:at(8, "faulty", function(sch)
  local ok, err = pcall(function() error({reason = "disk full"}) end)
  sch:emit("faulty handler caught: %s", err.reason)
end)
local ran = s:run(10)
print("events run", ran, "pending", #s.queue, "now", s.now)
local ran2 = s:run(100)
print("events run", ran2, "pending", #s.queue, "now", s.now)
print("produced", produced, "consumed", consumed, "ticks", ticks)
