//! Trace dumps: `--jdump`'s IR listing and `--jv`'s one line per trace event (LuaJIT's
//! `jit/dump.lua` and `jit/v.lua`), and the location text trace events carry.

use super::reason::AbortReason;
use super::trace::Trace;
use super::{Link, StartKind, TraceNo};
use crate::interp::Vm;
use crate::proto::Proto;
use hotsim_policies::HotKind;
use std::io::Write;

/// How a trace ends, as `-jv` and `-jdump` print it.
pub(super) fn link_text(no: TraceNo, kind: StartKind, link: Link) -> String {
    match link {
        // A function trace loops through its own tail call.
        Link::Loop if kind == StartKind::Call => "tail-recursion".into(),
        Link::Loop => "loop".into(),
        Link::Return => "return".into(),
        Link::Interp => "interpreter".into(),
        Link::UpRec => "up-recursion".into(),
        Link::Trace(t) if t == no => "loop".into(),
        Link::Trace(t) => format!("-> {t}"),
    }
}

impl Vm {
    /// `chunk:line` of `pc` in `proto`, as the trace log and `-jv` print positions.
    pub(super) fn loc(proto: &Proto, pc: usize) -> String {
        format!(
            "{}:{}",
            proto.chunk,
            proto.line(pc.min(proto.code.len().saturating_sub(1)))
        )
    }

    /// `-jv`'s text of where a trace starts: `(parent/exit) ` for a side trace, and the
    /// location.
    pub(super) fn start_text(
        &self,
        rec_kind: StartKind,
        proto: &Proto,
        start_pc: usize,
    ) -> (String, String) {
        let ex = match rec_kind {
            StartKind::Side { parent, exit, .. } => format!("({parent}/{exit}) "),
            _ => String::new(),
        };
        (ex, Self::loc(proto, start_pc))
    }

    /// `-jv`: a recording aborted at `at`.
    pub(super) fn jv_abort(&mut self, ex: &str, loc: &str, reason: &AbortReason, at: &str) {
        if let Some(jv) = &mut self.jv {
            // LuaJIT's -jv leaves out the abort position when it is the start's.
            let _ = if at == loc {
                writeln!(jv, "[TRACE --- {ex}{loc} -- {reason}]")
            } else {
                writeln!(jv, "[TRACE --- {ex}{loc} -- {reason} at {at}]")
            };
        }
    }

    /// `-jdump` and `-jv`: trace `trace` compiled, ending in `lt`.
    pub(super) fn jv_stop(&mut self, trace: &Trace, ex: &str, loc: &str, lt: &str) {
        let no = trace.no;
        if let Some(out) = &mut self.jdump {
            let _ = write!(out, "{}", dump(trace));
        }
        if let Some(jv) = &mut self.jv {
            let _ = writeln!(jv, "[TRACE {no:>3} {ex}{loc} {lt}]");
        }
    }

    /// `-jv`: the hot op at `line` of `proto` became hot.
    pub(super) fn jv_hot(&mut self, proto: &Proto, line: u32, kind: HotKind) {
        if let Some(jv) = &mut self.jv {
            let _ = writeln!(jv, "[HOT   {}:{line} {}]", proto.chunk, kind.name());
        }
    }

    /// `-jv`: every trace was thrown away.
    pub(super) fn jv_flush(&mut self) {
        if let Some(jv) = &mut self.jv {
            let _ = writeln!(jv, "[TRACE flush]");
        }
    }
}

/// A trace's IR as text (`--jdump`): one line per executed instruction, with guards'
/// snapshot numbers and the loop and PHI structure.
pub fn dump(t: &Trace) -> String {
    let mut out = format!(
        "---- TRACE {} IR ({} instructions, {} snapshots)\n",
        t.no,
        t.nins(),
        t.snaps.len()
    );
    for (i, e) in t.code[..t.code.len() - 1].iter().enumerate() {
        if t.loop_at == Some(i) {
            out.push_str("....              LOOP ------------\n");
        }
        let snap = if e.ins.op.is_guard() {
            format!("#{:<3}", e.ins.snap)
        } else {
            "    ".to_string()
        };
        out.push_str(&format!("{:04} {snap} {}\n", e.dst, e.ins));
    }
    for (a, b) in &t.phis {
        out.push_str(&format!("     phi  {a:04} <- {b:04}\n"));
    }
    let link = match t.link {
        Link::Trace(n) if n != t.no => n.to_string(),
        l => link_text(t.no, t.kind, l),
    };
    out.push_str(&format!("---- TRACE {} stop -> {link}\n", t.no));
    out
}
