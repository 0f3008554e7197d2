-- A source in Latin-1, not UTF-8: string literals, long strings and comments hold
-- bytes 0x80-0xFF that are no UTF-8 (café), as Lua 5.1 sources may.
local s = "café naïve ÿ€"
print(#s, s:byte(1, -1))
local long = [[à la £]]
print(#long, long)
local t = {["clé"] = 1}
print(t["clé"], s:upper():len(), ("\233"):byte())
-- UTF-8 beside it stays UTF-8: Ã© is two bytes.
print(#"Ã©", "Ã©")
local f = load("return \"été\"")
print(#f(), f())
