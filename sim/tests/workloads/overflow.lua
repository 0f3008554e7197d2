-- Each item costs 10 us: the ring fills and the excess is dropped.
function slow(n) for _ = 1, n do hotsim.work(10000) end end
