-- Turn the raw timings of run.sh into hotsim cost-model TOML.
--
--   luajit analyze.lua PROGS_DIR RAW_FILE [RUNS TIMER]
--
-- RAW_FILE has one line per timed run: `<program> <N> <milliseconds of CPU time>` (the
-- raw files of several run.sh invocations may be concatenated; with several PROFILE files
-- the RET0 share is their mean).
--
-- Every program in PROGS_DIR starts with a header line
--   -- cal key=<cost key> variant=<name> n=<N> base=<program>[@0] [extra=OP:count,...]
-- key=- marks a helper that only serves as another program's baseline; key=info a program
-- whose residual (time not explained by the solved model) is printed for information.
-- The program's loop runs N iterations; `base` is the program it is compared with, run
-- with the same N (or with N = 0 when written `prog@0`). The bytecodes one iteration
-- executes are read from `luajit -bl`: the instructions of the last numeric for loop,
-- FORL included, FORI excluded (it runs once), a JMP that follows a comparison not
-- counted (LuaJIT's comparison handlers consume it), CAT counted as its number of operand
-- pairs. `extra` adds what an iteration executes outside the loop's own instructions
-- (callee bytecodes, library calls, bytes of string or output work). With
--   delta = (time(program) - time(base)) / N          (ns per iteration)
-- and the per-class counts of program minus base, delta = sum(count * cost); the one
-- unknown is the cost of `key`, every other class having been solved already (the
-- programs are solved in dependency order). A key's value is the mean of its variants.
-- A program with `split=ret` (call_ret0.lua) has two unknowns, call and ret: the time
-- left for them is divided by the share of RET0 in a CPU-time profile of that program
-- (PROFILE: `address count` lines of samples in the luajit binary; the samples form five
-- address clusters, the handlers of MOV, CALL, RET0, FORL and FUNCF in LuaJIT's bytecode
-- order; RET0 is the third, CALL the second, FUNCF the fifth).
-- Everything is computed twice: from the fastest run of each program ("min", the value
-- reported) and from the median run ("median", to show the spread).

local progs_dir, raw_file, runs, timer = arg[1], arg[2], arg[3] or "?", arg[4] or "?"
local prof_files = { select(5, unpack(arg)) }
local LUAJIT = os.getenv("LUAJIT") or "luajit"
assert(progs_dir and raw_file, "usage: luajit analyze.lua PROGS_DIR RAW_FILE [RUNS TIMER [PROFILE...]]")

-- Share of RET0 in the time of CALL + FUNCF + RET0, used when no profile is given (or it
-- cannot be read): the value measured with the profile on the machine of
-- docs/cost-model.md.
local DEFAULT_RET_SHARE = 0.314

-- The keys of hotsim's cost model, in output order, with a short description.
local KEYS = {
  { "move_op", "register move or constant load" },
  { "arith", "arithmetic (+ - * / %), not, unary minus" },
  { "pow", "exponentiation (^)" },
  { "len", "length operator (#)" },
  { "concat", "string concatenation, per operand pair (plus native_per_byte per result byte)" },
  { "compare", "comparison or test, with its conditional jump" },
  { "jump", "unconditional jump" },
  { "upvalue", "upvalue read or write" },
  { "closure", "closure creation" },
  { "table_new", "table creation ({})" },
  { "global", "global variable read or write" },
  { "table_get", "table read" },
  { "table_set", "table write" },
  { "call", "per CALL/CALLT and per FUNCF: a Lua call plus entry costs 2 x call" },
  { "ret", "return" },
  { "vararg", "vararg access (...)" },
  { "loop_op", "numeric for loop control (FORL, per iteration)" },
  { "native_call", "call of a library function, beyond the CALL bytecode" },
  { "native_per_byte", "string library work, per byte produced" },
  { "io_per_byte", "io.write to a buffered stdout (/dev/null), per byte" },
}

-- LuaJIT opcode -> cost key. CAT and the pseudo-ops are handled separately.
local CLASS = {}
local function map(key, ops) for op in ops:gmatch("%S+") do CLASS[op] = key end end
map("move_op", "MOV KSTR KCDATA KSHORT KNUM KPRI KNIL UCLO")
map("arith", "NOT UNM ADDVN SUBVN MULVN DIVVN MODVN ADDNV SUBNV MULNV DIVNV MODNV"
  .. " ADDVV SUBVV MULVV DIVVV MODVV")
map("pow", "POW")
map("len", "LEN")
map("compare", "ISLT ISGE ISLE ISGT ISEQV ISNEV ISEQS ISNES ISEQN ISNEN ISEQP ISNEP"
  .. " ISTC ISFC IST ISF ISTYPE ISNUM")
map("jump", "JMP")
map("upvalue", "UGET USETV USETS USETN USETP")
map("closure", "FNEW")
map("table_new", "TNEW TDUP")
map("global", "GGET GSET")
map("table_get", "TGETV TGETS TGETB TGETR")
map("table_set", "TSETV TSETS TSETB TSETM TSETR")
map("call", "CALL CALLM CALLT CALLMT ITERC ITERN FUNCF FUNCV")
map("ret", "RET RET0 RET1 RETM")
map("vararg", "VARG")
map("loop_op", "FORI FORL ITERL LOOP")
local PSEUDO = { NATIVE = "native_call", BYTE = "native_per_byte", IOBYTE = "io_per_byte" }

local function fail(msg) io.stderr:write("analyze.lua: ", msg, "\n"); os.exit(1) end

-- ---- program headers ----
local progs, order = {}, {}
local ls = io.popen('ls "' .. progs_dir .. '"')
for name in ls:lines() do
  if name:match("%.lua$") then
    local f = assert(io.open(progs_dir .. "/" .. name))
    local line = f:read("*l") or ""
    f:close()
    local hdr = line:match("^%-%- cal (.*)$")
    if hdr then
      local p = { name = name }
      for k, v in hdr:gmatch("(%w+)=(%S+)") do p[k] = v end
      p.n = tonumber(p.n) or fail(name .. ": bad n")
      p.base_zero = p.base:match("@0$") ~= nil
      p.base = p.base:gsub("@0$", "")
      progs[name] = p
      order[#order + 1] = name
    end
  end
end
ls:close()
table.sort(order)

-- ---- bytecode counts per iteration ----
local function loop_counts(name)
  local lst = io.popen(LUAJIT .. ' -bl "' .. progs_dir .. "/" .. name .. '"')
  local funcs, cur = {}, nil
  for line in lst:lines() do
    if line:match("^%-%- BYTECODE %-%-") then
      cur = {}
      funcs[#funcs + 1] = cur
    else
      local pc, op, rest = line:match("^(%d%d%d%d) [ =>]*([A-Z][A-Z0-9]+)%s*(.*)$")
      if pc and cur then cur[tonumber(pc)] = { op = op, rest = rest } end
    end
  end
  lst:close()
  -- The measured loop is the last numeric for loop of the listing (setup loops come
  -- before it; LuaJIT lists child functions before their parent).
  local bf, bfrom, bto
  for _, fn in ipairs(funcs) do
    local pcs = {}
    for pc in pairs(fn) do pcs[#pcs + 1] = pc end
    table.sort(pcs)
    for _, pc in ipairs(pcs) do
      local ins = fn[pc]
      if ins.op == "FORI" then
        local target = tonumber(ins.rest:match("=> (%d+)"))
        bf, bfrom, bto = fn, pc + 1, target - 1
      end
    end
  end
  if not bf then fail(name .. ": no numeric for loop found") end
  local counts, ops = {}, {}
  local function add(key, k) counts[key] = (counts[key] or 0) + k end
  for pc = bfrom, bto do
    local ins = bf[pc]
    local op = ins.op
    local prev = bf[pc - 1]
    if op == "JMP" and prev and CLASS[prev.op] == "compare" then
      -- consumed by the comparison
    elseif op == "CAT" then
      local b, c = ins.rest:match("^%d+%s+(%d+)%s+(%d+)")
      add("concat", tonumber(c) - tonumber(b))
      ops.CAT = (ops.CAT or 0) + 1
    else
      local key = CLASS[op] or fail(name .. ": opcode " .. op .. " has no cost class")
      if op == "JMP" then
        local target = tonumber(ins.rest:match("=> (%d+)"))
        if target ~= pc + 1 then fail(name .. ": a JMP in the loop body skips code") end
      end
      add(key, 1)
      ops[op] = (ops[op] or 0) + 1
    end
  end
  return counts, ops
end

local function with_extra(p)
  local counts, ops = loop_counts(p.name)
  for op, k in (p.extra or ""):gmatch("([%u%d]+):(%d+)") do
    local key = PSEUDO[op] or CLASS[op] or fail(p.name .. ": unknown extra " .. op)
    counts[key] = (counts[key] or 0) + tonumber(k)
    if not PSEUDO[op] then ops[op .. "*"] = (ops[op .. "*"] or 0) + tonumber(k) end
  end
  return counts, ops
end

for _, name in ipairs(order) do
  local p = progs[name]
  p.counts, p.ops = with_extra(p)
end

-- ---- timings ----
local times = {}
for line in io.lines(raw_file) do
  local prog, n, ms = line:match("^(%S+)%s+(%S+)%s+(%S+)")
  if prog then
    local id = prog .. "@" .. tonumber(n)
    times[id] = times[id] or {}
    table.insert(times[id], tonumber(ms))
  end
end
local function stat(prog, n)
  local t = times[prog .. "@" .. n] or fail("no timings for " .. prog .. " N=" .. n)
  table.sort(t)
  local m = #t % 2 == 1 and t[(#t + 1) / 2] or (t[#t / 2] + t[#t / 2 + 1]) / 2
  return { min = t[1], median = m, count = #t }
end

-- ---- the RET0 share from the profile ----
local function ret_share(prof_file)
  local samples, total = {}, 0
  for line in io.lines(prof_file) do
    local ip, c = line:match("^%s*(%x+)%s+(%d+)")
    if ip then
      samples[#samples + 1] = { ip = tonumber(ip, 16), c = tonumber(c) }
      total = total + tonumber(c)
    end
  end
  table.sort(samples, function(x, y) return x.ip < y.ip end)
  local clusters = {}
  for _, smp in ipairs(samples) do
    local last = clusters[#clusters]
    if last and smp.ip - last.hi <= 64 then
      last.hi, last.c = smp.ip, last.c + smp.c
    else
      clusters[#clusters + 1] = { lo = smp.ip, hi = smp.ip, c = smp.c }
    end
  end
  local big = {}
  for _, cl in ipairs(clusters) do
    if cl.c >= 0.01 * total then big[#big + 1] = cl end
  end
  if #big ~= 5 then return nil, ("%d main address clusters, not 5"):format(#big) end
  local call, ret, funcf = big[2].c, big[3].c, big[5].c
  return ret / (call + ret + funcf), ("%d samples, CALL %.1f%%, FUNCF %.1f%%, RET0 %.1f%%"):format(
    total, 100 * call / total, 100 * funcf / total, 100 * ret / total)
end

local RET_SHARE, share_note = DEFAULT_RET_SHARE, "default (no profile)"
do
  local sum, notes = 0, {}
  for _, f in ipairs(prof_files) do
    local share, note = ret_share(f)
    if share then
      sum = sum + share
      notes[#notes + 1] = note
    else
      notes = nil
      share_note = "default (profile " .. f .. ": " .. note .. ")"
      break
    end
  end
  if notes and #notes > 0 then
    RET_SHARE = sum / #notes
    share_note = "profile" .. (#notes > 1 and "s" or "") .. ": " .. table.concat(notes, "; ")
  end
end

-- ---- solve ----
local cost = { min = {}, median = {} }
local variants = {} -- key -> list of { prog, min = v, median = v }
local pending = {}
for _, name in ipairs(order) do
  local k = progs[name].key
  if k ~= "-" and k ~= "info" then
    pending[k] = (pending[k] or 0) + 1
    variants[k] = variants[k] or {}
  end
  local sk = progs[name].split
  if sk then
    pending[sk] = (pending[sk] or 0) + 1
    variants[sk] = variants[sk] or {}
  end
end

local function diff_counts(p)
  local d = {}
  for k, v in pairs(p.counts) do d[k] = v end
  if not p.base_zero then
    for k, v in pairs(progs[p.base].counts) do d[k] = (d[k] or 0) - v end
  end
  return d
end

local function solve_one(p, which)
  local tp = stat(p.name, p.n)[which]
  local tb = stat(p.base, p.base_zero and 0 or p.n)[which]
  local delta = (tp - tb) * 1e6 / p.n -- ns per iteration
  local d = diff_counts(p)
  local rest = delta
  for k, c in pairs(d) do
    if k ~= p.key and k ~= p.split and c ~= 0 then
      if not cost[which][k] then return nil end
      rest = rest - c * cost[which][k]
    end
  end
  local own = p.key ~= "info" and d[p.key] or nil
  if p.key == "info" then return rest end
  if not own or own <= 0 then fail(p.name .. ": no " .. p.key .. " operations relative to its base") end
  if p.split then
    local other = d[p.split] or 0
    if other <= 0 then fail(p.name .. ": no " .. p.split .. " operations relative to its base") end
    return (1 - RET_SHARE) * rest / own, RET_SHARE * rest / other
  end
  return rest / own
end

local done_any = true
while done_any do
  done_any = false
  for _, name in ipairs(order) do
    local p = progs[name]
    if pending[p.key] and not p.solved then
      local vmin, smin = solve_one(p, "min")
      local vmed, smed = solve_one(p, "median")
      if vmin and vmed then
        p.solved = true
        local function record(key, variant, vmin, vmed)
          table.insert(variants[key], { prog = name, variant = variant, min = vmin, median = vmed })
          pending[key] = pending[key] - 1
          if pending[key] == 0 then
            pending[key] = nil
            for _, which in ipairs({ "min", "median" }) do
              local s = 0
              for _, v in ipairs(variants[key]) do s = s + v[which] end
              cost[which][key] = math.max(0, s / #variants[key])
            end
          end
        end
        record(p.key, p.variant, vmin, vmed)
        if p.split then record(p.split, "RET0(split)", smin, smed) end
        done_any = true
      end
    end
  end
end
for k in pairs(pending) do fail("could not solve " .. k .. " (missing dependencies)") end

-- ---- output ----
local function round(x)
  local step = x < 0.1 and 0.001 or x < 20 and 0.05 or 0.5
  local r = math.floor(x / step + 0.5) * step
  return (("%.3f"):format(r):gsub("0+$", ""):gsub("%.$", ".0"))
end
local function fmt(x) return ("%.3f"):format(x) end

local function sh(cmd)
  local f = io.popen(cmd)
  local s = f:read("*a") or ""
  f:close()
  return (s:gsub("%s+$", ""))
end
local cpu = sh("lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1")
local ver = sh(LUAJIT .. " -v 2>&1")
print("# hotsim cost model, measured with bench/calibrate/run.sh")
print("# machine: " .. (cpu ~= "" and cpu or "unknown CPU") .. ", " .. sh("nproc") .. " CPUs; " .. ver)
print("# date: " .. os.date("!%Y-%m-%d %H:%M UTC") .. "; interpreter only (luajit -joff)")
print("# values: virtual ns per bytecode of the class, from the fastest of " .. runs
  .. " runs per program (CPU time via " .. timer .. "); each comment gives the same")
print("# value computed from the fastest and from the median runs, and per variant program.")
print(("# call/ret split: RET0 share %.3f of CALL+FUNCF+RET0, %s"):format(RET_SHARE, share_note))
for _, kd in ipairs(KEYS) do
  local key, desc = kd[1], kd[2]
  local vs = variants[key]
  if vs and #vs > 0 then
    print("")
    print(("# %s: %s. min %s, median %s ns"):format(key, desc, fmt(cost.min[key]), fmt(cost.median[key])))
    local parts = {}
    for _, v in ipairs(vs) do
      parts[#parts + 1] = ("%s %s/%s"):format(v.variant, fmt(v.min), fmt(v.median))
    end
    print("#   variants (min/median): " .. table.concat(parts, "; "))
    print(("%s = %s"):format(key, round(cost.min[key])))
  end
end
-- Informational programs.
local infos = {}
for _, name in ipairs(order) do
  local p = progs[name]
  if p.key == "info" then
    local vmin, vmed = solve_one(p, "min"), solve_one(p, "median")
    infos[#infos + 1] = ("#   %s (%s): %s/%s ns per iteration not explained by the model"):format(
      name, p.variant, fmt(vmin), fmt(vmed))
  end
end
if #infos > 0 then
  print("")
  print("# Unmodelled residuals (min/median):")
  for _, s in ipairs(infos) do print(s) end
end

-- Optional detail on stderr: per-program counts and deltas.
if os.getenv("CAL_VERBOSE") then
  for _, name in ipairs(order) do
    local p = progs[name]
    local ops = {}
    for op, c in pairs(p.ops) do ops[#ops + 1] = op .. "=" .. c end
    table.sort(ops)
    local tp, tb = stat(p.name, p.n), stat(p.base, p.base_zero and 0 or p.n)
    io.stderr:write(("%-18s N=%-6g base=%-16s %8.1f/%8.1f ms (base %7.1f/%7.1f)  %s\n"):format(
      name, p.n, p.base .. (p.base_zero and "@0" or ""), tp.min, tp.median, tb.min, tb.median,
      table.concat(ops, " ")))
  end
end
