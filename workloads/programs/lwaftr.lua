-- A Snabb-like lightweight 4over6 AFTR (lwAFTR) for `hotsim simulate`
-- (workloads/lwaftr.toml): the setting of the late-trace incident.
--
-- The engine hands `rx(n, rare)` the packets waiting in the NIC receive ring, one breath
-- at a time; `rare` maps the positions of rare packets in the breath to their kind (the
-- [[source.rare]] streams of the TOML), and is empty when the breath has none. Each
-- packet goes through a chain of apps, as in Snabb's lwAFTR:
--   decap   strip the IPv6 softwire header (check the next header and hop limit),
--   lookup  find the binding for the IPv4 address and port set (PSID),
--   encap   build the IPv4 packet towards the internet,
--   count   per-app counters.
-- Rare packet kinds take their own branches a few times a minute: ICMP errors, fragments
-- to reassemble, and binding misses. Housekeeping runs in timers:
-- the ingress drop monitor (100 ms), alarms and counter syncing (1 s), a statistics
-- dump (60 s) and a configuration check (5 min) that sometimes reloads bindings.

local BINDINGS = 8192          -- binding-table entries (IPv4 address x PSID)
local PSID_BITS = 6

-- Packet contents: Park-Miller generators, exact in doubles. Rare packets draw from
-- their own, so a rare packet's fields depend only on the rare packets before it, not
-- on how many common packets ran (scaled mode runs every rare packet but skips common
-- ones).
local seed, rare_seed = 4242, 2424
local function rand()
  seed = seed * 16807 % 2147483647
  return seed
end
local function rare_rand()
  rare_seed = rare_seed * 16807 % 2147483647
  return rare_seed
end

-- The binding table: address index -> { psid -> softwire }.
local bt = {}
local function load_bindings(generation)
  for i = 0, BINDINGS - 1 do
    local entry = bt[i] or {}
    entry.b4 = (i * 2654435761 + generation) % 4294967296
    entry.psid = (i + generation) % (2 ^ PSID_BITS)
    entry.port_base = 1024 + entry.psid * 1024
    entry.hits = entry.hits or 0
    bt[i] = entry
  end
end
load_bindings(0)

local counters = {
  rx = 0, tx = 0, decap = 0, encap = 0,
  icmp_errors = 0, fragments = 0, reassembled = 0, binding_misses = 0,
  hop_limit_drops = 0, protocol_drops = 0,
}

-- One packet, reused: fields a real lwAFTR would read from the wire.
local pkt = { src = 0, dst = 0, port = 0, proto = 6, hop = 64, len = 0, frag = false, kind = 0 }

local function decap(p)
  if p.hop <= 1 then
    counters.hop_limit_drops = counters.hop_limit_drops + 1
    return false
  end
  p.hop = p.hop - 1
  p.len = p.len - 40
  counters.decap = counters.decap + 1
  return true
end

local function icmp_error(p, why)
  -- Build an ICMPv4 error: a rare, branchy path.
  counters.icmp_errors = counters.icmp_errors + 1
  local code = (why == "miss") and 1 or 3
  local checksum = 0
  for i = 1, 8 do checksum = (checksum + p.src % (i * 251) + code) % 65535 end
  return checksum
end

local reasm = {}
local function reassemble(p)
  counters.fragments = counters.fragments + 1
  local key = p.src % 97
  local have = reasm[key]
  if have then
    reasm[key] = nil
    counters.reassembled = counters.reassembled + 1
    p.len = p.len + have
  else
    reasm[key] = p.len
  end
end

local function lookup(p)
  local entry = bt[p.src % BINDINGS]
  local psid = math.floor((p.port - 1024) / 1024) % (2 ^ PSID_BITS)
  if entry == nil or p.kind == 3 or entry.psid ~= psid and p.kind ~= 0 then
    counters.binding_misses = counters.binding_misses + 1
    icmp_error(p, "miss")
    return nil
  end
  entry.hits = entry.hits + 1
  return entry
end

local function encap(p, entry)
  p.dst = entry.b4
  p.len = p.len + 20
  counters.encap = counters.encap + 1
end

-- The receive handler: one breath's packets.
function rx(n, rare)
  for i = 1, n do
    -- 0 = an ordinary packet; rare kinds: 1 = ICMP error, 2 = fragment, 3 = binding miss.
    local kind = rare[i] or 0
    local r = kind == 0 and rand() or rare_rand()
    pkt.src = r % 65536
    pkt.port = 1024 + r % 65536
    pkt.len = 64 + r % 1400
    pkt.hop = 64
    pkt.kind = kind
    counters.rx = counters.rx + 1
    if decap(pkt) then
      if pkt.kind == 1 then
        icmp_error(pkt, "unreachable")
      else
        if pkt.kind == 2 then reassemble(pkt) end
        local entry = lookup(pkt)
        if entry then
          encap(pkt, entry)
          counters.tx = counters.tx + 1
        end
      end
    end
  end
end

-- Every 100 ms: Snabb's ingress drop monitor samples the receive counters.
local last_rx, drop_warnings = 0, 0
function ingress_drop_monitor()
  local delta = counters.rx - last_rx
  last_rx = counters.rx
  if delta > 1000000 then drop_warnings = drop_warnings + 1 end
end

-- Every second: alarms (thresholds on counters) and counter syncing.
local alarms_raised = 0
function alarms()
  if counters.binding_misses > counters.rx / 1000 then alarms_raised = alarms_raised + 1 end
  if counters.hop_limit_drops > 0 then alarms_raised = alarms_raised + 1 end
end

local synced = {}
function sync_counters()
  for k, v in pairs(counters) do synced[k] = v end
end

-- Every minute: a statistics dump, formatted the slow way.
local dumps = {}
function stats_dump()
  local keys = {}
  for k in pairs(counters) do keys[#keys + 1] = k end
  table.sort(keys)
  local lines = {}
  for _, k in ipairs(keys) do lines[#lines + 1] = string.format("%-16s %12d", k, counters[k]) end
  dumps[#dumps % 4 + 1] = table.concat(lines, "\n")
end

-- Every five minutes: check the configuration; every third check reloads bindings.
local checks, reloads = 0, 0
function config_check()
  checks = checks + 1
  if checks % 3 == 0 then
    reloads = reloads + 1
    load_bindings(checks)
  end
end
