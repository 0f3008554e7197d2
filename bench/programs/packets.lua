-- A Snabb-style packet-processing loop: batches of packets as tables, header fields
-- and checksums with the `bit` module, a binding-table lookup, counters, rare branches.
local NBATCH = tonumber(arg and arg[1]) or 2500
local BATCH = 64

-- Lua 5.4 has no `bit` module: emulate LuaJIT's (signed 32-bit results) with native
-- operators, compiled through load() so this file still parses under Lua 5.1.
if not bit then
  bit = load([[
    local function tobit(x) x = x & 0xffffffff; if x >= 0x80000000 then x = x - 0x100000000 end; return x end
    return {
      tobit = tobit,
      band = function(a, b) return tobit(a & b) end,
      bor = function(a, b) return tobit(a | b) end,
      bxor = function(a, b) return tobit(a ~ b) end,
      bnot = function(a) return tobit(~a) end,
      lshift = function(a, n) return tobit(a << (n & 31)) end,
      rshift = function(a, n) return tobit((a & 0xffffffff) >> (n & 31)) end,
    }
  ]])()
end
local band, bor, bxor, lshift, rshift = bit.band, bit.bor, bit.bxor, bit.lshift, bit.rshift

-- Deterministic PRNG (Park-Miller minimal standard; every product stays below 2^53,
-- so doubles (Lua 5.1) and 64-bit integers (Lua 5.4) agree exactly).
local seed = 42
local function rand()
  seed = (seed * 16807) % 2147483647
  return seed
end

-- Binding table: softwire address -> { port, hits, bytes }.
local NBIND = 4096
local bt = {}
for i = 0, NBIND - 1 do
  bt[i] = { port = band(1024 + i * 7, 0xffff), psid = band(i, 0x3f), hits = 0, bytes = 0 }
end

local counters = { rx = 0, tx = 0, drop_ttl = 0, drop_csum = 0, icmp = 0, frag = 0, miss = 0, bytes = 0 }

-- Packet pool: preallocated tables reused each batch, like a packet freelist.
local pool = {}
for i = 1, BATCH do
  pool[i] = { ver_ihl = 0, ttl = 0, proto = 0, src = 0, dst = 0, sport = 0, dport = 0,
              len = 0, flags = 0, csum = 0, payload = { 0, 0, 0, 0, 0, 0, 0, 0 } }
end

local function checksum(p)
  local s = bor(lshift(p.ver_ihl, 8), p.ttl)
  s = s + p.proto + p.len
  s = s + rshift(p.src, 16) + band(p.src, 0xffff)
  s = s + rshift(p.dst, 16) + band(p.dst, 0xffff)
  local pl = p.payload
  for i = 1, 8 do s = s + pl[i] end
  while s > 0xffff do s = band(s, 0xffff) + rshift(s, 16) end
  return band(bxor(s, 0xffff), 0xffff)
end

local function receive(batch)
  for i = 1, BATCH do
    local p = batch[i]
    local r = rand()
    p.ver_ihl = 0x45
    p.ttl = band(r, 0x3f)                   -- ttl 0 about 1/64 of the time
    local k = r % 1000
    p.proto = (k == 3) and 1 or 17          -- rare ICMP
    p.src = bor(0x0a000000, band(r, 0xffffff))
    p.dst = bxor(0xc0a80000, rshift(r, 8))
    p.sport = band(rshift(r, 3), 0xffff)
    p.dport = 4789
    p.len = 64 + band(r, 0x3ff)
    p.flags = (k == 11 or k == 12) and 0x2000 or 0  -- rare fragments
    local pl = p.payload
    for j = 1, 8 do pl[j] = band(rshift(r, j), 0xff) end
    p.csum = checksum(p)
    if k == 5 then p.csum = bxor(p.csum, 1) end  -- rare corrupt checksum
  end
end

local function handle_icmp(p)
  counters.icmp = counters.icmp + 1
  return band(p.src, 7)
end

local function process(batch)
  local tx = 0
  for i = 1, BATCH do
    local p = batch[i]
    counters.rx = counters.rx + 1
    if p.ttl == 0 then
      counters.drop_ttl = counters.drop_ttl + 1
    elseif checksum(p) ~= p.csum then
      counters.drop_csum = counters.drop_csum + 1
    elseif p.proto == 1 then
      handle_icmp(p)
    elseif band(p.flags, 0x2000) ~= 0 then
      counters.frag = counters.frag + 1
    else
      local idx = band(rshift(p.src, 4), NBIND - 1)
      local b = bt[idx]
      if b.psid ~= band(p.sport, 0x3f) and band(p.sport, 0xfc0) == 0 then
        counters.miss = counters.miss + 1
      else
        b.hits = b.hits + 1
        b.bytes = b.bytes + p.len
        p.ttl = p.ttl - 1
        p.sport = b.port
        p.dst = bor(band(p.dst, 0xffff0000), b.port)
        p.csum = checksum(p)
        counters.bytes = counters.bytes + p.len
        tx = tx + 1
      end
    end
  end
  counters.tx = counters.tx + tx
  return tx
end

local ck = 0
for n = 1, NBATCH do
  receive(pool)
  process(pool)
  ck = band(bxor(lshift(ck, 1), pool[n % BATCH + 1].csum), 0x7fffffff)
end

local busiest, best = 0, -1
for i = 0, NBIND - 1 do
  if bt[i].hits > best then busiest, best = i, bt[i].hits end
end

print(string.format("rx=%d tx=%d ttl=%d csum=%d icmp=%d frag=%d miss=%d bytes=%d busiest=%d/%d ck=%d",
  counters.rx, counters.tx, counters.drop_ttl, counters.drop_csum, counters.icmp,
  counters.frag, counters.miss, counters.bytes, busiest, best, ck))
