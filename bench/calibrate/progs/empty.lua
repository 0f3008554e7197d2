-- cal key=loop_op variant=FORL n=1e8 base=empty.lua@0
-- Baseline for most programs: one FORL per iteration and nothing else.
-- loop_op = (time(N) - time(0)) / N.
local N = tonumber(arg and arg[1]) or 1e8
for i = 1, N do
end
