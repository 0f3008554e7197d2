-- A busy loop on virtual time that runs housekeeping once per virtual second.
local stats = { runs = 0 }
local function housekeeping(now)
  stats.runs = stats.runs + 1
  stats.last = now
end
local last = 0
while hotsim.now() < 300e9 do
  hotsim.work(1e6)
  local now = hotsim.now()
  if now - last >= 1e9 then
    last = now
    housekeeping(now)
  end
end
print(stats.runs)
