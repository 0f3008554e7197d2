-- realistic: matrix math with metatables
local M = {}
M.__index = M
local function mat(rows) return setmetatable(rows, M) end
function M.zeros(r, c) local m = {} for i = 1, r do m[i] = {} for j = 1, c do m[i][j] = 0 end end return mat(m) end
function M.identity(n) local m = M.zeros(n, n) for i = 1, n do m[i][i] = 1 end return m end
function M:rows() return #self end
function M:cols() return #self[1] end
M.__add = function(a, b)
  local r = M.zeros(a:rows(), a:cols())
  for i = 1, a:rows() do for j = 1, a:cols() do r[i][j] = a[i][j] + b[i][j] end end
  return r
end
M.__sub = function(a, b)
  local r = M.zeros(a:rows(), a:cols())
  for i = 1, a:rows() do for j = 1, a:cols() do r[i][j] = a[i][j] - b[i][j] end end
  return r
end
M.__mul = function(a, b)
  if type(a) == "number" then a, b = b, a end
  if type(b) == "number" then
    local r = M.zeros(a:rows(), a:cols())
    for i = 1, a:rows() do for j = 1, a:cols() do r[i][j] = a[i][j] * b end end
    return r
  end
  assert(a:cols() == b:rows(), "dimension mismatch")
  local r = M.zeros(a:rows(), b:cols())
  for i = 1, a:rows() do
    for j = 1, b:cols() do
      local s = 0
      for k = 1, a:cols() do s = s + a[i][k] * b[k][j] end
      r[i][j] = s
    end
  end
  return r
end
M.__unm = function(a) return a * -1 end
M.__eq = function(a, b)
  if a:rows() ~= b:rows() or a:cols() ~= b:cols() then return false end
  for i = 1, a:rows() do for j = 1, a:cols() do if math.abs(a[i][j] - b[i][j]) > 1e-9 then return false end end end
  return true
end
M.__tostring = function(a)
  local lines = {}
  for i = 1, a:rows() do
    local cells = {}
    for j = 1, a:cols() do
      local v = a[i][j]
      if math.abs(v) < 5e-10 then v = 0 end
      cells[j] = string.format("%9.4f", v)
    end
    lines[i] = "[" .. table.concat(cells, " ") .. " ]"
  end
  return table.concat(lines, "\n")
end
function M:transpose()
  local r = M.zeros(self:cols(), self:rows())
  for i = 1, self:rows() do for j = 1, self:cols() do r[j][i] = self[i][j] end end
  return r
end
function M:det()
  local n = self:rows()
  local a = M.zeros(n, n)
  for i = 1, n do for j = 1, n do a[i][j] = self[i][j] end end
  local d = 1
  for c = 1, n do
    local piv = c
    for r = c + 1, n do if math.abs(a[r][c]) > math.abs(a[piv][c]) then piv = r end end
    if a[piv][c] == 0 then return 0 end
    if piv ~= c then a[piv], a[c] = a[c], a[piv]; d = -d end
    d = d * a[c][c]
    for r = c + 1, n do
      local f = a[r][c] / a[c][c]
      for k = c, n do a[r][k] = a[r][k] - f * a[c][k] end
    end
  end
  return d
end
function M:inverse()
  local n = self:rows()
  local a = M.zeros(n, 2 * n)
  for i = 1, n do
    for j = 1, n do a[i][j] = self[i][j] end
    a[i][n + i] = 1
  end
  for c = 1, n do
    local piv = c
    for r = c + 1, n do if math.abs(a[r][c]) > math.abs(a[piv][c]) then piv = r end end
    if math.abs(a[piv][c]) < 1e-12 then return nil, "singular" end
    a[piv], a[c] = a[c], a[piv]
    local p = a[c][c]
    for k = 1, 2 * n do a[c][k] = a[c][k] / p end
    for r = 1, n do
      if r ~= c then
        local f = a[r][c]
        for k = 1, 2 * n do a[r][k] = a[r][k] - f * a[c][k] end
      end
    end
  end
  local inv = M.zeros(n, n)
  for i = 1, n do for j = 1, n do inv[i][j] = a[i][n + j] end end
  return inv
end

local A = mat({{2, 1, 0}, {1, 3, 1}, {0, 1, 4}})
local B = mat({{1, 2, 3}, {4, 5, 6}, {7, 8, 10}})
print("A =\n" .. tostring(A))
print("B =\n" .. tostring(B))
print("A+B =\n" .. tostring(A + B))
print("A-B =\n" .. tostring(A - B))
print("A*B =\n" .. tostring(A * B))
print("2*A =\n" .. tostring(2 * A))
print("-A =\n" .. tostring(-A))
print("B^T =\n" .. tostring(B:transpose()))
print("det A", string.format("%.6f", A:det()), "det B", string.format("%.6f", B:det()))
local Ai = A:inverse()
print("A^-1 =\n" .. tostring(Ai))
print("A*A^-1 == I", A * Ai == M.identity(3))
local S = mat({{1, 2}, {2, 4}})
print("singular", S:inverse())
print("det S", S:det())
local R = mat({{1, 2, 3}})
local C = mat({{4}, {5}, {6}})
print("row*col =", tostring(R * C))
print("col*row =\n" .. tostring(C * R))
print(pcall(function() return R * R end))
-- matrix power by repeated squaring: fibonacci
local F = mat({{1, 1}, {1, 0}})
local function mpow(m, e)
  local r = M.identity(m:rows())
  while e > 0 do
    if e % 2 == 1 then r = r * m end
    m = m * m
    e = math.floor(e / 2)
  end
  return r
end
for _, e in ipairs({1, 5, 10, 30, 50}) do print("fib", e, mpow(F, e)[1][2]) end
