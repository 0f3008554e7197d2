-- realistic: Conway's game of life on a torus
local W, H = 20, 12
local function make()
  local g = {}
  for y = 1, H do g[y] = {} for x = 1, W do g[y][x] = 0 end end
  return g
end
local function place(g, pattern, ox, oy)
  for y, row in ipairs(pattern) do
    for x = 1, #row do
      if row:sub(x, x) == "#" then g[oy + y - 1][ox + x - 1] = 1 end
    end
  end
end
local function step(g)
  local n = make()
  for y = 1, H do
    for x = 1, W do
      local c = 0
      for dy = -1, 1 do
        for dx = -1, 1 do
          if dx ~= 0 or dy ~= 0 then
            local yy = (y + dy - 1) % H + 1
            local xx = (x + dx - 1) % W + 1
            c = c + g[yy][xx]
          end
        end
      end
      if c == 3 or (c == 2 and g[y][x] == 1) then n[y][x] = 1 end
    end
  end
  return n
end
local function show(g)
  local pop = 0
  for y = 1, H do
    local row = {}
    for x = 1, W do row[x] = g[y][x] == 1 and "#" or "." pop = pop + g[y][x] end
    print(table.concat(row))
  end
  return pop
end
local g = make()
place(g, {".#.", "..#", "###"}, 2, 2)          -- glider
place(g, {"###"}, 14, 3)                         -- blinker
place(g, {"##", "##"}, 16, 9)                    -- block
place(g, {".##", "##.", ".#."}, 8, 7)            -- r-pentomino
for gen = 0, 30 do
  if gen % 10 == 0 then
    print("generation " .. gen)
    print("population", show(g))
  end
  g = step(g)
end
-- population history
g = make()
place(g, {".#.", "..#", "###"}, 1, 1)
local hist = {}
for i = 1, 20 do
  local p = 0
  for y = 1, H do for x = 1, W do p = p + g[y][x] end end
  hist[i] = p
  g = step(g)
end
print("glider population", table.concat(hist, " "))
