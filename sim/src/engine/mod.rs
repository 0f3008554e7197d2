//! The discrete-event engine: one simulated core runs a Lua program while its event
//! sources keep producing work.
//!
//! ```text
//!  arrivals ──> ring (capacity C; full: drop) ──┐
//!  arrivals ──> ring ───────────────────────────┤   breath: up to `batch` items per
//!                                               ├─> ring, handler(n) runs in the VM,
//!  timers (period, phase) ──> due list ─────────┘   then the due timers run
//! ```
//!
//! The VM's virtual clock is the system's clock. Arrivals and timers are events in an
//! [`EventQueue`] ordered by (time, sequence). Each engine iteration delivers every
//! event due by now (arrivals fill rings or are dropped at their own times, even those
//! that happened while a handler was running), then breathes: each source's handler is
//! called with the number of items it takes, in source order; then the due timers run.
//! When there is no work the core idles until the next event. A run is single-threaded
//! and deterministic: same workload, policy and seed, same report.

mod metrics;
mod params;
mod queue;

pub use metrics::{Compile, Latency, Report, SourceReport};
pub use params::split_params;
pub use queue::{Event, EventQueue};

use hotsim_policies::VTime;
use hotsim_vm::{CostModel, ExecError, HotnessPolicy, JitParams, Value, Vm, VmConfig};
use hotsim_workloads::arrival::stream_seed;
use hotsim_workloads::{Arrivals, Idle, Payload, Program, Workload};
use metrics::Recorder;
use std::collections::VecDeque;

/// Why a simulation could not run to its end.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The workload's program cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The program file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The program does not compile, or fails while loading.
    #[error("{workload}: loading the program: {message}")]
    Program {
        /// The workload file.
        workload: String,
        /// The Lua error.
        message: String,
    },
    /// A handler named by the workload is not a function of the program.
    #[error(
        "{workload}: {what}: handler '{handler}' is not a global function of the program (it is {got})"
    )]
    MissingHandler {
        /// The workload file.
        workload: String,
        /// `source 'rx'` or `timer 'hk'`.
        what: String,
        /// The handler's name.
        handler: String,
        /// The type found instead.
        got: &'static str,
    },
    /// A handler raised a Lua error.
    #[error("{workload}: {what} at {time:.6} s: {message}")]
    Handler {
        /// The workload file.
        workload: String,
        /// The event: `source 'rx' handler 'rx'` or `timer 'hk' handler 'hk'`.
        what: String,
        /// Virtual time of the failure, seconds.
        time: f64,
        /// The Lua error.
        message: String,
    },
}

struct SourceState {
    arrivals: Arrivals,
    ring: VecDeque<VTime>,
    capacity: usize,
    batch: usize,
    handler: Value,
    payload: Payload,
    report: SourceReport,
}

struct TimerState {
    period: VTime,
    handler: Value,
    name: String,
    handler_name: String,
}

/// A workload loaded into a VM, ready to run.
pub struct Simulation {
    vm: Vm,
    workload: Workload,
    sources: Vec<SourceState>,
    timers: Vec<TimerState>,
    queue: EventQueue,
    recorder: Recorder,
    seed: u64,
    busy_ns: u64,
    idle_ns: u64,
    breaths: u64,
    handler_calls: u64,
    timer_calls: u64,
    /// Hot triggers counted when the warm-up time passed (None: not yet).
    triggers_at_warmup: Option<u64>,
    longest_call_ns: u64,
    /// Hot triggers already attributed to a second of the timeline.
    triggers_seen: u64,
}

impl Simulation {
    /// Load `workload`'s program into a VM with `policy` and `cost`, and set up its
    /// sources (arrival streams seeded from `seed`) and timers.
    pub fn new(
        workload: Workload,
        policy: Box<dyn HotnessPolicy>,
        cost: CostModel,
        seed: u64,
    ) -> Result<Simulation, SimError> {
        Simulation::with_recording(workload, policy, cost, seed, None, JitParams::default())
    }

    /// [`Simulation::new`] with the JIT's parameters `jit`, also counting every hot-point
    /// tick per site in buckets of `record_hits` (see [`Simulation::hit_log`]).
    pub fn with_recording(
        workload: Workload,
        policy: Box<dyn HotnessPolicy>,
        cost: CostModel,
        seed: u64,
        record_hits: Option<VTime>,
        jit: JitParams,
    ) -> Result<Simulation, SimError> {
        let shown = workload.path.display().to_string();
        let program = workload.program.chunk_name();
        let source = match &workload.program {
            Program::File(path) => std::fs::read(path).map_err(|source| SimError::Io {
                path: program.clone(),
                source,
            })?,
            Program::Generated { source, .. } => source.clone().into_bytes(),
        };
        let mut vm = Vm::new(VmConfig {
            policy,
            cost,
            seed,
            script_args: vec![program.clone()],
            script_dir: match &workload.program {
                Program::File(p) => p.parent().map(|d| d.to_path_buf()),
                Program::Generated { .. } => workload.path.parent().map(|d| d.to_path_buf()),
            },
            record_hits,
            jit,
            ..VmConfig::default()
        });
        vm.run_chunk(&source, &program)
            .map_err(|e| SimError::Program {
                workload: shown.clone(),
                message: e.to_string(),
            })?;
        let handler = |vm: &mut Vm, what: String, name: &str| -> Result<Value, SimError> {
            match vm.get_global(name) {
                f @ Value::Func(_) => Ok(f),
                other => Err(SimError::MissingHandler {
                    workload: shown.clone(),
                    what,
                    handler: name.to_string(),
                    got: other.type_name(),
                }),
            }
        };
        let mut queue = EventQueue::default();
        let mut sources = Vec::new();
        for (i, s) in workload.sources.iter().enumerate() {
            let h = handler(&mut vm, format!("source '{}'", s.name), &s.handler)?;
            let mut arrivals = Arrivals::new(s.process.clone(), stream_seed(seed, i));
            if let Some(t) = arrivals.next_arrival() {
                queue.push(t, Event::Arrival(i));
            }
            sources.push(SourceState {
                arrivals,
                ring: VecDeque::with_capacity(s.ring.min(1 << 16)),
                capacity: s.ring,
                batch: s.batch,
                handler: h,
                payload: s.payload,
                report: SourceReport {
                    name: s.name.clone(),
                    ..SourceReport::default()
                },
            });
        }
        let mut timers = Vec::new();
        for (i, t) in workload.timers.iter().enumerate() {
            let h = handler(&mut vm, format!("timer '{}'", t.name), &t.handler)?;
            // Loading the program took virtual time: timers are relative to time zero.
            queue.push(t.phase, Event::Timer(i));
            timers.push(TimerState {
                period: t.period,
                handler: h,
                name: t.name.clone(),
                handler_name: t.handler.clone(),
            });
        }
        Ok(Simulation {
            vm,
            workload,
            sources,
            timers,
            queue,
            recorder: Recorder::new(),
            seed,
            busy_ns: 0,
            idle_ns: 0,
            breaths: 0,
            handler_calls: 0,
            timer_calls: 0,
            triggers_at_warmup: None,
            longest_call_ns: 0,
            triggers_seen: 0,
        })
    }

    /// The VM (for inspection in tests).
    pub fn vm(&self) -> &Vm {
        &self.vm
    }

    fn call(
        &mut self,
        f: Value,
        args: &[Value],
        what: impl FnOnce() -> String,
    ) -> Result<(), SimError> {
        let Value::Func(id) = f else {
            unreachable!("handlers are checked to be functions")
        };
        let before = self.vm.now();
        let r = self.vm.call_function(id, args);
        let spent = self.vm.now().saturating_sub(before).as_ns();
        self.busy_ns += spent;
        let triggers = self.vm.hot_triggers();
        if triggers > self.triggers_seen {
            self.recorder
                .hot_triggers(self.vm.now(), triggers - self.triggers_seen);
            self.triggers_seen = triggers;
        }
        self.longest_call_ns = self.longest_call_ns.max(spent);
        r.map(|_| ()).map_err(|e: ExecError| SimError::Handler {
            workload: self.workload.path.display().to_string(),
            what: what(),
            time: self.vm.now().as_secs_f64(),
            message: e.to_string(),
        })
    }

    /// Run until virtual time `end` and report.
    pub fn run(self, end: VTime) -> Result<Report, SimError> {
        self.run_keeping_vm(end).map(|(report, _)| report)
    }

    /// [`Simulation::run`], also handing back the VM (for its hit log and events).
    pub fn run_keeping_vm(mut self, end: VTime) -> Result<(Report, Vm), SimError> {
        let mut due_timers: Vec<usize> = Vec::new();
        // Snabb pacing: the current sleep, ns.
        let mut sleep: u64 = 0;
        loop {
            let now = self.vm.now();
            if self.triggers_at_warmup.is_none() && now >= self.workload.warmup {
                self.triggers_at_warmup = Some(self.vm.hot_triggers());
            }
            if now >= end {
                break;
            }
            // Deliver everything due by now, in time order.
            while let Some((t, ev)) = self.queue.pop_due(now) {
                match ev {
                    Event::Arrival(i) => self.arrive(i, t),
                    Event::Timer(i) => due_timers.push(i),
                }
            }
            // Breathe: each source's handler takes up to `batch` items.
            let mut worked = false;
            for i in 0..self.sources.len() {
                let n = self.sources[i].ring.len().min(self.sources[i].batch);
                if n == 0 {
                    continue;
                }
                worked = true;
                let f = self.sources[i].handler;
                self.handler_calls += 1;
                let arg = match self.sources[i].payload {
                    Payload::Count => Value::Num(n as f64),
                    Payload::Table => {
                        let times: Vec<f64> = self.sources[i]
                            .ring
                            .iter()
                            .take(n)
                            .map(|t| t.as_ns() as f64)
                            .collect();
                        self.vm.new_array(&times)
                    }
                };
                let name = self.workload.sources[i].name.clone();
                let handler = self.workload.sources[i].handler.clone();
                self.call(f, &[arg], || format!("source '{name}' handler '{handler}'"))?;
                let done = self.vm.now();
                let s = &mut self.sources[i];
                for arrived in s.ring.drain(..n) {
                    self.recorder
                        .latency(done.saturating_sub(arrived).as_ns(), done);
                }
                s.report.processed += n as u64;
            }
            // Then the timers that were due.
            for i in std::mem::take(&mut due_timers) {
                worked = true;
                self.timer_calls += 1;
                let f = self.timers[i].handler;
                let (name, handler) = (
                    self.timers[i].name.clone(),
                    self.timers[i].handler_name.clone(),
                );
                self.call(f, &[], || format!("timer '{name}' handler '{handler}'"))?;
                let period = self.timers[i].period;
                let scheduled = self.next_timer_time(i, period);
                self.queue.push(scheduled, Event::Timer(i));
            }
            if worked {
                self.breaths += 1;
                sleep /= 2;
            } else {
                let now = self.vm.now();
                let wake = match self.workload.idle {
                    // Idle until the next event (or the end).
                    Idle::Exact => self.queue.peek_time().unwrap_or(end).min(end),
                    // Sleep, longer each time nothing was found.
                    Idle::Snabb { maxsleep } => {
                        sleep = (sleep * 2).clamp(1_000, maxsleep.as_ns());
                        VTime(now.as_ns() + sleep).min(end)
                    }
                };
                if wake > now {
                    self.idle_ns += wake.saturating_sub(now).as_ns();
                    self.vm.advance(wake.saturating_sub(now).as_ns());
                }
            }
        }
        // Count the arrivals that happened before the end while the last handler ran.
        while let Some((t, ev)) = self.queue.pop_due(VTime(end.as_ns().saturating_sub(1))) {
            if let Event::Arrival(i) = ev {
                self.arrive(i, t);
            }
        }
        let report = self.report(end);
        Ok((report, self.vm))
    }

    /// An item reaches source `i`'s ring at `t` (or is dropped); schedule the next one.
    fn arrive(&mut self, i: usize, t: VTime) {
        let s = &mut self.sources[i];
        s.report.arrived += 1;
        if s.ring.len() < s.capacity {
            s.ring.push_back(t);
        } else {
            s.report.dropped += 1;
            self.recorder.drop_at(t);
        }
        if let Some(next) = s.arrivals.next_arrival() {
            self.queue.push(next, Event::Arrival(i));
        }
    }

    fn next_timer_time(&mut self, i: usize, period: VTime) -> VTime {
        // Firing k happens at phase + k*period; skip firings missed while busy.
        let phase = self.workload.timers[i].phase.as_ns();
        let p = period.as_ns();
        let now = self.vm.now().as_ns();
        let k = if now < phase {
            0
        } else {
            (now - phase) / p + 1
        };
        VTime(phase + k * p)
    }

    fn report(&mut self, end: VTime) -> Report {
        let warmup = self.workload.warmup;
        let total = self.vm.hot_triggers();
        let late = self.triggers_at_warmup.map_or(0, |at| total - at);
        // The window asked for; a handler running at the end may finish after it.
        let duration = end;
        let mut drops = std::mem::take(&mut self.recorder.drops_per_second);
        let seconds = duration.as_ns().div_ceil(1_000_000_000) as usize;
        drops.resize(seconds.max(drops.len()), 0);
        let mut timeline = self.recorder.timeline(seconds, &drops);
        let compiles: Vec<Compile> = self
            .vm
            .trace_events()
            .iter()
            .map(Compile::from_event)
            .collect();
        let mut late_compiles = 0;
        let mut largest_compile_ns = 0;
        for c in compiles.iter().filter(|c| c.event == "trace") {
            if let Some(sec) = timeline.get_mut((c.time_ns / 1_000_000_000) as usize) {
                sec.traces += 1;
            }
            if c.time_ns >= warmup.as_ns() {
                late_compiles += 1;
            }
            largest_compile_ns = largest_compile_ns.max(c.record_ns + c.compile_ns);
        }
        Report {
            workload: self.workload.path.display().to_string(),
            policy: self.vm.policy_name().to_string(),
            seed: self.seed,
            duration_ns: duration.as_ns(),
            busy_ns: self.busy_ns,
            idle_ns: self.idle_ns,
            breaths: self.breaths,
            handler_calls: self.handler_calls,
            timer_calls: self.timer_calls,
            longest_call_ns: self.longest_call_ns,
            sources: self
                .sources
                .iter()
                .map(|s| SourceReport {
                    queued_at_end: s.ring.len() as u64,
                    ..s.report.clone()
                })
                .collect(),
            latency: self.recorder.summary(),
            drops_per_second: drops,
            timeline,
            late_hot_triggers: late,
            late_compiles,
            largest_compile_ns,
            compiles,
            warmup_ns: warmup.as_ns(),
            vm: self.vm.stats(),
        }
    }
}
