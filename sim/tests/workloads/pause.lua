-- Items every microsecond, drained fast; once, a timer stalls the core for 500 us.
function drain(n) end
PAUSE_NS = 500000
function stall() hotsim.work(PAUSE_NS) end
