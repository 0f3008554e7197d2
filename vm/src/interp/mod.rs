//! The interpreter: a register VM executing [`Proto`] bytecode on the virtual clock
//! (LuaJIT's `lj_vm`/`lj_dispatch` roles), with hot points reported to a policy.

mod call;
mod coroutine;
mod error;
mod exec;
mod meta;

pub(crate) use call::MAX_FRAMES;
pub use coroutine::Thread;
pub(crate) use coroutine::{MAIN_THREAD, Resumed, ThreadState};
pub use error::{Limit, LuaError};
pub(crate) use meta::{ArithOp, arith_num};

use crate::compiler::{CompileError, compile};
use crate::cost::{CostModel, ps};
use crate::heap::{Function, Heap};
use crate::op::Op;
use crate::proto::{AddrSpace, Proto};
use crate::stats::{HotEvent, Stats};
use crate::table::Table;
use crate::value::{FuncId, TableId, UpvalId, Value};
use hotsim_policies::{HotnessPolicy, Never, VTime};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;

/// A native (library) function: arguments are `stack[base..base + nargs]`; it leaves its
/// results at `stack[base..]` and returns how many there are.
pub type NativeFn = fn(&mut Vm, usize, usize) -> Result<usize, LuaError>;

/// Most stack slots a program may use (LuaJIT's `LUAI_MAXSTACK`).
pub const MAX_STACK: usize = 65_500;
/// Most nested native-to-Lua re-entries (LuaJIT's `LUAI_MAXCCALLS`).
pub const MAX_C_DEPTH: u32 = 200;

/// Hot-point triggers kept in [`Vm::hot_events`]; later ones are counted in the stats
/// but not logged, so a long run's memory stays bounded.
pub const HOT_EVENT_LOG_MAX: usize = 100_000;

/// An activation record of a Lua function.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub proto: Rc<Proto>,
    pub func: FuncId,
    /// Saved pc (index of the next instruction) while this frame is not running.
    pub pc: usize,
    /// Register 0.
    pub base: usize,
    /// Where results go (the slot that held the function).
    pub ret_slot: usize,
    /// Results the caller wants; -1 for all.
    pub nresults: i32,
    /// Number of extra arguments, stored just below `base`.
    pub nvarargs: usize,
    /// Whether interpreted code called this function (false: a native or the embedder).
    pub from_lua: bool,
}

/// Everything a run needs besides the program.
pub struct VmConfig {
    /// The hotness policy asked at hot points.
    pub policy: Box<dyn HotnessPolicy>,
    /// Costs charged to the virtual clock.
    pub cost: CostModel,
    /// Where the program's output goes.
    pub stdout: Box<dyn Write>,
    /// Where JIT events go (`--jv`), if anywhere.
    pub jv: Option<Box<dyn Write>>,
    /// Where compiled traces' IR goes (`--jdump`), if anywhere.
    pub jdump: Option<Box<dyn Write>>,
    /// Stop after this many bytecodes.
    pub max_instructions: Option<u64>,
    /// Stop at this virtual time.
    pub max_virtual_time: Option<VTime>,
    /// The heap budget in bytes ([`crate::memory`]); more is LuaJIT's
    /// "not enough memory", a Lua error.
    pub max_memory: u64,
    /// Seed of `math.random`.
    pub seed: u64,
    /// The `arg` table: script name then arguments.
    pub script_args: Vec<String>,
    /// Directory searched by `require` (`./?.lua` relative to it).
    pub script_dir: Option<PathBuf>,
    /// Count every hot-point tick per site in buckets of this length ([`Vm::hit_log`]).
    pub hit_log_bucket: Option<VTime>,
    /// The trace compiler's parameters.
    pub jit: crate::jit::JitParams,
}

impl Default for VmConfig {
    fn default() -> Self {
        VmConfig {
            policy: Box::new(Never),
            cost: CostModel::default(),
            stdout: Box::new(std::io::sink()),
            jv: None,
            jdump: None,
            max_instructions: None,
            max_virtual_time: None,
            max_memory: crate::memory::DEFAULT_MAX_MEMORY,
            seed: 0,
            script_args: Vec::new(),
            script_dir: None,
            hit_log_bucket: None,
            jit: crate::jit::JitParams::default(),
        }
    }
}

/// Why running a program failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ExecError {
    /// The source does not compile.
    #[error(transparent)]
    Compile(#[from] CompileError),
    /// An uncaught Lua error; the message as LuaJIT prints it.
    #[error("{0}")]
    Runtime(String),
    /// A bound was reached (not an error of the program).
    #[error("{}", match .0 {
        Limit::Instructions(n) => format!("instruction limit reached ({n} bytecodes)"),
        Limit::VirtualTime(ns) => format!("virtual time limit reached ({})", VTime(*ns)),
    })]
    Limit(Limit),
    /// The program called `os.exit(code)`.
    #[error("exit {0}")]
    Exit(i32),
}

/// Well-known tables.
#[derive(Clone, Debug)]
pub(crate) struct Registry {
    /// Metatable shared by all strings (`__index = string`).
    pub string_meta: Option<TableId>,
    /// `package.loaded`.
    pub loaded: TableId,
    /// Tables the embedder keeps between calls ([`Vm::new_host_table`]).
    pub host: Vec<TableId>,
}

/// A Lua virtual machine with its heap, stack, virtual clock and hotness policy.
pub struct Vm {
    /// All heap objects.
    pub heap: Heap,
    pub(crate) stack: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) open_upvals: Vec<(usize, UpvalId)>,
    pub(crate) globals: TableId,
    pub(crate) registry: Registry,
    pub(crate) names: meta::MetaNames,
    /// `ipairs`' iterator and `next`, kept for `ipairs`/`pairs` to return.
    pub(crate) ipairs_aux: Value,
    pub(crate) next_fn: Value,
    pub(crate) protos: Vec<Rc<Proto>>,
    addrs: AddrSpace,
    /// First free slot above the running native function's arguments.
    pub(crate) top: usize,
    /// Results of the last multi-result call end here.
    pub(crate) mret_top: usize,
    pub(crate) c_depth: u32,
    /// Running natives: frame count when each was called, and whether Lua called it.
    pub(crate) native_ctx: Vec<(usize, bool)>,
    /// The virtual clock, in picoseconds.
    pub(crate) clock_ps: u64,
    op_cost: Rc<[u64; 256]>,
    pub(crate) cost: CostModel,
    pub(crate) policy: Box<dyn HotnessPolicy>,
    /// Whether hot points tick at all (LuaJIT: not with the JIT off).
    pub(crate) ticking: bool,
    pub(crate) stats: Stats,
    pub(crate) hot_events: Vec<HotEvent>,
    pub(crate) jv: Option<Box<dyn Write>>,
    pub(crate) jdump: Option<Box<dyn Write>>,
    pub(crate) stdout: Box<dyn Write>,
    max_instructions: u64,
    max_clock_ps: u64,
    max_memory: u64,
    pub(crate) check_at: u64,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) script_dir: Option<PathBuf>,
    /// The script's arguments (`arg[1..]`), passed to its main chunk as `...`.
    script_varargs: Vec<String>,
    pub(crate) hit_log: Option<crate::stats::HitLog>,
    /// The trace compiler.
    pub(crate) jit: crate::jit::Jit,
    pub(crate) cost_ps: crate::cost::JitCostPs,
    /// Virtual time of the current recording so far.
    pub(crate) record_cost_ps: u64,
    pub(crate) split: crate::stats::TimeSplit,
    /// Natives below the running code that make a yield impossible (see [`coroutine`]).
    pub(crate) nonyield: u32,
    /// The running thread: a [`ThreadId`](crate::value::ThreadId)'s number or
    /// [`MAIN_THREAD`].
    pub(crate) cur_thread: u32,
    /// The main thread's state while a coroutine runs.
    pub(crate) main_state: Box<ThreadState>,
    /// Coroutines resuming one another right now.
    pub(crate) resume_depth: usize,
    /// Values passed between a resume and a yield.
    pub(crate) co_transfer: Vec<Value>,
    /// Native stacks of finished coroutines, for new ones.
    pub(crate) stack_pool: Vec<corosensei::stack::DefaultStack>,
    /// The io library's open files.
    pub(crate) io: Box<crate::stdlib::IoState>,
}

impl Vm {
    /// A VM with the standard library loaded.
    pub fn new(config: VmConfig) -> Vm {
        let mut heap = Heap::new();
        let globals = heap.new_table(Table::default());
        let loaded = heap.new_table(Table::default());
        let names = meta::MetaNames::new(&mut heap);
        let mut op_cost = [0u64; 256];
        for op in Op::ALL {
            op_cost[*op as usize] = config.cost.class_ps(op.cost_class());
        }
        let max_instructions = config.max_instructions.unwrap_or(u64::MAX);
        let mut vm = Vm {
            heap,
            stack: vec![Value::Nil; 1024],
            frames: Vec::new(),
            open_upvals: Vec::new(),
            globals,
            registry: Registry {
                string_meta: None,
                loaded,
                host: Vec::new(),
            },
            names,
            ipairs_aux: Value::Nil,
            next_fn: Value::Nil,
            protos: Vec::new(),
            addrs: AddrSpace::default(),
            top: 0,
            mret_top: 0,
            c_depth: 0,
            nonyield: 0,
            cur_thread: MAIN_THREAD,
            main_state: Box::default(),
            resume_depth: 0,
            co_transfer: Vec::new(),
            stack_pool: Vec::new(),
            io: Default::default(),
            native_ctx: Vec::new(),
            clock_ps: 0,
            op_cost: Rc::new(op_cost),
            ticking: config.policy.wants_ticks() || config.hit_log_bucket.is_some(),
            jit: crate::jit::Jit::new(config.jit.clone(), config.seed),
            cost_ps: crate::cost::JitCostPs::new(&config.cost),
            record_cost_ps: 0,
            split: Default::default(),
            cost: config.cost,
            policy: config.policy,
            stats: Stats::default(),
            hot_events: Vec::new(),
            jv: config.jv,
            jdump: config.jdump,
            stdout: config.stdout,
            max_instructions,
            max_clock_ps: config
                .max_virtual_time
                .map_or(u64::MAX, |t| t.as_ns().saturating_mul(1000)),
            max_memory: config.max_memory,
            check_at: max_instructions.min(1024),
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            script_dir: config.script_dir,
            script_varargs: config.script_args.iter().skip(1).cloned().collect(),
            hit_log: config.hit_log_bucket.map(|bucket| crate::stats::HitLog {
                bucket,
                sites: Default::default(),
            }),
        };
        crate::stdlib::open_all(&mut vm, &config.script_args);
        vm.jit.fast_funcs = std::rc::Rc::new(crate::stdlib::jit_fast_funcs(&mut vm));
        vm
    }

    /// The current virtual time.
    pub fn now(&self) -> VTime {
        VTime(self.clock_ps / 1000)
    }

    /// Advance the virtual clock by `ns` without executing (an idle wait).
    pub fn advance(&mut self, ns: u64) {
        self.clock_ps = self.clock_ps.saturating_add(ns.saturating_mul(1000));
    }

    /// Charge `ps` picoseconds of work to the clock.
    #[inline]
    pub(crate) fn charge(&mut self, ps: u64) {
        self.clock_ps += ps;
    }

    /// Charge a native call of `bytes` bytes of string work.
    pub(crate) fn charge_native(&mut self, bytes: usize) {
        self.clock_ps += ps(self.cost.native_per_byte * bytes as f64);
    }

    /// Counters of the run so far.
    pub fn stats(&self) -> Stats {
        let mut s = self.stats.clone();
        s.virtual_ns = self.now().as_ns();
        s.gc_collections = self.heap.gc_stats.collections;
        s.record_ns = self.split.record / 1000;
        s.compile_ns = self.split.compile / 1000;
        s.trace_ns = self.split.trace / 1000;
        s.interp_ns = s
            .virtual_ns
            .saturating_sub(s.record_ns + s.compile_ns + s.trace_ns);
        s
    }

    /// The trace log so far (compiles, aborts, flushes, blacklisting), the first
    /// [`crate::jit::TRACE_EVENT_LOG_MAX`] events.
    pub fn trace_events(&self) -> &[crate::jit::TraceEvent] {
        &self.jit.events
    }

    /// Hot-point triggers so far (cheaper than [`Vm::stats`] for callers that poll it).
    pub fn hot_triggers(&self) -> u64 {
        self.stats.hot_triggers
    }

    /// How much the JIT's state has been touched so far: `(ticks, events)`, the hot-point
    /// and exit ticks counted through the policy, and the trace events (compiles, aborts,
    /// blacklistings, flushes). Code that leaves both unchanged ran without touching any
    /// counter, so running it more or fewer times cannot change what gets compiled (the
    /// scaled engine's test for a steady state).
    pub fn jit_activity(&self) -> (u64, u64) {
        let s = &self.stats;
        (
            s.hot_ticks + s.exit_ticks,
            s.traces + s.aborts + s.blacklisted + s.flushes,
        )
    }

    /// The hot-point triggers so far (the first [`HOT_EVENT_LOG_MAX`]).
    pub fn hot_events(&self) -> &[HotEvent] {
        &self.hot_events
    }

    /// The hot-point ticks counted so far, if hits are logged (`VmConfig::hit_log_bucket`).
    pub fn hit_log(&self) -> Option<&crate::stats::HitLog> {
        self.hit_log.as_ref()
    }

    /// The policy's name.
    pub fn policy_name(&self) -> &'static str {
        self.policy.name()
    }

    /// Flush buffered program output.
    pub fn flush_output(&mut self) {
        let _ = self.stdout.flush();
        if let Some(j) = &mut self.jv {
            let _ = j.flush();
        }
        if let Some(j) = &mut self.jdump {
            let _ = j.flush();
        }
    }

    /// Compile `source` as a chunk named `chunk`; returns the main function.
    pub fn load(&mut self, source: &[u8], chunk: &str) -> Result<FuncId, CompileError> {
        let proto = compile(source, chunk, &mut self.heap, &mut self.addrs)?;
        self.register_protos(&proto);
        Ok(self.heap.new_func(Function::Lua {
            proto,
            upvals: Box::new([]),
        }))
    }

    fn register_protos(&mut self, p: &Rc<Proto>) {
        self.protos.push(p.clone());
        for c in &p.children {
            self.register_protos(c);
        }
    }

    /// Call `f` with `args`; returns its results or the error as LuaJIT would print it.
    pub fn call_function(&mut self, f: FuncId, args: &[Value]) -> Result<Vec<Value>, ExecError> {
        let r = self.call_value(Value::Func(f), args);
        self.flush_output();
        r.map_err(|e| self.exec_error(e))
    }

    /// Compile and run a whole chunk.
    pub fn run_chunk(&mut self, source: &[u8], chunk: &str) -> Result<Vec<Value>, ExecError> {
        let f = self.load(source, chunk)?;
        self.call_function(f, &[])
    }

    /// Run `source` as the script, as the `luajit` command runs its script: its main
    /// chunk gets the script's arguments ([`VmConfig::script_args`] after the first) as
    /// `...`.
    pub fn run_script(&mut self, source: &[u8], chunk: &str) -> Result<Vec<Value>, ExecError> {
        let f = self.load(source, chunk)?;
        // Made after loading, so no collection runs before the call roots them.
        let args: Vec<Value> = self
            .script_varargs
            .iter()
            .map(|a| self.heap.str_value(a.as_bytes()))
            .collect();
        self.call_function(f, &args)
    }

    /// Turn an error in flight into its printable form.
    pub fn exec_error(&mut self, e: LuaError) -> ExecError {
        match e {
            LuaError::Error(v) => ExecError::Runtime(self.error_text(v)),
            LuaError::Limit(l) => ExecError::Limit(l),
            LuaError::Exit(c) => ExecError::Exit(c),
        }
    }

    /// How an uncaught error value prints (LuaJIT: strings and numbers as is, otherwise
    /// "(error object is a X value)").
    pub fn error_text(&mut self, v: Value) -> String {
        match v {
            Value::Str(_) | Value::Num(_) => {
                String::from_utf8_lossy(&self.tostring_basic(v)).into_owned()
            }
            Value::Nil => "nil".to_string(),
            v => format!("(error object is a {} value)", v.type_name()),
        }
    }

    /// A new table holding `items` at 1..=n (the embedder's way to pass a batch).
    pub fn new_array(&mut self, items: &[f64]) -> Value {
        // Collect first: the new table is not rooted until the caller passes it on.
        self.maybe_gc();
        let mut t = Table::with_capacity(items.len(), 0);
        for (i, x) in items.iter().enumerate() {
            t.set_int(i as i64 + 1, Value::Num(*x));
        }
        Value::Table(self.heap.new_table(t))
    }

    /// A new empty table that lives as long as the VM, for an embedder that refills the
    /// same table for every call (such as a batch's rare items) instead of making one each
    /// time. Fill it with [`Vm::set_host_int`].
    pub fn new_host_table(&mut self) -> TableId {
        self.maybe_gc();
        let t = self.heap.new_table(Table::with_capacity(0, 0));
        self.registry.host.push(t);
        t
    }

    /// Set `t[k] = v` in a table the embedder holds (`Nil` removes the key).
    pub fn set_host_int(&mut self, t: TableId, k: i64, v: Value) {
        self.heap.table_mut(t).set_int(k, v);
    }

    /// The global table.
    pub fn globals(&self) -> TableId {
        self.globals
    }

    /// Read a global.
    pub fn get_global(&mut self, name: &str) -> Value {
        let k = self.heap.intern(name.as_bytes());
        self.heap.table(self.globals).get_str(k)
    }

    /// Set a global.
    pub fn set_global(&mut self, name: &str, v: Value) {
        let k = self.heap.str_value(name.as_bytes());
        self.heap
            .table_mut(self.globals)
            .set(k, v)
            .expect("string key");
    }

    /// Run a full garbage collection now.
    pub fn collect_garbage(&mut self) {
        let mut roots: Vec<Value> = self.stack.clone();
        roots.push(Value::Table(self.globals));
        roots.push(Value::Table(self.registry.loaded));
        roots.extend(self.registry.host.iter().map(|&t| Value::Table(t)));
        if let Some(m) = self.registry.string_meta {
            roots.push(Value::Table(m));
        }
        roots.extend(self.frames.iter().map(|f| Value::Func(f.func)));
        roots.extend(self.names.all().iter().map(|s| Value::Str(*s)));
        roots.push(self.ipairs_aux);
        roots.push(self.next_fn);
        roots.extend(self.jit_roots());
        let mut open: Vec<UpvalId> = self.open_upvals.iter().map(|(_, u)| *u).collect();
        if self.cur_thread != MAIN_THREAD {
            roots.push(Value::Thread(crate::value::ThreadId(self.cur_thread)));
            self.main_state
                .for_each_ref(|v| roots.push(v), |u| open.push(u));
        }
        roots.extend(self.co_transfer.iter().copied());
        roots.extend(self.io.roots());
        let dead = self.heap.collect(roots.into_iter(), &self.protos, &open);
        drop(dead);
    }

    /// A full collection that first clears the stack above the live registers: slots
    /// left by frames an error unwound (which a normal collection keeps, as it marks
    /// the whole stack) no longer hold objects alive. For when the heap is over budget.
    fn collect_garbage_tight(&mut self) {
        let live = self.call_slot().min(self.stack.len());
        self.stack[live..].fill(Value::Nil);
        self.collect_garbage();
    }

    #[inline]
    pub(crate) fn maybe_gc(&mut self) {
        if self.heap.wants_gc() {
            self.collect_garbage();
        }
    }

    /// Whether the heap is over its budget (before collecting).
    #[inline]
    pub(crate) fn memory_over(&self) -> bool {
        self.heap.memory_used() > self.max_memory
    }

    /// LuaJIT's "not enough memory" if the heap is over its budget even after a full
    /// collection.
    pub(crate) fn check_memory(&mut self) -> Result<(), LuaError> {
        self.reserve_bytes(0)
    }

    /// Make sure a string or buffer of `len` more bytes fits: LuaJIT's buffers stop at
    /// [`MAX_STRING_LEN`](crate::memory::MAX_STRING_LEN) with "not enough memory", as
    /// the heap does at its budget.
    pub(crate) fn reserve_bytes(&mut self, len: usize) -> Result<(), LuaError> {
        if len > crate::memory::MAX_STRING_LEN {
            return Err(self.out_of_memory());
        }
        if self.heap.memory_used() + len as u64 > self.max_memory {
            self.collect_garbage_tight();
            if self.heap.memory_used() + len as u64 > self.max_memory {
                return Err(self.out_of_memory());
            }
        }
        Ok(())
    }

    /// Enforce `--max-instructions`, `--max-virtual-time` and the heap budget.
    #[cold]
    pub(crate) fn check_bounds(&mut self) -> Result<(), LuaError> {
        self.check_memory()?;
        if self.stats.bytecodes >= self.max_instructions {
            return Err(LuaError::Limit(Limit::Instructions(self.stats.bytecodes)));
        }
        if self.clock_ps >= self.max_clock_ps {
            return Err(LuaError::Limit(Limit::VirtualTime(
                self.max_clock_ps / 1000,
            )));
        }
        self.check_at = if self.jit.recording() {
            // Every bytecode goes to the recorder.
            self.stats.bytecodes
        } else {
            self.max_instructions.min(self.stats.bytecodes + 1024)
        };
        Ok(())
    }

    /// Heap objects compiled traces (and the recording) refer to as constants: they must
    /// outlive the traces, or a guard on an object's identity could match a new object
    /// that reused its id.
    fn jit_roots(&self) -> Vec<Value> {
        let mut roots = Vec::new();
        let mut add = |ins: &[crate::jit::ir::IrIns]| {
            for i in ins {
                if i.op == crate::jit::ir::IrOp::KGc {
                    roots.push(i.ty.boxed(i.k));
                }
            }
        };
        for t in self.jit.traces.iter().flatten() {
            add(&t.ins);
        }
        if let Some(r) = &self.jit.rec {
            add(&r.buf.ins);
        }
        roots
    }

    /// Whether a looping trace must stop at its back edge: a run limit is reached.
    #[inline]
    pub(crate) fn trace_bounds_hit(&self, executed: u64) -> bool {
        self.clock_ps + executed * self.cost_ps.trace_ins >= self.max_clock_ps
            || self.stats.bytecodes + self.stats.trace_ins + executed >= self.max_instructions
    }

    /// Call library function `f` from a trace, arguments at `stack[base..base + nargs]`.
    /// An error is dropped: the trace exits and the interpreter repeats the call.
    pub(crate) fn call_native_in_trace(
        &mut self,
        f: FuncId,
        base: usize,
        nargs: usize,
    ) -> Result<usize, ()> {
        let Function::Native { f: native, .. } = self.heap.func(f) else {
            return Err(());
        };
        let native = *native;
        self.top = base + nargs;
        self.stats.native_calls += 1;
        self.charge(ps(self.cost.native_call));
        self.native_ctx.push((self.frames.len(), true));
        let r = native(self, base, nargs);
        self.native_ctx.pop();
        r.map_err(|_| ())
    }

    /// Charge a concatenation of `pieces` operands making `bytes` bytes.
    pub(crate) fn charge_concat(&mut self, pieces: usize, bytes: usize) {
        self.charge(ps(self.cost.concat * pieces.saturating_sub(1) as f64));
        self.charge_native(bytes);
    }

    /// Make sure the stack has at least `n` slots.
    #[inline]
    pub(crate) fn ensure_stack(&mut self, n: usize) -> Result<(), LuaError> {
        if n > self.stack.len() {
            if n > MAX_STACK {
                return Err(call::stack_overflow(self));
            }
            let new_len = (n * 2).clamp(1024, MAX_STACK + 64);
            self.stack.resize(new_len, Value::Nil);
        }
        Ok(())
    }
}
