-- A request/response server for `hotsim simulate` (workloads/server.toml).
--
-- Requests arrive in bursts (an on/off process). Each handler call gets the arrival
-- times of its batch (payload = "table") and serves the requests: parse a method and a
-- path, route to a handler, render a response. A cache absorbs repeated paths; a rare
-- admin path and a periodic stats timer are the cold code.

local routes = {}
local cache = {}
local stats = { served = 0, hits = 0, misses = 0, admin = 0, bytes = 0 }

local seed = 424242
local function rand()
  seed = seed * 16807 % 2147483647
  return seed
end

local paths = {}
for i = 1, 200 do paths[i] = "/item/" .. i end

routes.item = function(path)
  local id = tonumber(path:match("^/item/(%d+)$"))
  return string.format('{"id":%d,"name":"item-%d","price":%d}', id, id, (id * 37) % 1000)
end

routes.admin = function(path)
  stats.admin = stats.admin + 1
  local keys = {}
  for k in pairs(stats) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. stats[k] end
  return table.concat(parts, "&")
end

local function serve(path)
  local body = cache[path]
  if body then
    stats.hits = stats.hits + 1
  else
    stats.misses = stats.misses + 1
    local kind = path:match("^/(%a+)")
    body = routes[kind](path)
    if kind == "item" then cache[path] = body end
  end
  stats.served = stats.served + 1
  stats.bytes = stats.bytes + #body
  return body
end

function requests(batch)
  for i = 1, #batch do
    local r = rand()
    local path = (r % 5000 == 0) and "/admin/stats" or paths[1 + r % #paths]
    serve(path)
  end
end

-- Every 10 s: drop the cache (a deploy, say), so misses come back.
function flush_cache()
  cache = {}
end
