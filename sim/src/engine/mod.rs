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
//!
//! In scaled mode ([`Simulation::scaled`], docs/scaling.md) the engine fast-forwards the
//! steady stretches between timers and rare items, scaling what the simulated steady
//! breaths measured; everything that can touch the JIT still runs in the VM.

mod metrics;
mod params;
mod queue;
mod scaled;

pub use metrics::{Compile, Latency, Report, SourceReport};
pub use params::split_params;
pub use queue::{Event, EventQueue};
pub use scaled::ScaleConfig;

use hotsim_policies::VTime;
use hotsim_vm::{CostModel, ExecError, HotnessPolicy, JitParams, TableId, Value, Vm, VmConfig};
use hotsim_workloads::arrival::stream_seed;
use hotsim_workloads::{Arrivals, Idle, Payload, Program, Workload};
use metrics::Meter;
use std::collections::VecDeque;

/// Why a simulation could not run to its end.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The workload's program cannot be read.
    #[error("{workload}: program {path}: {source}")]
    Io {
        /// The workload file.
        workload: String,
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

impl SimError {
    /// Whether the error is the program's own (it does not compile, or raised a Lua
    /// error while loading or in a handler), rather than the workload's or the host's:
    /// the CLI exits 1 for these, as `hotsim exec` does for a failing program.
    pub fn is_program_failure(&self) -> bool {
        matches!(self, SimError::Program { .. } | SimError::Handler { .. })
    }
}

/// How a simulation sets up its VM, besides the policy, the costs and the seed.
#[derive(Default)]
pub struct SimOptions {
    /// The JIT's parameters.
    pub jit: JitParams,
    /// Count every hot-point tick per site in buckets of this length (see
    /// [`Simulation::hit_log`]).
    pub record_hits: Option<VTime>,
    /// Print trace events as they happen, one line each, in LuaJIT's `-jv` style (from
    /// the program's loading on).
    pub jv: Option<Box<dyn std::io::Write>>,
    /// Print the IR of every compiled trace (LuaJIT's `-jdump`, hotsim's IR).
    pub jdump: Option<Box<dyn std::io::Write>>,
}

struct SourceState {
    arrivals: Arrivals,
    /// One stream per rare kind.
    rare: Vec<Arrivals>,
    /// The handler's second argument when the source has rare kinds: the positions of
    /// the breath's rare items mapped to their kind, empty in most breaths. The same
    /// table every breath, so a breath with a rare item looks like any other to the
    /// common items' code.
    rare_kinds: Option<TableId>,
    /// Arrival time and kind (0: common) of each waiting item.
    ring: VecDeque<(VTime, u8)>,
    /// Scaled mode: the fraction of an item expected but not yet credited.
    expected: f64,
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
    meter: Meter,
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
    /// Scaled mode: its settings and the steady sample.
    scaled: Option<(ScaleConfig, scaled::Steady)>,
    skipped_ns: u64,
    skipped_busy_ns: u64,
    fast_forwards: u64,
}

/// What one engine iteration did, for the scaled engine's steady sample.
#[derive(Default)]
struct Iteration {
    /// A timer ran, a rare item was processed or an item was dropped.
    eventful: bool,
    busy_ns: u64,
    breaths: u64,
    handler_calls: u64,
    processed: Vec<u64>,
    latencies: Vec<u64>,
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
        Simulation::with_options(workload, policy, cost, seed, SimOptions::default())
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
        let options = SimOptions {
            jit,
            record_hits,
            ..SimOptions::default()
        };
        Simulation::with_options(workload, policy, cost, seed, options)
    }

    /// [`Simulation::new`] with its VM set up as `options` say.
    pub fn with_options(
        workload: Workload,
        policy: Box<dyn HotnessPolicy>,
        cost: CostModel,
        seed: u64,
        options: SimOptions,
    ) -> Result<Simulation, SimError> {
        let shown = workload.path.display().to_string();
        let program = workload.program.chunk_name();
        let source = match &workload.program {
            Program::File(path) => std::fs::read(path).map_err(|source| SimError::Io {
                workload: shown.clone(),
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
            hit_log_bucket: options.record_hits,
            max_memory: workload.max_memory.unwrap_or(hotsim_vm::DEFAULT_MAX_MEMORY),
            jit: options.jit,
            jv: options.jv,
            jdump: options.jdump,
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
            let mut rare = Vec::new();
            for (k, r) in s.rare.iter().enumerate() {
                let process = hotsim_workloads::Process::Poisson { rate: r.rate };
                let mut a = Arrivals::new(process, stream_seed(stream_seed(seed, i), k + 1));
                if let Some(t) = a.next_arrival() {
                    queue.push(t, Event::Rare(i, k as u8 + 1));
                }
                rare.push(a);
            }
            let rare_kinds = (!rare.is_empty()).then(|| vm.new_host_table());
            sources.push(SourceState {
                arrivals,
                rare,
                rare_kinds,
                expected: 0.0,
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
            meter: Meter::new(),
            seed,
            busy_ns: 0,
            idle_ns: 0,
            breaths: 0,
            handler_calls: 0,
            timer_calls: 0,
            triggers_at_warmup: None,
            longest_call_ns: 0,
            triggers_seen: 0,
            scaled: None,
            skipped_ns: 0,
            skipped_busy_ns: 0,
            fast_forwards: 0,
        })
    }

    /// Run in scaled mode with `config`: fast-forward steady stretches (docs/scaling.md).
    pub fn scaled(mut self, config: ScaleConfig) -> Simulation {
        let steady = scaled::Steady::new(self.sources.len(), self.vm.jit_activity().1);
        self.scaled = Some((config, steady));
        self
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
            self.meter
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
        let scaled = self.scaled.is_some();
        let mut it = Iteration {
            processed: vec![0; self.sources.len()],
            ..Iteration::default()
        };
        // Scaled mode: an eventful iteration's aftermath lasts until the rings are empty.
        let mut settled = true;
        loop {
            let now = self.vm.now();
            if self.triggers_at_warmup.is_none() && now >= self.workload.warmup {
                self.triggers_at_warmup = Some(self.vm.hot_triggers());
            }
            if now >= end {
                break;
            }
            let activity = if scaled {
                self.vm.jit_activity()
            } else {
                (0, 0)
            };
            // Deliver everything due by now, in time order.
            while let Some((t, ev)) = self.queue.pop_due(now) {
                match ev {
                    Event::Arrival(i) => self.arrive(i, t, 0, &mut it),
                    Event::Rare(i, k) => self.arrive(i, t, k, &mut it),
                    Event::Timer(i) => due_timers.push(i),
                }
            }
            if scaled && due_timers.is_empty() && self.sources.iter().all(|s| s.ring.is_empty()) {
                settled = true;
                if self.fast_forward(now, end, activity.1) {
                    continue;
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
                it.handler_calls += 1;
                let arg = match self.sources[i].payload {
                    Payload::Count => Value::Num(n as f64),
                    Payload::Table => {
                        let times: Vec<f64> = self.sources[i]
                            .ring
                            .iter()
                            .take(n)
                            .map(|(t, _)| t.as_ns() as f64)
                            .collect();
                        self.vm.new_array(&times)
                    }
                };
                let name = self.workload.sources[i].name.clone();
                let handler = self.workload.sources[i].handler.clone();
                let what = || format!("source '{name}' handler '{handler}'");
                let before = self.busy_ns;
                if let Some(kinds) = self.sources[i].rare_kinds {
                    let rare: Vec<(i64, u8)> = (1..)
                        .zip(self.sources[i].ring.iter().take(n))
                        .filter(|(_, (_, k))| *k != 0)
                        .map(|(pos, (_, k))| (pos, *k))
                        .collect();
                    it.eventful |= !rare.is_empty();
                    for &(pos, kind) in &rare {
                        self.vm
                            .set_host_int(kinds, pos, Value::Num(f64::from(kind)));
                    }
                    let called = self.call(f, &[arg, Value::Table(kinds)], what);
                    for &(pos, _) in &rare {
                        self.vm.set_host_int(kinds, pos, Value::Nil);
                    }
                    called?;
                } else {
                    self.call(f, &[arg], what)?;
                }
                it.busy_ns += self.busy_ns - before;
                let done = self.vm.now();
                let s = &mut self.sources[i];
                for (arrived, _) in s.ring.drain(..n) {
                    let ns = done.saturating_sub(arrived).as_ns();
                    self.meter.latency(ns, done);
                    if scaled {
                        it.latencies.push(ns);
                    }
                }
                s.report.processed += n as u64;
                it.processed[i] += n as u64;
            }
            // Then the timers that were due.
            for i in std::mem::take(&mut due_timers) {
                worked = true;
                it.eventful = true;
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
                it.breaths += 1;
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
            if scaled {
                settled &= !it.eventful;
                self.sample(&mut it, now, activity, settled);
            }
        }
        // Count the arrivals that happened before the end while the last handler ran.
        while let Some((t, ev)) = self.queue.pop_due(VTime(end.as_ns().saturating_sub(1))) {
            match ev {
                Event::Arrival(i) => self.arrive(i, t, 0, &mut it),
                Event::Rare(i, k) => self.arrive(i, t, k, &mut it),
                Event::Timer(_) => {}
            }
        }
        let report = self.report(end);
        Ok((report, self.vm))
    }

    /// An item of kind `kind` (0: common) reaches source `i`'s ring at `t` (or is
    /// dropped); schedule the next one of its stream.
    fn arrive(&mut self, i: usize, t: VTime, kind: u8, it: &mut Iteration) {
        let s = &mut self.sources[i];
        s.report.arrived += 1;
        if s.ring.len() < s.capacity {
            s.ring.push_back((t, kind));
        } else {
            s.report.dropped += 1;
            it.eventful = true;
            self.meter.drop_at(t);
        }
        if kind == 0 {
            if let Some(next) = s.arrivals.next_arrival() {
                self.queue.push(next, Event::Arrival(i));
            }
        } else if let Some(next) = s.rare[kind as usize - 1].next_arrival() {
            self.queue.push(next, Event::Rare(i, kind));
        }
    }

    /// Scaled mode: add iteration `it` (which started at `start`, with the VM's
    /// [`Vm::jit_activity`] at `before`) to the steady sample if it was steady, or start a
    /// new sample if a trace event happened; then clear `it`.
    fn sample(&mut self, it: &mut Iteration, start: VTime, before: (u64, u64), settled: bool) {
        let (ticks, events) = self.vm.jit_activity();
        let now = self.vm.now();
        let duration = now.saturating_sub(start).as_ns();
        let now_ns = now.as_ns();
        let Some((_, steady)) = &mut self.scaled else {
            return;
        };
        if events != before.1 || steady.epoch != events {
            steady.reset(events, now_ns);
        } else if settled && ticks != before.0 {
            steady.ticked(now_ns);
        } else if settled {
            steady.duration_ns += duration;
            steady.busy_ns += it.busy_ns;
            steady.breaths += it.breaths;
            steady.handler_calls += it.handler_calls;
            for (i, n) in it.processed.iter().enumerate() {
                steady.processed[i] += n;
            }
            for &ns in &it.latencies {
                steady.latency(ns);
            }
        }
        it.eventful = false;
        it.busy_ns = 0;
        it.breaths = 0;
        it.handler_calls = 0;
        it.processed.iter_mut().for_each(|x| *x = 0);
        it.latencies.clear();
    }

    /// Scaled mode, with every ring empty and no timer due at `now`: if the steady sample
    /// stands for the JIT's current state (`events` trace events), jump to just before the next timer
    /// or rare item (or the end), adding the sample's measurements scaled to the jump.
    fn fast_forward(&mut self, now: VTime, end: VTime, events: u64) -> bool {
        let Some((config, steady)) = &self.scaled else {
            return false;
        };
        if !steady.ready(events, now.as_ns(), config) {
            return false;
        }
        let horizon = self
            .queue
            .earliest(|e| !matches!(e, Event::Arrival(_)))
            .unwrap_or(end)
            .min(end);
        let to = VTime(horizon.as_ns().saturating_sub(config.margin_ns));
        let len = to.as_ns().saturating_sub(now.as_ns());
        if len < config.min_skip_ns {
            return false;
        }
        // The items of the stretch: the arrival processes' expected counts (the rings are
        // empty at both ends and nothing drops in a steady state); everything else per
        // item, as the sample measured it.
        let sampled: u64 = steady.processed.iter().sum();
        if sampled == 0 {
            return false;
        }
        let mut items = 0;
        for s in self.sources.iter_mut() {
            s.expected += s.arrivals.expected_between(now, to);
            let n = s.expected.floor();
            s.expected -= n;
            s.report.arrived += n as u64;
            s.report.processed += n as u64;
            items += n as u64;
        }
        let Some((_, steady)) = &self.scaled else {
            return false;
        };
        self.meter.add_steady(steady, now, to, items);
        let busy = scaled::Scaler::new(items, sampled)
            .scale(steady.busy_ns)
            .min(len);
        self.busy_ns += busy;
        self.skipped_busy_ns += busy;
        self.idle_ns += len - busy;
        self.breaths += scaled::Scaler::new(items, sampled).scale(steady.breaths);
        self.handler_calls += scaled::Scaler::new(items, sampled).scale(steady.handler_calls);
        // The common streams restart at `to` (their processes are memoryless).
        for i in 0..self.sources.len() {
            let pending = |e: &Event| *e == Event::Arrival(i);
            if self.queue.earliest(pending).is_some_and(|t| t < to) {
                self.queue.remove(pending);
                if let Some(t) = self.sources[i].arrivals.skip_to(to) {
                    self.queue.push(t, Event::Arrival(i));
                }
            }
        }
        self.vm.advance(len);
        self.skipped_ns += len;
        self.fast_forwards += 1;
        true
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
        let mut drops = std::mem::take(&mut self.meter.drops_per_second);
        let seconds = duration.as_ns().div_ceil(1_000_000_000) as usize;
        drops.resize(seconds.max(drops.len()), 0);
        let mut timeline = self.meter.timeline(seconds, &drops);
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
            latency: self.meter.summary(),
            drops_per_second: drops,
            timeline,
            late_hot_triggers: late,
            late_compiles,
            largest_compile_ns,
            compiles,
            warmup_ns: warmup.as_ns(),
            skipped_ns: self.skipped_ns,
            fast_forwards: self.fast_forwards,
            skipped_busy_ns: self.skipped_busy_ns,
            vm: self.vm.stats(),
        }
    }
}
