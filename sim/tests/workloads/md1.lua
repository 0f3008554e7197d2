-- A server with a fixed service time per item: with Poisson arrivals, an M/D/1 queue.
SERVICE_NS = 800
function serve(n)
  for _ = 1, n do hotsim.work(SERVICE_NS) end
end
