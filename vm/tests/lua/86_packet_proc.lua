-- realistic: packet-processing loop with bit ops, checksums and counters
local band, bor, bxor, lshift, rshift = bit.band, bit.bor, bit.bxor, bit.lshift, bit.rshift
-- deterministic generator
local state = 0x12345678
local function xorshift()
  state = bxor(state, lshift(state, 13))
  state = bxor(state, rshift(state, 17))
  state = bxor(state, lshift(state, 5))
  return state
end
local function u8(x) return band(x, 0xff) end
local function be16(s, i) return bor(lshift(s:byte(i), 8), s:byte(i + 1)) end
local function be32(s, i) return bor(lshift(s:byte(i), 24), lshift(s:byte(i + 1), 16), lshift(s:byte(i + 2), 8), s:byte(i + 3)) end
local function ip_str(v) return string.format("%d.%d.%d.%d", band(rshift(v, 24), 255), band(rshift(v, 16), 255), band(rshift(v, 8), 255), band(v, 255)) end

local PROTO = {[1] = "icmp", [6] = "tcp", [17] = "udp"}
-- build a packet: version/ihl, tos, total len, id, flags/frag, ttl, proto, checksum, src, dst, payload
local function checksum(bytes)
  local sum = 0
  for i = 1, #bytes - 1, 2 do sum = sum + be16(bytes, i) end
  if #bytes % 2 == 1 then sum = sum + lshift(bytes:byte(#bytes), 8) end
  while sum > 0xffff do sum = band(sum, 0xffff) + rshift(sum, 16) end
  return band(bit.bnot(sum), 0xffff)
end
local function build(n)
  local r = xorshift()
  local proto = ({1, 6, 17, 6, 17, 47})[band(r, 7) % 6 + 1]
  local plen = band(rshift(r, 3), 31)
  local payload = {}
  for i = 1, plen do payload[i] = string.char(u8(xorshift())) end
  payload = table.concat(payload)
  local total = 20 + plen
  local src = bor(lshift(10, 24), band(xorshift(), 0xffff))
  local dst = bor(lshift(192, 24), lshift(168, 16), band(xorshift(), 0xff))
  local ttl = 1 + band(rshift(r, 8), 63)
  local hdr = string.char(0x45, 0, rshift(total, 8), u8(total), rshift(n, 8), u8(n), 0x40, 0, ttl, proto, 0, 0,
    u8(rshift(src, 24)), u8(rshift(src, 16)), u8(rshift(src, 8)), u8(src),
    u8(rshift(dst, 24)), u8(rshift(dst, 16)), u8(rshift(dst, 8)), u8(dst))
  local cs = checksum(hdr)
  hdr = hdr:sub(1, 10) .. string.char(rshift(cs, 8), u8(cs)) .. hdr:sub(13)
  if n % 17 == 0 then hdr = hdr:sub(1, 11) .. string.char(u8(hdr:byte(12) + 1)) .. hdr:sub(13) end -- corrupt
  return hdr .. payload
end

local counters = {}
local bytes_by_proto = {}
local bad, dropped_ttl, total_bytes = 0, 0, 0
local flows = {}
local function count(k, n) counters[k] = (counters[k] or 0) + (n or 1) end
for n = 1, 300 do
  local pkt = build(n)
  local ver = rshift(pkt:byte(1), 4)
  local ihl = band(pkt:byte(1), 15) * 4
  local total = be16(pkt, 3)
  local ttl = pkt:byte(9)
  local proto = pkt:byte(10)
  local src, dst = be32(pkt, 13), be32(pkt, 17)
  if checksum(pkt:sub(1, ihl)) ~= 0 then
    bad = bad + 1
    count("bad_checksum")
  elseif ttl <= 2 then
    dropped_ttl = dropped_ttl + 1
    count("ttl_expired")
  else
    local pname = PROTO[proto] or ("proto" .. proto)
    count(pname)
    bytes_by_proto[pname] = (bytes_by_proto[pname] or 0) + total
    total_bytes = total_bytes + total
    local key = ip_str(src) .. ">" .. ip_str(dst)
    flows[key] = (flows[key] or 0) + 1
    if n <= 5 then
      print(string.format("pkt %3d v%d ihl=%d len=%3d ttl=%2d %-6s %s -> %s id=0x%s", n, ver, ihl, total, ttl, pname, ip_str(src), ip_str(dst), bit.tohex(be16(pkt, 5), 4)))
    end
  end
end
local keys = {}
for k in pairs(counters) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do print(string.format("%-12s %5d %7s", k, counters[k], bytes_by_proto[k] and tostring(bytes_by_proto[k]) or "-")) end
print("bad", bad, "ttl", dropped_ttl, "bytes", total_bytes)
local nflows = 0
for _ in pairs(flows) do nflows = nflows + 1 end
print("flows", nflows)
-- top flows with deterministic tie-break
local fl = {}
for k, v in pairs(flows) do fl[#fl + 1] = {k, v} end
table.sort(fl, function(a, b) if a[2] ~= b[2] then return a[2] > b[2] end return a[1] < b[1] end)
for i = 1, math.min(5, #fl) do print("flow", fl[i][1], fl[i][2]) end
-- rolling hash of all ids
local h = 0
for n = 1, 1000 do h = bxor(bit.rol(h, 5), n * 2654435761 % 2^32) end
print("rolling", bit.tohex(h))
