-- math.fmod, math.modf, % comparison
local pairs_ = {{7, 3}, {-7, 3}, {7, -3}, {-7, -3}, {5.5, 2}, {-5.5, 2}, {1, 0.25}, {10, 3.5}, {0, 5}, {1e15, 7}}
for _, p in ipairs(pairs_) do
  local a, b = p[1], p[2]
  print(a, b, math.fmod(a, b), a % b)
end
print(math.fmod(1, 0) ~= math.fmod(1, 0), math.fmod(1/0, 1) ~= math.fmod(1/0, 1), math.fmod(5, 1/0))
print("-- modf")
for _, v in ipairs({3.75, -3.75, 5, -5, 0.5, -0.5, 0, 1e15 + 0.5, 2^60}) do
  local i, f = math.modf(v)
  print(v, i, f)
end
print(math.modf(1/0))
print(math.modf(-1/0))
print("-- using modf to split money")
for _, amt in ipairs({12.5, 99.25, 0.75, 1000}) do
  local whole, frac = math.modf(amt)
  print(string.format("%d dollars %d cents", whole, math.floor(frac * 100 + 0.5)))
end
print("-- time decomposition with % and floor")
for _, secs in ipairs({0, 59, 60, 3599, 3600, 86399, 90061}) do
  local h = math.floor(secs / 3600)
  local m = math.floor(secs % 3600 / 60)
  local s = secs % 60
  print(secs, string.format("%02d:%02d:%02d", h, m, s))
end
