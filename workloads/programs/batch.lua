-- A batch job for `hotsim simulate` (workloads/batch.toml): work items arrive
-- periodically and each is a small numeric kernel (a matrix product), so the core is
-- busy most of the time and the hot code is a few tight loops.

local N = 12
local function matrix(seed)
  local m = {}
  for i = 1, N do
    local row = {}
    for j = 1, N do
      seed = seed * 16807 % 2147483647
      row[j] = seed % 100 / 10
    end
    m[i] = row
  end
  return m
end

local a, b = matrix(1), matrix(2)
local checksum = 0

local function multiply(x, y)
  local c = {}
  for i = 1, N do
    local row, xi = {}, x[i]
    for j = 1, N do
      local s = 0
      for k = 1, N do s = s + xi[k] * y[k][j] end
      row[j] = s
    end
    c[i] = row
  end
  return c
end

function job(n)
  for _ = 1, n do
    local c = multiply(a, b)
    checksum = (checksum + c[1][1]) % 1e9
  end
end

function report()
  -- A progress line nobody reads, built the slow way.
  local line = "checksum=" .. string.format("%.3f", checksum)
  return line
end
