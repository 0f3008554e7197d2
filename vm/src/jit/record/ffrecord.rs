//! Fast-function recording (LuaJIT's `lj_ffrecord.c`): which library functions a trace
//! may call, and how a call of one is recorded.
//!
//! One table, [`FAST_FUNCS`], says it for every such function; the VM reads it at start-up
//! to find the functions ([`crate::stdlib::jit_fast_funcs`]) and the recorder reads each
//! row when a trace calls one. A function not in the table aborts the recording with
//! `NYI: FastFunc name`.

use super::{R, Recorder, Step};
use crate::interp::Vm;
use crate::jit::ir::{IrIns, IrOp, NONE, Ty};
use crate::jit::reason::AbortReason;
use crate::value::{FuncId, Value};

/// How the recorder records a call of a library function. Every one becomes a `CALLN`
/// (hotsim has no inline recorders); some first check their arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FfRecord {
    /// A `CALLN` with the arguments as they are.
    Call,
    /// A `CALLN` once every argument is a number or a string (converting anything else
    /// could run a `__tostring` metamethod).
    CallNumStrArgs,
    /// As [`FfRecord::CallNumStrArgs`], tables allowed too (`table.concat`'s list).
    CallNumStrTableArgs,
}

/// One library function a compiled trace may call (LuaJIT's compiled "fast functions",
/// roughly): it never calls back into Lua, never depends on the calling frame, and
/// either fails before any side effect or cannot fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FastFunc {
    /// Its library table (`_G` for the base library).
    pub lib: &'static str,
    /// Its name in that table.
    pub name: &'static str,
    /// It always returns exactly one result, so a call of it for all its results (the
    /// last argument of another call) leaves a known top.
    pub one_result: bool,
    /// How a call is recorded.
    pub record: FfRecord,
}

const fn ff(lib: &'static str, name: &'static str, one_result: bool, record: FfRecord) -> FastFunc {
    FastFunc {
        lib,
        name,
        one_result,
        record,
    }
}

use FfRecord::{Call, CallNumStrArgs, CallNumStrTableArgs};
/// One result.
const ONE: bool = true;
/// Any number of results.
const ANY: bool = false;

/// Every library function a trace may call: library, name, results, how it is recorded.
#[rustfmt::skip]
pub(crate) const FAST_FUNCS: &[FastFunc] = &[
    ff("math", "abs", ONE, Call), ff("math", "ceil", ONE, Call),
    ff("math", "floor", ONE, Call), ff("math", "sqrt", ONE, Call),
    ff("math", "sin", ONE, Call), ff("math", "cos", ONE, Call),
    ff("math", "tan", ONE, Call), ff("math", "asin", ONE, Call),
    ff("math", "acos", ONE, Call), ff("math", "atan", ONE, Call),
    ff("math", "atan2", ONE, Call), ff("math", "exp", ONE, Call),
    ff("math", "log", ONE, Call), ff("math", "log10", ONE, Call),
    ff("math", "pow", ONE, Call), ff("math", "fmod", ONE, Call),
    ff("math", "modf", ANY, Call), ff("math", "min", ONE, Call),
    ff("math", "max", ONE, Call), ff("math", "random", ONE, Call),
    ff("math", "sinh", ONE, Call), ff("math", "cosh", ONE, Call),
    ff("math", "tanh", ONE, Call), ff("math", "deg", ONE, Call),
    ff("math", "rad", ONE, Call), ff("math", "frexp", ANY, Call),
    ff("math", "ldexp", ONE, Call),
    ff("string", "byte", ANY, Call), ff("string", "char", ONE, Call),
    ff("string", "sub", ONE, Call), ff("string", "len", ONE, Call),
    ff("string", "lower", ONE, Call), ff("string", "upper", ONE, Call),
    ff("string", "rep", ONE, Call), ff("string", "reverse", ONE, Call),
    ff("string", "format", ONE, CallNumStrArgs), ff("string", "find", ANY, Call),
    ff("string", "match", ANY, Call),
    ff("bit", "band", ONE, Call), ff("bit", "bor", ONE, Call),
    ff("bit", "bxor", ONE, Call), ff("bit", "bnot", ONE, Call),
    ff("bit", "lshift", ONE, Call), ff("bit", "rshift", ONE, Call),
    ff("bit", "arshift", ONE, Call), ff("bit", "rol", ONE, Call),
    ff("bit", "ror", ONE, Call), ff("bit", "tobit", ONE, Call),
    ff("bit", "tohex", ONE, Call), ff("bit", "bswap", ONE, Call),
    ff("table", "insert", ANY, Call), ff("table", "remove", ANY, Call),
    ff("table", "concat", ONE, CallNumStrTableArgs),
    ff("os", "clock", ONE, Call),
    ff("hotsim", "now", ONE, Call), ff("hotsim", "work", ANY, Call),
    ff("_G", "type", ONE, Call), ff("_G", "rawget", ONE, Call),
    ff("_G", "rawset", ONE, Call), ff("_G", "rawequal", ONE, Call),
    ff("_G", "tonumber", ONE, Call), ff("_G", "select", ANY, Call),
    ff("_G", "next", ANY, Call), ff("_G", "pairs", ANY, Call),
    ff("_G", "ipairs", ANY, Call), ff("_G", "setmetatable", ONE, Call),
    ff("_G", "getmetatable", ONE, Call), ff("_G", "assert", ANY, Call),
    ff("_G", "unpack", ANY, Call),
];

/// `ipairs`' iterator (no library table holds it).
pub(crate) const IPAIRS_AUX: FastFunc = ff("", "ipairs_aux", ANY, Call);

impl Recorder {
    /// The fast function `fid`, if a trace may call it.
    pub(super) fn fast_func(&self, fid: FuncId) -> Option<&'static FastFunc> {
        self.fast_funcs.get(&fid.0).copied()
    }

    /// A call of library function `fid` (`name`) in `slot` with `nargs` arguments for
    /// `nres` results (-1: all): a `CALLN`, whose results' types the next step reads.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_fast_call(
        &mut self,
        vm: &Vm,
        pc: usize,
        fid: FuncId,
        name: &'static str,
        slot: u32,
        nargs: u32,
        nres: i32,
        tail: bool,
    ) -> R<Step> {
        if tail {
            return Err(AbortReason::NyiCall("tail call of a library function"));
        }
        let Some(ff) = self.fast_func(fid) else {
            return Err(AbortReason::NyiFastFunc(name));
        };
        let tables = match ff.record {
            FfRecord::Call => None,
            FfRecord::CallNumStrArgs => Some(false),
            FfRecord::CallNumStrTableArgs => Some(true),
        };
        if let Some(tables) = tables {
            // Only numbers and strings: tostring could run metamethods.
            for i in 0..nargs {
                match self.val(vm, slot + 1 + i) {
                    Value::Num(_) | Value::Str(_) => {}
                    Value::Table(_) if tables => {}
                    _ => return Err(AbortReason::BadArgType),
                }
            }
        }
        let mut args = Vec::with_capacity(nargs as usize);
        for i in 0..nargs {
            args.push(self.slot(vm, pc, slot + 1 + i)?);
        }
        let start = self.buf.args.len() as u32;
        self.buf.args.extend(&args);
        self.buf.args.push(slot);
        // Exact state before the call: an exit with unexpected result types places the
        // results and resumes after it. The snapshot is the call's own, so a side trace
        // attached to it (which starts after the call) is entered from nowhere else.
        let snap = self.take_fresh_snapshot(pc)?;
        let n = nres.max(0) as u32;
        let r = self.buf.push(IrIns {
            snap,
            k: u64::from(fid.0),
            c: n,
            ..IrIns::new(IrOp::CallN, Ty::Nil, start, nargs)
        });
        for i in 1..n {
            self.buf.push(IrIns {
                k: u64::from(i),
                ..IrIns::new(IrOp::Res, Ty::Nil, r, NONE)
            });
        }
        if n > 0 {
            self.pending = Some((r, n, slot));
        }
        self.dirty = true;
        Ok(Step::Continue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::{Vm, VmConfig};

    #[test]
    fn every_row_names_a_library_function() {
        let vm = Vm::new(VmConfig::default());
        let found = &vm.jit.fast_funcs;
        for ff in FAST_FUNCS {
            assert!(found.values().any(|f| *f == ff), "{}.{}", ff.lib, ff.name);
        }
        assert_eq!(found.len(), FAST_FUNCS.len() + 1, "and ipairs' iterator");
    }
}
