-- A Snabb-like packet pipeline for `hotsim simulate` (workloads/pipeline.toml).
--
-- Each breath the engine hands `push(n)` the number of packets waiting in the receive
-- ring. They go through a chain of apps: decapsulation, a binding-table lookup keyed by
-- address and port, encapsulation and counters. A few packet kinds are rare (ICMP
-- errors, fragments, binding misses). Timers do the housekeeping: an ingress drop
-- monitor every 100 ms, counter syncing every second, and a configuration check every
-- three minutes that, rarely, reloads the binding table.

local BINDINGS = 4096

-- Park-Miller generator: exact in doubles, so every Lua agrees on the packets.
local seed = 20260101
local function rand()
  seed = seed * 16807 % 2147483647
  return seed
end

local bt = {}
local function load_bindings(generation)
  for i = 0, BINDINGS - 1 do
    bt[i] = { port = 1024 + (i * 7 + generation) % 60000, psid = i % 64, hits = 0 }
  end
end
load_bindings(0)

local counters = { rx = 0, tx = 0, icmp = 0, frag = 0, miss = 0, reloads = 0 }
local pkt = { src = 0, port = 0, kind = 0, len = 0, ttl = 64 }

local function decap(p)
  p.len = p.len - 40
  p.ttl = p.ttl - 1
end

local function lookup(p)
  local b = bt[p.src % BINDINGS]
  if b == nil or (p.port % 64) ~= b.psid and p.kind == 3 then
    counters.miss = counters.miss + 1
    return nil
  end
  b.hits = b.hits + 1
  return b
end

local function encap(p, b)
  p.port = b.port
  p.len = p.len + 20
end

local function icmp_error(p)
  counters.icmp = counters.icmp + 1
  p.kind = 0
end

local function reassemble(p)
  counters.frag = counters.frag + 1
  p.len = p.len * 2
end

function push(n)
  for _ = 1, n do
    local r = rand()
    pkt.src = r % 65536
    pkt.port = r % 4099
    local k = r % 10000
    pkt.kind = (k < 3) and 1 or ((k < 6) and 2 or ((k < 9) and 3 or 0))
    pkt.len = 60 + r % 1400
    pkt.ttl = 64
    counters.rx = counters.rx + 1
    decap(pkt)
    if pkt.kind == 1 then
      icmp_error(pkt)
    elseif pkt.kind == 2 then
      reassemble(pkt)
    end
    local b = lookup(pkt)
    if b then
      encap(pkt, b)
      counters.tx = counters.tx + 1
    end
  end
end

-- Every 100 ms: the ingress drop monitor compares counters (Snabb's checks whether
-- drops pile up).
local last_rx = 0
function drop_monitor()
  local delta = counters.rx - last_rx
  last_rx = counters.rx
  if delta < 0 then error("counters went backwards") end
end

-- Every second: sync counters to a shared table (Snabb's counter files).
local shared = {}
function sync_counters()
  for k, v in pairs(counters) do shared[k] = v end
end

-- Every three minutes: check the configuration; every tenth check reloads bindings.
local checks = 0
function config_check()
  checks = checks + 1
  if checks % 10 == 0 then
    counters.reloads = counters.reloads + 1
    load_bindings(checks)
  end
end
