-- realistic: binary heap priority queue + Dijkstra shortest paths
local Heap = {}
Heap.__index = Heap
function Heap.new(cmp) return setmetatable({items = {}, size = 0, cmp = cmp or function(a, b) return a < b end}, Heap) end
function Heap:push(v)
  self.size = self.size + 1
  local items, i = self.items, self.size
  items[i] = v
  while i > 1 do
    local parent = math.floor(i / 2)
    if self.cmp(items[i], items[parent]) then
      items[i], items[parent] = items[parent], items[i]
      i = parent
    else break end
  end
end
function Heap:pop()
  if self.size == 0 then return nil end
  local items = self.items
  local top = items[1]
  items[1] = items[self.size]
  items[self.size] = nil
  self.size = self.size - 1
  local i = 1
  while true do
    local l, r, best = 2 * i, 2 * i + 1, i
    if l <= self.size and self.cmp(items[l], items[best]) then best = l end
    if r <= self.size and self.cmp(items[r], items[best]) then best = r end
    if best == i then break end
    items[i], items[best] = items[best], items[i]
    i = best
  end
  return top
end
function Heap:peek() return self.items[1] end

-- heap sort of deterministic pseudo-random numbers
local seed = 7
local function rnd() seed = (seed * 16807) % 2147483647 return seed end
local h = Heap.new()
for i = 1, 50 do h:push(rnd() % 1000) end
local out = {}
while h.size > 0 do out[#out + 1] = h:pop() end
print(#out, table.concat(out, " "))
local sorted = true
for i = 2, #out do if out[i] < out[i - 1] then sorted = false end end
print("sorted", sorted)

-- max-heap of tasks with tie-break on insertion order
local tasks = Heap.new(function(a, b)
  if a.pri ~= b.pri then return a.pri > b.pri end
  return a.seq < b.seq
end)
local names = {"write", "read", "compile", "test", "deploy", "lint", "doc", "bench"}
for i, n in ipairs(names) do tasks:push({name = n, pri = (i * 7) % 4, seq = i}) end
print("peek", tasks:peek().name)
while tasks.size > 0 do
  local t = tasks:pop()
  print(string.format("%-8s pri=%d seq=%d", t.name, t.pri, t.seq))
end

-- Dijkstra
local graph = {
  A = {B = 7, C = 9, F = 14},
  B = {A = 7, C = 10, D = 15},
  C = {A = 9, B = 10, D = 11, F = 2},
  D = {B = 15, C = 11, E = 6},
  E = {D = 6, F = 9},
  F = {A = 14, C = 2, E = 9},
  G = {},
}
local function dijkstra(src)
  local dist, prev = {[src] = 0}, {}
  local pq = Heap.new(function(a, b) if a[1] ~= b[1] then return a[1] < b[1] end return a[2] < b[2] end)
  pq:push({0, src})
  while pq.size > 0 do
    local d, u = unpack(pq:pop())
    if d == dist[u] then
      local nbrs = {}
      for v in pairs(graph[u]) do nbrs[#nbrs + 1] = v end
      table.sort(nbrs)
      for _, v in ipairs(nbrs) do
        local nd = d + graph[u][v]
        if dist[v] == nil or nd < dist[v] then
          dist[v] = nd
          prev[v] = u
          pq:push({nd, v})
        end
      end
    end
  end
  return dist, prev
end
local dist, prev = dijkstra("A")
local nodes = {}
for n in pairs(graph) do nodes[#nodes + 1] = n end
table.sort(nodes)
for _, n in ipairs(nodes) do
  local path = {}
  local cur = n
  while cur do table.insert(path, 1, cur) cur = prev[cur] end
  if dist[n] then
    print(n, dist[n], table.concat(path, "->"))
  else
    print(n, "unreachable")
  end
end
