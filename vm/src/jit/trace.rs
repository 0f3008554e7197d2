//! The trace life cycle (LuaJIT's `lj_trace.c`): start -> record -> stop (optimise,
//! assemble, link) or abort (penalty, blacklist); hot exits -> side traces; flushes.
//!
//! The state machine is [`Vm::record_step`]'s match: each step of a recording ends in
//! `Continue`, `Stop` or `Abort`; everything that changes the trace cache happens in the
//! functions below it, in the order LuaJIT does it. A finished recording is lowered to
//! a [`Trace`] by `lower.rs`; `-jv` and `-jdump` print from [`super::dump`].

use super::dump::link_text;
use super::exec::{self, Stop};
use super::ir::{IrIns, Ref};
use super::irbuf::IrBuf;
use super::mcode::{self, McodeFull};
use super::opt;
use super::penalty::Penalty;
use super::reason::AbortReason;
use super::record::{Recorder, Step};
use super::snap::{self, COUNT_DONE, Snapshot};
use super::{BLACKLISTED, FlushMode, Link, StartKind, TRACE_EVENT_LOG_MAX, TraceNo};
use crate::interp::Vm;
use crate::proto::Proto;
use hotsim_policies::{Site, VTime};
use std::cell::Cell;
use std::rc::Rc;

/// One executable instruction: the IR instruction and the register it writes.
#[derive(Clone, Debug)]
pub struct ExecIns {
    /// Destination register (the instruction's IR reference).
    pub dst: Ref,
    /// The instruction.
    pub ins: IrIns,
    /// A table access's inline cache: where its string key was found last time (see
    /// `Table::get_str_cached`). Saves the host's hashing, not virtual time.
    pub hint: Cell<u32>,
}

/// A compiled trace.
#[derive(Debug)]
pub struct Trace {
    /// Its number.
    pub no: TraceNo,
    /// How it started.
    pub kind: StartKind,
    /// How it ends.
    pub link: Link,
    /// Prototype of its first frame.
    pub proto: Rc<Proto>,
    /// The hot op (root) or exit pc (side) it started at.
    pub start_pc: usize,
    /// The site address of a root trace's hot op.
    pub site: u32,
    /// The optimised IR (references index it).
    pub ins: Vec<IrIns>,
    /// What runs: live instructions in order.
    pub code: Vec<ExecIns>,
    /// Index in `code` where the loop body starts (looping traces).
    pub loop_at: Option<usize>,
    /// Back-edge moves.
    pub phis: Vec<(Ref, Ref)>,
    /// Exits.
    pub snaps: Vec<Snapshot>,
    /// Argument lists of `CALLN`/`CAT`.
    pub args: Vec<Ref>,
    /// The frames its `RETF` instructions return into.
    pub retf: Vec<super::snap::RetTarget>,
    /// Constant registers.
    pub consts: Vec<(Ref, u64)>,
    /// The snapshot restored at the end (non-looping) or at the back edge (looping).
    pub final_snap: u16,
    /// Highest stack slot used, relative to the trace base (library calls go above).
    pub max_slot: u32,
    /// Per-exit counters.
    pub counts: Box<[Cell<u8>]>,
    /// Per-exit side trace (0: none).
    pub links: Box<[Cell<TraceNo>]>,
    /// Machine-code area it lives in.
    pub area: u32,
    /// Modelled machine-code bytes.
    pub mcode_bytes: u32,
    /// Root of its tree (itself for a root trace).
    pub root: TraceNo,
    /// Its registers, constants loaded once (a trace never runs re-entrantly: library
    /// calls from traces never call back into Lua).
    pub regs: std::cell::RefCell<Vec<u64>>,
}

impl Trace {
    /// Instructions that execute (IR size as reported; the sentinel does not count).
    pub fn nins(&self) -> usize {
        self.code.len() - 1 + self.phis.len()
    }
}

/// What happened to a trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceEventKind {
    /// Compiled and linked.
    Stop,
    /// Recording failed.
    Abort,
    /// All traces thrown away.
    Flush,
    /// A root trace's start pc was blacklisted.
    Blacklist,
}

/// One entry of the trace log (`--jv`, the compile log).
#[derive(Clone, Debug, PartialEq)]
pub struct TraceEvent {
    /// When it finished (virtual time).
    pub time: VTime,
    /// What happened.
    pub kind: TraceEventKind,
    /// Trace number (0 for aborts and flushes).
    pub trace: TraceNo,
    /// Parent trace and exit of a side trace (0, 0 for roots).
    pub parent: (TraceNo, u16),
    /// `loop`, `call` or `side`.
    pub start: &'static str,
    /// Where it started, `chunk:line`.
    pub location: String,
    /// The start site's address (roots) or the exit's pc address (side traces).
    pub site: u32,
    /// Link (`loop`, `return`, `interpreter`, `-> N`) or abort reason.
    pub detail: String,
    /// IR instructions of a compiled trace.
    pub ir_ins: u32,
    /// Virtual time spent recording.
    pub record_ns: u64,
    /// Virtual time spent compiling (including page-protection changes).
    pub compile_ns: u64,
}

impl TraceEvent {
    /// An event with no trace number, IR or costs (set those by struct update).
    fn new(
        time: VTime,
        kind: TraceEventKind,
        start: Option<StartKind>,
        location: String,
        site: u32,
        detail: String,
    ) -> TraceEvent {
        TraceEvent {
            time,
            kind,
            trace: 0,
            parent: start.map_or((0, 0), StartKind::parent),
            start: start.map_or("", StartKind::name),
            location,
            site,
            detail,
            ir_ins: 0,
            record_ns: 0,
            compile_ns: 0,
        }
    }
}

impl Vm {
    /// Clear every exit counter that is not done (RaptorJIT's `trace_clearsnapcounts`).
    pub(crate) fn clear_exit_counts(&mut self) {
        for t in self.jit.traces.iter().flatten() {
            for c in t.counts.iter() {
                if c.get() != COUNT_DONE {
                    c.set(0);
                }
            }
        }
    }

    /// Make `rec` the recording in progress.
    pub(super) fn begin_recording(&mut self, rec: Recorder) {
        self.jit.rec = Some(Box::new(rec));
        self.record_cost_ps = 0;
        // Every bytecode goes through the slow path while recording.
        self.check_at = self.stats.bytecodes;
    }

    /// The number the next trace gets, taken when its recording starts (nothing else
    /// compiles meanwhile); a full cache is flushed and `None` returned (LuaJIT's
    /// `trace_findfree` failing: the event is ignored).
    pub(super) fn next_trace_no(&mut self) -> Option<TraceNo> {
        let n = self.jit.traces.len();
        if n >= self.jit.params.maxtrace as usize {
            self.trace_flush();
            return None;
        }
        Some(n as TraceNo)
    }

    /// Record the bytecode at `pc` of the top frame (called before it executes).
    pub(crate) fn record_step(&mut self, pc: usize) {
        let Some(mut rec) = self.jit.rec.take() else {
            return;
        };
        let c = self.cost_ps.record_ins;
        self.clock_ps += c;
        self.record_cost_ps += c;
        self.split.record += c;
        match rec.step(self, pc) {
            Step::Continue => self.jit.rec = Some(rec),
            Step::Stop(link) => self.trace_stop(*rec, link),
            Step::Abort(reason) => self.trace_abort(*rec, reason, pc),
        }
    }

    fn start_site(rec: &Recorder) -> u32 {
        match rec.kind {
            StartKind::Side { .. } => rec.proto_at_start().pc_addr(rec.start_pc),
            _ => rec.proto0.pc_addr(rec.start_pc + 1),
        }
    }

    fn log_event(&mut self, e: TraceEvent) {
        if self.jit.events.len() < TRACE_EVENT_LOG_MAX {
            self.jit.events.push(e);
        }
    }

    /// A recording failed.
    fn trace_abort(&mut self, rec: Recorder, reason: AbortReason, pc: usize) {
        self.stats.aborts += 1;
        let cur_proto = self
            .frames
            .last()
            .map(|f| f.proto.clone())
            .unwrap_or_else(|| rec.proto0.clone());
        let (ex, loc) = self.start_text(rec.kind, rec.proto_at_start(), rec.start_pc);
        let at = Self::loc(&cur_proto, pc);
        self.jv_abort(&ex, &loc, &reason, &at);
        let site = Self::start_site(&rec);
        let record_ns = self.record_cost_ps / 1000;
        self.log_event(TraceEvent {
            record_ns,
            ..TraceEvent::new(
                self.now(),
                TraceEventKind::Abort,
                Some(rec.kind),
                loc,
                site,
                reason.to_string(),
            )
        });
        self.check_at = self.stats.bytecodes;
        if let Some(callee) = rec.flush_on_abort {
            // The callee's trace only returned, and recording through it went too deep:
            // unpatch it, and let its counter retry soon (LuaJIT's check_call_unroll).
            self.jit.set_site(callee, 0);
            let retry = (rand::Rng::next_u32(&mut self.jit.rng) & 15) as u16;
            self.policy.set_counter(Site::new(callee), retry);
        }
        if matches!(rec.kind, StartKind::Side { .. }) {
            // Side-trace aborts are not penalised.
            return;
        }
        let now = self.now();
        self.policy.on_abort(Site::new(site), now);
        if reason.retries() {
            self.policy.set_counter(Site::new(site), 1);
        } else if !self.policy.replaces_penalties() {
            let max = self.jit.params.penaltymax;
            match self
                .jit
                .penalty
                .penalise(site, &reason, max, &mut self.jit.rng)
            {
                Penalty::Wait(v) => self
                    .policy
                    .set_counter(Site::new(site), v.min(u32::from(u16::MAX)) as u16),
                Penalty::Blacklist => self.blacklist(site, &rec),
            }
        }
    }

    fn blacklist(&mut self, site: u32, rec: &Recorder) {
        self.jit.set_site(site, BLACKLISTED);
        self.stats.blacklisted += 1;
        let loc = Self::loc(&rec.proto0, rec.start_pc);
        let e = TraceEvent::new(
            self.now(),
            TraceEventKind::Blacklist,
            Some(rec.kind),
            loc,
            site,
            "blacklisted".into(),
        );
        self.log_event(e);
    }

    /// A recording completed: optimise, assemble (model), link.
    fn trace_stop(&mut self, mut rec: Recorder, link: Link) {
        self.check_at = self.stats.bytecodes;
        let last = (link != Link::Loop).then(|| rec.snapshot_at(rec.final_pc));
        let mut buf = std::mem::take(&mut rec.buf);
        let (phis, final_snap, loop_ref) = if link == Link::Loop {
            // Only slots of locals live at the loop head carry over: temporaries are
            // written before they are read (LuaJIT's snapshot purging does the same).
            let live: Vec<Ref> = rec
                .final_slots
                .iter()
                .enumerate()
                .map(|(s, &r)| {
                    let local = u8::try_from(s)
                        .ok()
                        .and_then(|reg| rec.proto0.local_name(reg, rec.entry_pc));
                    if local.is_some() { r } else { super::ir::NONE }
                })
                .collect();
            match opt::loop_::peel(&mut buf, &live) {
                Ok(p) => {
                    buf.snaps.push(Snapshot {
                        pc: rec.entry_pc as u32,
                        frames: Rc::from(Vec::new()),
                        entries: p.back_slots.clone(),
                        base_func: None,
                        mret_top: None,
                    });
                    (p.phis, (buf.snaps.len() - 1) as u16, Some(p.loop_ref))
                }
                Err(reason) => {
                    rec.buf = buf;
                    let pc = self.frames.last().map_or(0, |f| f.pc.saturating_sub(1));
                    return self.trace_abort(rec, reason, pc);
                }
            }
        } else {
            buf.snaps.push(last.expect("taken above"));
            (Vec::new(), (buf.snaps.len() - 1) as u16, None)
        };
        opt::dce::dce(&mut buf, &phis, &[]);
        let trace = super::lower::lower(&rec, buf, link, phis, final_snap, loop_ref);
        self.install(rec, trace);
    }

    /// Place a finished trace in machine code, charge its compile, link it.
    fn install(&mut self, rec: Recorder, mut trace: Trace) {
        let bytes = mcode::trace_bytes(trace.nins(), trace.snaps.len());
        let p = &self.jit.params;
        let area = match self.jit.mcode.alloc(bytes, p.sizemcode, p.maxmcode) {
            Ok(a) => a,
            Err(McodeFull) => {
                self.trace_flush();
                let pc = self.frames.last().map_or(0, |f| f.pc.saturating_sub(1));
                return self.trace_abort(rec, AbortReason::McodeFull, pc);
            }
        };
        trace.area = area;
        trace.mcode_bytes = bytes;
        let no = trace.no;
        let mut mprotects = 2;
        if let StartKind::Side { parent, .. } = trace.kind
            && let Some(p) = &self.jit.traces[parent as usize]
            && p.area != area
        {
            mprotects += 2;
        }
        let compile_ps = self.cost_ps.compile_base
            + self.cost_ps.compile_per_ins * trace.nins() as u64
            + self.cost_ps.mprotect * mprotects;
        self.clock_ps += compile_ps;
        self.split.compile += compile_ps;
        self.stats.mprotects += mprotects;
        self.stats.traces += 1;
        self.stats.ir_instructions += trace.nins() as u64;
        self.stats.mcode_bytes += u64::from(bytes);
        if trace.link != Link::Loop {
            // A trace without a loop marks its last exit done.
            trace.counts[trace.final_snap as usize].set(COUNT_DONE);
        }
        let site = Self::start_site(&rec);
        match trace.kind {
            StartKind::Side {
                parent, exit, root, ..
            } => {
                self.stats.side_traces += 1;
                if trace.link == Link::Interp {
                    self.stats.stub_traces += 1;
                }
                if let Some(p) = &self.jit.traces[parent as usize] {
                    p.links[exit as usize].set(no);
                    p.counts[exit as usize].set(COUNT_DONE);
                }
                self.jit.nchild[root as usize] += 1;
            }
            _ => {
                self.jit.set_site(site, no);
                if self.jit.params.flush == FlushMode::RaptorJit {
                    self.jit.penalty.forget(site);
                }
            }
        }
        let (ex, loc) = self.start_text(trace.kind, rec.proto_at_start(), rec.start_pc);
        let lt = link_text(no, trace.kind, trace.link);
        self.jv_stop(&trace, &ex, &loc, &lt);
        let now = self.now();
        let record_ns = self.record_cost_ps / 1000;
        self.log_event(TraceEvent {
            trace: no,
            ir_ins: trace.nins() as u32,
            record_ns,
            compile_ns: compile_ps / 1000,
            ..TraceEvent::new(now, TraceEventKind::Stop, Some(trace.kind), loc, site, lt)
        });
        let cost = VTime((self.record_cost_ps + compile_ps) / 1000);
        self.policy.on_compiled(Site::new(site), cost, now);
        self.jit.traces.push(Some(Rc::new(trace)));
        self.jit.nchild.push(0);
        self.check_at = self.stats.bytecodes;
    }

    /// Throw every trace away (LuaJIT's `lj_trace_flushall`).
    pub(crate) fn trace_flush(&mut self) {
        let now = self.now();
        let raptor = self.jit.params.flush == FlushMode::RaptorJit;
        let roots: Vec<u32> = self
            .jit
            .traces
            .iter()
            .flatten()
            .filter(|t| !matches!(t.kind, StartKind::Side { .. }))
            .map(|t| t.site)
            .collect();
        for site in roots {
            self.policy.on_trace_flushed(Site::new(site), now);
        }
        self.jit.traces.truncate(1);
        self.jit.nchild.truncate(1);
        for s in &mut self.jit.sites {
            if *s != BLACKLISTED || raptor {
                *s = 0;
            }
        }
        self.jit.penalty.clear();
        self.jit.mcode.reset();
        if raptor {
            self.policy.reset_counters();
        }
        self.policy.on_flush(now);
        self.stats.flushes += 1;
        self.clock_ps += self.cost_ps.flush;
        self.jv_flush();
        let e = TraceEvent::new(
            now,
            TraceEventKind::Flush,
            None,
            String::new(),
            0,
            "flush".into(),
        );
        self.log_event(e);
    }

    /// Run trace `no` from the top frame (index `fi`), following links and side traces,
    /// until control returns to the interpreter.
    pub(crate) fn enter_trace(&mut self, mut no: TraceNo, fi: usize) {
        let mut fi0 = fi;
        let mut b0 = self.frames[fi].base;
        while let Some(t) = self.jit.traces.get(no as usize).cloned().flatten() {
            // Near the limits, the interpreter goes on and raises the error.
            if self.ensure_stack(b0 + t.max_slot as usize + 64).is_err()
                || self.frames.len() + 64 > crate::interp::MAX_FRAMES
            {
                break;
            }
            let out = exec::run(self, &t, b0, fi0);
            (b0, fi0) = (out.b0, out.fi0);
            let regs = t.regs.borrow();
            let ps = out.executed * self.cost_ps.trace_ins;
            self.clock_ps += ps;
            self.split.trace += ps;
            self.stats.trace_ins += out.executed;
            match out.stop {
                Stop::End => {
                    snap::restore(self, &t, t.final_snap, b0, fi0, &regs);
                    if t.link == Link::Interp {
                        // A stub: the exit to the interpreter happens here.
                        self.take_exit();
                    }
                    drop(regs);
                    let next = match t.link {
                        Link::Trace(next) => next,
                        // One frame deeper: the restored frames end in the new call.
                        Link::UpRec => t.no,
                        _ => break,
                    };
                    fi0 = self.frames.len() - 1;
                    b0 = self.frames[fi0].base;
                    no = next;
                    continue;
                }
                Stop::BackEdge => {
                    snap::restore(self, &t, t.final_snap, b0, fi0, &regs);
                    self.maybe_gc();
                    break;
                }
                Stop::CallResults(s, slot, vals, tail) => {
                    snap::restore(self, &t, s, b0, fi0, &regs);
                    drop(regs);
                    let n = vals.len();
                    for (i, v) in vals.into_iter().enumerate() {
                        self.stack[b0 + slot as usize + i] = v;
                    }
                    if tail {
                        // The call was the frame's `CALLT`: return its results to the
                        // caller, whose saved pc is already past its call, and go on
                        // there in the interpreter. The snapshot is the callee's state
                        // before the call, so this exit starts no side trace (LuaJIT
                        // checks the types after the return, under a snapshot of the
                        // caller, and can grow one there).
                        self.post_call(b0 + slot as usize, n, 0);
                        self.take_exit();
                        break;
                    }
                    let top = self.frames.len() - 1;
                    self.frames[top].pc += 1;
                    // An exit like any other (the end of an iterator loop, a search that
                    // found nothing), resuming after the call: counted, and its side
                    // trace starts there.
                    let side = t.links[s as usize].get();
                    if side != 0 {
                        no = side;
                        continue;
                    }
                    self.take_exit();
                    let resume = self.frames[top].pc as u32;
                    self.hot_exit(&t, s, b0, fi0, resume);
                    break;
                }
                Stop::Guard(s) => {
                    snap::restore(self, &t, s, b0, fi0, &regs);
                    drop(regs);
                    let side = t.links[s as usize].get();
                    if side != 0 {
                        // A linked exit is a jump into the side trace: no exit cost.
                        no = side;
                        continue;
                    }
                    self.take_exit();
                    let resume = t.snaps[s as usize].pc;
                    self.hot_exit(&t, s, b0, fi0, resume);
                    break;
                }
            }
        }
    }

    /// An exit back to the interpreter: counted and charged.
    fn take_exit(&mut self) {
        self.stats.exits_taken += 1;
        self.clock_ps += self.cost_ps.trace_exit;
        self.split.trace += self.cost_ps.trace_exit;
    }

    /// A trace exit was taken (LuaJIT's `trace_hotside`): count it through the policy and
    /// start a side trace when it is hot, at `resume` (the exit's pc, or the pc after a
    /// library call whose results had unexpected types).
    fn hot_exit(&mut self, t: &Rc<Trace>, s: u16, b0: usize, fi0: usize, resume: u32) {
        let c = t.counts[s as usize].get();
        if c == COUNT_DONE {
            return;
        }
        let hotexit = self.jit.params.hotexit as u8;
        self.stats.exit_ticks += 1;
        let d = self.policy.exit_tick(c, hotexit, self.now());
        if d.clears_exits() {
            self.clear_exit_counts();
        }
        if d.discards() {
            return;
        }
        let c = t.counts[s as usize]
            .get()
            .saturating_add(1)
            .min(COUNT_DONE - 1);
        t.counts[s as usize].set(c);
        if !d.is_trigger() {
            return;
        }
        let Some(no) = self.next_trace_no() else {
            return;
        };
        let root = t.root;
        let snap = &t.snaps[s as usize];
        let kind = StartKind::Side {
            parent: t.no,
            exit: s,
            root,
        };
        let frames: Vec<_> = snap.frames.iter().cloned().collect();
        // The first frame as the exit left it (a tail call may have replaced it).
        let rec = Recorder::new(
            no,
            kind,
            self.frames[fi0].proto.clone(),
            self.frames[fi0].func,
            fi0,
            b0,
            resume as usize,
            frames,
            &self.jit.params,
            self.jit.fast_funcs.clone(),
        );
        let p = &self.jit.params;
        if u32::from(self.jit.nchild[root as usize]) >= p.maxside
            || u32::from(c) >= u32::from(self.policy.exit_threshold(hotexit)) + p.tryside
        {
            // Give up on a real side trace: a stub that falls back to the interpreter.
            self.record_cost_ps = 0;
            let mut buf = IrBuf::default();
            buf.snaps.push(Snapshot {
                pc: resume,
                frames: snap.frames.clone(),
                entries: Vec::new(),
                base_func: None,
                mret_top: None,
            });
            let trace = super::lower::lower(&rec, buf, Link::Interp, Vec::new(), 0, None);
            self.install(rec, trace);
            return;
        }
        self.begin_recording(rec);
    }
}
