-- require of a sibling module
print(package.loaded["corpus_mod"] == nil)
local m = require("corpus_mod")
print(type(m), m.name, m.add(2, 3))
print(m.next_id(), m.next_id())
print("load count", corpus_mod_load_count, m.loads)
print("module got name", m.modname, m.args >= 1)
-- second require returns the cached table without reloading
local m2 = require("corpus_mod")
print(m2 == m, corpus_mod_load_count, m2.next_id())
print(package.loaded["corpus_mod"] == m)
-- standard libraries are in package.loaded
print(package.loaded.string == string, package.loaded.table == table, package.loaded.math == math)
print(require("string") == string, require("math") == math)
-- requiring a missing module fails
local ok = pcall(require, "corpus_mod_does_not_exist")
print("missing module fails", not ok)
-- package.loaded can be pre-populated
package.loaded["virtual_mod"] = {virtual = true}
print(require("virtual_mod").virtual)
-- unloading forces a reload
package.loaded["corpus_mod"] = nil
local m3 = require("corpus_mod")
print(m3 ~= m, corpus_mod_load_count, m3.next_id())
