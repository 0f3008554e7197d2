-- helper module for 68_require.lua (not a test program itself)
local M = {}
M.name = "corpus_mod"
M.loads = (corpus_mod_load_count or 0) + 1
corpus_mod_load_count = M.loads
local counter = 0
function M.next_id()
  counter = counter + 1
  return M.name .. "#" .. counter
end
function M.add(a, b) return a + b end
M.args = select('#', ...)
M.modname = ...
return M
