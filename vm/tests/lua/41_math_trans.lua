-- transcendental math, printed with limited precision
local function f6(x) return string.format("%.6f", x) end
print("-- trig")
for _, deg in ipairs({0, 30, 45, 60, 90, 120, 180, 270, 360}) do
  local r = deg * math.pi / 180
  print(deg, f6(math.sin(r)), f6(math.cos(r)), deg % 180 == 90 and "-" or f6(math.tan(r)))
end
print(f6(math.asin(1)), f6(math.acos(0)), f6(math.atan(1)), f6(math.atan2(1, 1)), f6(math.atan2(-1, -1)))
print(f6(math.sinh(1)), f6(math.cosh(1)), f6(math.tanh(1)))
print("-- exp/log")
for _, x in ipairs({0, 1, 2, 0.5, -1, 10}) do
  print(x, f6(math.exp(x)), x > 0 and f6(math.log(x)) or "-", x > 0 and f6(math.log10(x)) or "-")
end
print(math.exp(0), math.log(1), math.log10(1), math.log10(100), math.log10(1000))
print(math.log(0), math.log(1/0), math.exp(1/0), math.exp(-1/0))
print("-- pow")
print(math.pow(2, 10), math.pow(2, 0.5) == math.sqrt(2), math.pow(10, -2), math.pow(-8, 1/3) ~= math.pow(-8, 1/3))
print(f6(math.pow(2, 0.5)), f6(math.pow(1.5, 3.5)), f6(2 ^ 0.1))
print("-- deg/rad")
print(math.deg(math.pi), math.rad(180) == math.pi, f6(math.deg(1)), f6(math.rad(1)))
print("-- frexp/ldexp")
print(math.frexp(8), math.frexp(1), math.frexp(0.75), math.frexp(-10))
print(math.ldexp(1, 10), math.ldexp(0.5, 1), math.ldexp(3, -2))
print("-- series")
local e = 0
local fact = 1
for i = 0, 15 do
  if i > 0 then fact = fact * i end
  e = e + 1 / fact
end
print("e ~", f6(e), f6(math.exp(1)), math.abs(e - math.exp(1)) < 1e-12)
local piapprox = 0
for k = 0, 9999 do piapprox = piapprox + (k % 2 == 0 and 1 or -1) / (2 * k + 1) end
print("pi ~", string.format("%.4f", piapprox * 4))
-- compound interest
local amount = 1000
for year = 1, 5 do
  amount = amount * 1.05
  print(year, string.format("%.4f", amount))
end
