local keep = {}
function hoard()
  for i = 1, 100000 do keep[#keep + 1] = { i } end
end
