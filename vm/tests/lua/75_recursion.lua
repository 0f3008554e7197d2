-- plain (non-tail) recursion
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local fibs = {}
for i = 0, 20 do fibs[#fibs + 1] = fib(i) end
print(table.concat(fibs, " "))
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print("ack", ack(1, 5), ack(2, 3), ack(2, 10), ack(3, 3))
-- towers of hanoi
local moves = {}
local function hanoi(n, from, to, via)
  if n == 0 then return end
  hanoi(n - 1, from, via, to)
  moves[#moves + 1] = from .. to
  hanoi(n - 1, via, to, from)
end
hanoi(4, "A", "C", "B")
print(#moves, table.concat(moves, " "))
-- permutations
local function permute(list, n, out)
  n = n or #list
  out = out or {}
  if n <= 1 then
    out[#out + 1] = table.concat(list)
  else
    for i = 1, n do
      list[n], list[i] = list[i], list[n]
      permute(list, n - 1, out)
      list[n], list[i] = list[i], list[n]
    end
  end
  return out
end
local perms = permute({"a", "b", "c", "d"})
table.sort(perms)
print(#perms, table.concat(perms, " "))
-- power set
local function subsets(items, i, cur, out)
  if i > #items then out[#out + 1] = "{" .. table.concat(cur, ",") .. "}"; return out end
  subsets(items, i + 1, cur, out)
  cur[#cur + 1] = items[i]
  subsets(items, i + 1, cur, out)
  cur[#cur] = nil
  return out
end
print(table.concat(subsets({1, 2, 3}, 1, {}, {}), " "))
-- deep but bounded recursion
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print("depth", depth(5000), depth(15000))
-- recursive data structure traversal
local tree = {v = 1, kids = {{v = 2, kids = {{v = 4, kids = {}}, {v = 5, kids = {}}}}, {v = 3, kids = {{v = 6, kids = {}}}}}}
local function sum(t) local s = t.v for _, k in ipairs(t.kids) do s = s + sum(k) end return s end
local function show(t) local parts = {} for _, k in ipairs(t.kids) do parts[#parts + 1] = show(k) end
  if #parts == 0 then return tostring(t.v) end
  return t.v .. "(" .. table.concat(parts, " ") .. ")" end
print(sum(tree), show(tree))
-- flood fill
local grid = {
  "#########",
  "#...#...#",
  "#...#...#",
  "#..##...#",
  "#########",
}
local cells = {}
for r, row in ipairs(grid) do cells[r] = {} for c = 1, #row do cells[r][c] = row:sub(c, c) end end
local function fill(r, c)
  if cells[r][c] ~= "." then return 0 end
  cells[r][c] = "o"
  return 1 + fill(r + 1, c) + fill(r - 1, c) + fill(r, c + 1) + fill(r, c - 1)
end
print("filled", fill(2, 2))
for r = 1, #cells do print(table.concat(cells[r])) end
