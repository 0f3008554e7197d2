-- A round-robin task scheduler: tasks sleep on a virtual clock, wait on channels
-- and share state through upvalues that stay open on their own stacks.

local clock = 0
local ready, sleeping = {}, {}

local function spawn(name, f, ...)
  local co = coroutine.create(f)
  ready[#ready + 1] = { name = name, co = co, args = { ... } }
end

local function sleep(ticks) coroutine.yield("sleep", ticks) end

local Channel = {}
Channel.__index = Channel
function Channel.new() return setmetatable({ items = {}, waiting = {} }, Channel) end
function Channel:send(v)
  self.items[#self.items + 1] = v
end
function Channel:recv()
  while #self.items == 0 do coroutine.yield("wait", self) end
  return table.remove(self.items, 1)
end

local log = {}
local function note(...) log[#log + 1] = table.concat({ ... }, " ") end

local function run()
  while #ready > 0 or #sleeping > 0 do
    if #ready == 0 then
      table.sort(sleeping, function(a, b)
        if a.wake ~= b.wake then return a.wake < b.wake end
        return a.name < b.name
      end)
      local t = table.remove(sleeping, 1)
      clock = t.wake
      ready[#ready + 1] = t
    end
    local task = table.remove(ready, 1)
    local ok, what, arg = coroutine.resume(task.co, unpack(task.args))
    task.args = {}
    if not ok then
      note("task", task.name, "failed:", what)
    elseif coroutine.status(task.co) == "dead" then
      note("task", task.name, "done at", clock, tostring(what))
    elseif what == "sleep" then
      task.wake = clock + arg
      sleeping[#sleeping + 1] = task
    else
      -- Waiting on a channel: poll again on the next tick.
      task.wake = clock + 1
      sleeping[#sleeping + 1] = task
    end
  end
end

local shared = 0
local ch = Channel.new()

spawn("producer", function(n)
  for i = 1, n do
    shared = shared + i
    ch:send(i * i)
    sleep(i % 3 + 1)
  end
  ch:send(0)
  return "produced " .. n
end, 12)

spawn("consumer", function()
  local sum = 0
  while true do
    local v = ch:recv()
    if v == nil or v == 0 then break end
    sum = sum + v
    note("got", v, "at", clock)
  end
  return sum
end)

spawn("ticker", function()
  local counter = 0
  local function bump() counter = counter + 1 return counter end
  for _ = 1, 5 do sleep(4) note("tick", bump(), clock) end
  return counter
end)

spawn("crasher", function()
  sleep(2)
  local t = nil
  return t.field
end)

spawn("protected", function()
  local ok, err = pcall(function()
    sleep(1)
    error("inside pcall after a yield")
  end)
  note("pcall caught:", tostring(ok), err)
  return "recovered"
end)

run()
for _, line in ipairs(log) do print(line) end
print("shared", shared, "clock", clock)
