-- A Snabb-like packet loop on hotsim's virtual clock.
--
-- Each "breath" pulls a batch of synthetic packets, looks each one up in a binding
-- table, rewrites and counts it. Rare packet kinds take their own branch, and a
-- housekeeping timer runs once per virtual second: the kind of code that LuaJIT's
-- cumulative counters eventually make "hot" long after start-up.
--
-- Usage: hotsim exec packet_loop.lua [seconds]   (default 10 virtual seconds)

local duration_s = tonumber(arg and arg[1]) or 10
local BATCH = 64
local BATCH_GAP_NS = 64000 -- one batch per 64 us: 1 Mpps offered

local bt = {}               -- binding table: address -> port set
for i = 0, 1023 do bt[i] = { port = 1024 + i * 3 % 60000, hits = 0 } end

local counters = { rx = 0, tx = 0, miss = 0, icmp = 0, housekeeping = 0 }
-- Park-Miller minimal standard generator: exact in doubles.
local seed = 12345
local function rand()
  seed = seed * 16807 % 2147483647
  return seed
end

local function handle_icmp(pkt)
  counters.icmp = counters.icmp + 1
  return pkt.addr % 7
end

local function process(pkt)
  local b = bt[pkt.addr % 1024]
  if pkt.kind == 0 then
    b.hits = b.hits + 1
    pkt.port = b.port
    counters.tx = counters.tx + 1
  elseif pkt.kind == 1 then
    handle_icmp(pkt)
  else
    counters.miss = counters.miss + 1
  end
end

local function housekeeping(now)
  counters.housekeeping = counters.housekeeping + 1
  local busiest, best = 0, -1
  for i = 0, 1023 do
    if bt[i].hits > best then busiest, best = i, bt[i].hits end
  end
  return busiest
end

local pkt = { addr = 0, kind = 0, port = 0 }
local next_housekeeping = 1e9
local deadline = duration_s * 1e9
while hotsim.now() < deadline do
  for _ = 1, BATCH do
    local r = rand()
    pkt.addr = r % 65536
    local k = r % 1000
    pkt.kind = (k == 7) and 1 or ((k < 3) and 2 or 0)
    process(pkt)
    counters.rx = counters.rx + 1
  end
  hotsim.sleep(BATCH_GAP_NS)
  local now = hotsim.now()
  if now >= next_housekeeping then
    housekeeping(now)
    next_housekeeping = next_housekeeping + 1e9
  end
end

print(string.format("rx=%d tx=%d icmp=%d miss=%d housekeeping=%d",
  counters.rx, counters.tx, counters.icmp, counters.miss, counters.housekeeping))
