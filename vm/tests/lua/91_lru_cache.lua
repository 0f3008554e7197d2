-- realistic: LRU cache with a doubly linked list and a hash index
local LRU = {}
LRU.__index = LRU
function LRU.new(cap)
  local head, tail = {}, {}
  head.next, tail.prev = tail, head
  return setmetatable({cap = cap, size = 0, map = {}, head = head, tail = tail, hits = 0, misses = 0, evictions = {}}, LRU)
end
local function unlink(node) node.prev.next = node.next; node.next.prev = node.prev end
function LRU:_push_front(node)
  node.next = self.head.next
  node.prev = self.head
  self.head.next.prev = node
  self.head.next = node
end
function LRU:get(k)
  local node = self.map[k]
  if not node then self.misses = self.misses + 1 return nil end
  self.hits = self.hits + 1
  unlink(node)
  self:_push_front(node)
  return node.value
end
function LRU:put(k, v)
  local node = self.map[k]
  if node then
    node.value = v
    unlink(node)
    self:_push_front(node)
    return
  end
  if self.size >= self.cap then
    local last = self.tail.prev
    unlink(last)
    self.map[last.key] = nil
    self.size = self.size - 1
    self.evictions[#self.evictions + 1] = last.key
  end
  node = {key = k, value = v}
  self.map[k] = node
  self:_push_front(node)
  self.size = self.size + 1
end
function LRU:keys()
  local out = {}
  local n = self.head.next
  while n ~= self.tail do out[#out + 1] = tostring(n.key) n = n.next end
  return table.concat(out, ",")
end
local c = LRU.new(3)
c:put("a", 1); c:put("b", 2); c:put("c", 3)
print(c:keys())
print(c:get("a"), c:keys())
c:put("d", 4)
print(c:keys(), "evicted", table.concat(c.evictions, ","))
print(c:get("b"), c:get("c"), c:keys())
c:put("a", 10)
print(c:keys(), c:get("a"))
c:put("e", 5); c:put("f", 6)
print(c:keys(), "evicted", table.concat(c.evictions, ","))
print("hits", c.hits, "misses", c.misses, "size", c.size)
-- workload simulation
local cache = LRU.new(8)
local seed = 99
local function rnd(n) seed = (seed * 16807) % 2147483647 return math.floor(seed / 256) % n end
local function expensive(k) return k * k + 1 end
local computed = 0
for i = 1, 500 do
  local k = rnd(4) == 0 and rnd(40) or rnd(10)
  local v = cache:get(k)
  if v == nil then
    computed = computed + 1
    v = expensive(k)
    cache:put(k, v)
  end
  assert(v == expensive(k))
end
print("computed", computed, "hits", cache.hits, "misses", cache.misses, "evictions", #cache.evictions)
print("final order", cache:keys())
print(string.format("hit rate %.1f%%", 100 * cache.hits / (cache.hits + cache.misses)))
