//! Fast-function recording (LuaJIT's `lj_ffrecord.c`): which library functions a trace
//! may call, and how a call of one is recorded.
//!
//! One table, [`FAST_FUNCS`], says it for every such function; the VM reads it at start-up
//! to find the functions ([`crate::stdlib::jit_fast_funcs`]) and the recorder reads each
//! row when a trace calls one. A function not in the table aborts the recording with
//! `NYI: FastFunc name`.

use super::{R, Recorder, Step};
use crate::interp::Vm;
use crate::jit::StartKind;
use crate::jit::ir::{CALLN_TAIL, IrIns, IrOp, NONE, Ty};
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

/// One result.
const ONE: bool = true;
/// Any number of results.
const ANY: bool = false;

/// Rows of [`FAST_FUNCS`], written a group at a time: library, results, how a call is
/// recorded, then the names in brackets.
macro_rules! fast_funcs {
    ($($lib:literal $results:ident $record:ident: [$($name:tt)*])*) => {
        &[$($(ff($lib, stringify!($name), $results, FfRecord::$record),)*)*]
    };
}

/// Every library function a trace may call: library, results, how it is recorded, names.
pub(crate) const FAST_FUNCS: &[FastFunc] = fast_funcs! {
    "math" ONE Call: [abs ceil floor sqrt sin cos tan asin acos atan atan2 exp log log10 pow
        fmod min max random sinh cosh tanh deg rad ldexp]
    "math" ANY Call: [modf frexp]
    "string" ONE Call: [char sub len lower upper rep reverse]
    "string" ONE CallNumStrArgs: [format]
    "string" ANY Call: [byte find match]
    "bit" ONE Call: [band bor bxor bnot lshift rshift arshift rol ror tobit tohex bswap]
    "table" ANY Call: [insert remove]
    "table" ONE CallNumStrTableArgs: [concat]
    "os" ONE Call: [clock]
    "hotsim" ONE Call: [now]
    "hotsim" ANY Call: [work]
    "_G" ONE Call: [type rawget rawset rawequal tonumber setmetatable getmetatable]
    "_G" ANY Call: [select next pairs ipairs assert unpack]
};

/// `ipairs`' iterator (no library table holds it).
pub(crate) const IPAIRS_AUX: FastFunc = ff("", "ipairs_aux", ANY, FfRecord::Call);

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
        // A tail call returns the results from the current frame (LuaJIT's
        // lj_record_tailcall, then the fast function's return): only from an inlined
        // frame whose caller wants a fixed number of results.
        let frame = if tail {
            match self.frames.last() {
                Some(f) if f.nresults >= 0 => Some(f.clone()),
                Some(_) => return Err(AbortReason::NyiCall("return of multiple results")),
                // From the trace's first frame the results would return below it:
                // a root trace would leave its loop (lj_record_ret's LJ_TRERR_LLEAVE);
                // a side trace would record on in the caller, which hotsim does not.
                None if matches!(self.kind, StartKind::Side { .. }) => {
                    return Err(AbortReason::NyiCall("tail call of a library function"));
                }
                None => return Err(AbortReason::LeavingLoop),
            }
        } else {
            None
        };
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
        let n = frame.as_ref().map_or(nres.max(0), |f| f.nresults) as u32;
        let tail_bit = if frame.is_some() { CALLN_TAIL } else { 0 };
        let r = self.buf.push(IrIns {
            snap,
            k: u64::from(fid.0) | tail_bit,
            c: n,
            ..IrIns::new(IrOp::CallN, Ty::Nil, start, nargs)
        });
        for i in 1..n {
            self.buf.push(IrIns {
                k: u64::from(i),
                ..IrIns::new(IrOp::Res, Ty::Nil, r, NONE)
            });
        }
        // The results land in the call's slot, or for a tail call in the slot that held
        // the frame's function, once the frame has returned.
        let dest = match &frame {
            Some(f) => {
                self.pop_frame(f.ret_slot);
                f.ret_slot
            }
            None => slot,
        };
        if n > 0 {
            self.pending = Some((r, n, dest));
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
