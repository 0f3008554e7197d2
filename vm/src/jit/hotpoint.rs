//! Hot points (LuaJIT's `lj_dispatch.c` `hotloop`/`hotcall` -> `lj_trace_hot`): the path
//! from a hot op's counter tick to the start of a root recording, in the order it runs.
//!
//! The interpreter calls [`Vm::hot_point`] after each hot op (FORL, ITERL, LOOP, FUNCF).
//! A site with a trace attached is entered instead; otherwise the site ticks through the
//! policy ([`Vm::hot_tick`], also logging the hit when hits are logged), and when the
//! policy says the site is hot the trigger is counted ([`Vm::on_hot_trigger`]) and a
//! recording starts ([`Vm::trace_start_root`]). The trace life cycle from there on is in
//! [`super::trace`].

use super::record::Recorder;
use super::{BLACKLISTED, StartKind, TraceNo};
use crate::interp::Vm;
use crate::proto::Proto;
use crate::stats::HotEvent;
use hotsim_policies::{HotKind, Site};

impl Vm {
    /// A hot op at `pc_next - 1` of the top frame ran. Returns the trace to enter after
    /// the op's own work, if one is attached (LuaJIT's patched `J*` ops); otherwise the
    /// site ticks (never while recording, never when blacklisted).
    #[inline]
    pub(crate) fn hot_point(
        &mut self,
        proto: &Proto,
        pc_next: usize,
        kind: HotKind,
    ) -> Option<TraceNo> {
        let addr = proto.pc_addr(pc_next);
        match self.jit.site(addr) {
            0 => {}
            BLACKLISTED => return None,
            t => return (!self.jit.recording()).then_some(t),
        }
        if !self.jit.recording() {
            self.hot_tick(proto, pc_next, kind);
        }
        None
    }

    /// A hot op executed; `pc_next` is the index of the instruction after it.
    #[inline]
    fn hot_tick(&mut self, proto: &Proto, pc_next: usize, kind: HotKind) {
        let site = Site::new(proto.pc_addr(pc_next));
        let now = self.now();
        if self.hit_log.is_some() {
            self.log_hit(proto, pc_next - 1, site, kind, now);
        }
        self.stats.hot_ticks += 1;
        let d = self.policy.hot_tick(site, kind, now);
        if d.clears_exits() {
            self.clear_exit_counts();
        }
        if d.is_trigger() {
            self.on_hot_trigger(proto, pc_next - 1, site, kind);
            self.trace_start_root(pc_next - 1, kind);
        }
    }

    /// Count a tick of `site` in the hit log's bucket of `now` (the first tick notes what
    /// and where the site is).
    #[cold]
    fn log_hit(
        &mut self,
        proto: &Proto,
        pc: usize,
        site: Site,
        kind: HotKind,
        now: hotsim_policies::VTime,
    ) {
        let log = self.hit_log.as_mut().expect("hits are logged");
        let b = now.as_ns() / log.bucket.as_ns().max(1);
        let s = log.sites.entry(site.addr()).or_default();
        if s.kind.is_none() {
            s.kind = Some(kind);
            s.chunk = proto.chunk.clone();
            s.line = proto.line(pc);
        }
        *s.hits.entry(b).or_insert(0) += 1;
    }

    /// The policy declared `site` hot: count the trigger, print it for `-jv`, and log it
    /// (the first [`HOT_EVENT_LOG_MAX`](crate::interp::HOT_EVENT_LOG_MAX)).
    #[cold]
    fn on_hot_trigger(&mut self, proto: &Proto, pc: usize, site: Site, kind: HotKind) {
        self.stats.hot_triggers += 1;
        let line = proto.line(pc);
        self.jv_hot(proto, line, kind);
        if self.hot_events.len() >= crate::interp::HOT_EVENT_LOG_MAX {
            return;
        }
        self.hot_events.push(HotEvent {
            time: self.now(),
            site,
            kind,
            chunk: proto.chunk.clone(),
            line,
        });
    }

    /// The policy declared the hot op at `pc` hot: start a root recording.
    fn trace_start_root(&mut self, pc: usize, kind: HotKind) {
        let Some(no) = self.next_trace_no() else {
            return;
        };
        let fi = self.frames.len() - 1;
        let f = &self.frames[fi];
        let rec = Recorder::new(
            no,
            if kind == HotKind::Loop {
                StartKind::Loop
            } else {
                StartKind::Call
            },
            f.proto.clone(),
            f.func,
            fi,
            f.base,
            pc,
            Vec::new(),
            &self.jit.params,
            self.jit.fast_funcs.clone(),
        );
        self.begin_recording(rec);
    }
}
