function take(n) end
