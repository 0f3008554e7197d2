-- basic arithmetic on doubles: + - * / % ^ unary minus, precedence
print("-- add/sub/mul")
print(1 + 2, 10 - 3, 6 * 7, 2 - 5, -3 * -4)
print(0.1 + 0.2, 0.5 + 0.25, 1 - 0.9, 3 * 0.1)
print(1e10 + 1, 2^52 + 1, 2^53 + 1, 2^53 - 1)
print("-- division")
print(7 / 2, -7 / 2, 1 / 3, 2 / 3, 10 / 4, 1 / 8)
print(1 / 0, -1 / 0, 0 / 1, -0 / 1)
print(6 / 3, 100 / 10, 1e300 / 1e-10)
print("-- modulo (floored)")
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(5.5 % 2, -5.5 % 2, 5.5 % -2, 0 % 5)
print(10 % 2.5, 3.25 % 1, -3.25 % 1, 1e15 % 7)
for i = -6, 6 do io.write(i % 4, " ") end print()
for i = -6, 6 do io.write(i % -4, " ") end print()
print("-- power")
print(2 ^ 10, 2 ^ 0.5 == math.sqrt(2), 2 ^ -1, 10 ^ 3, (-2) ^ 3, (-2) ^ 2)
print(2 ^ 3 ^ 2, (2 ^ 3) ^ 2, -2 ^ 2, 0 ^ 0, 4 ^ 0.5, 1 ^ 1e9)
print("-- unary minus")
local x = 5
print(-x, - -x, -(-x), -(x - 10), -0.5)
print("-- precedence")
print(1 + 2 * 3, (1 + 2) * 3, 2 * 3 ^ 2, -3 ^ 2, 10 - 2 - 3, 100 / 10 / 2)
print(2 + 3 % 2, (2 + 3) % 2, 1 + -2, 1 - -2, 2 * -3)
print("-- accumulate")
local s = 0
for i = 1, 100 do s = s + i * i end
print("sum of squares 1..100 =", s)
local f = 1
for i = 1, 20 do f = f * i end
print("20! =", f)
local h = 0
for i = 1, 10 do h = h + 1 / i end
print("H10 =", string.format("%.12f", h))
local p = 1
for i = 1, 60 do p = p * 2 end
print("2^60 =", p, p == 2^60)
print("-- mixed int/float identity")
print(3 == 3.0, 1e2 == 100, 0.5 * 4 == 2, 7 / 7 == 1)
print(math.floor(7 / 2), math.floor(-7 / 2))
local a, b = 17, 5
print(a, b, a + b, a - b, a * b, a / b, a % b, a ^ 2)
print("q,r", (a - a % b) / b, a % b)
