dofile(arg and arg[0]:match("^(.*/)") and arg[0]:match("^(.*/)") .. "common.lua" or "common.lua")
math.randomseed(12345)
local function rnd_value()
  local k = math.random(1, 6)
  if k == 1 then return (math.random() - 0.5) * 2^math.random(-1074, 1023) end
  if k == 2 then return math.random(-100000, 100000) / 2^math.random(0, 12) end
  if k == 3 then return math.random(-10^6, 10^6) / 10^math.random(0, 6) end
  if k == 4 then return (math.random() - 0.5) * 10^math.random(-20, 20) end
  if k == 5 then return math.floor((math.random() - 0.5) * 2^math.random(1, 70)) end
  return math.random(0, 2^30) * 2^math.random(-1074, -1000)
end
local convs = {"e", "E", "f", "g", "G", "a", "A", "d", "x", "o", "u", "i", "X"}
local flagset = {"", "-", "+", " ", "#", "0", "+0", "-#", " #0", "#0"}
for i = 1, 4000 do
  local v = rnd_value()
  local conv = convs[math.random(#convs)]
  local f = "%" .. flagset[math.random(#flagset)]
  if math.random() < 0.5 then f = f .. math.random(0, 40) end
  if math.random() < 0.7 then f = f .. "." .. math.random(0, (conv == "f" and 30) or 25) end
  f = f .. conv
  if conv == "f" and math.abs(v) > 1e40 then v = v / 1e300 end
  local ok, r = pcall(string.format, f, v)
  if not ok then r = "ERR" end
  io.write(f, "\t", num17(v), "\t", r, "\n")
end
for i = 1, 1000 do local v = rnd_value() io.write("%.14g\t", num17(v), "\t", tostring(v), "\n") end
