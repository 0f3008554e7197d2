//! Coroutines (`thread` values), as LuaJIT 2.1 has them.
//!
//! Each coroutine owns a Lua stack, its frames and its open upvalues ([`ThreadState`]);
//! the running one's are the VM's own fields, swapped in on resume and out on yield. It
//! also runs on its own native stack (a [`corosensei`] coroutine), so a yield may come from
//! anywhere LuaJIT allows one: across `pcall`, from a metamethod or from an iterator, all of
//! which nest the interpreter on the native stack here where LuaJIT uses continuation
//! frames. Natives that call back into Lua as LuaJIT's C functions do (`table.sort`'s
//! comparator, `string.gsub`'s replacement, `print`'s `tostring`) mark the region
//! non-yieldable, and a yield there fails as LuaJIT's does.
//!
//! An open upvalue is [`Upval::Open`] while its thread runs and [`Upval::Parked`] while
//! it does not, so reading one on the running thread costs what it did before threads.
//!
//! Hot counting is unchanged: hot points are bytecode addresses, shared by all coroutines.

use super::{Frame, LuaError, MAX_C_DEPTH, Vm};
use crate::heap::Upval;
use crate::value::{ThreadId, UpvalId, Value};
use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};

/// The id [`Upval::Open`](crate::heap::Upval::Open) gives the main thread's stack.
pub(crate) const MAIN_THREAD: u32 = u32::MAX;

/// Native stack of each coroutine. The interpreter nests at most [`MAX_C_DEPTH`] times
/// (natives calling Lua): about 300 KB in a release build, more unoptimised. The memory
/// is reserved; only the pages touched are committed.
const NATIVE_STACK_BYTES: usize = 2 << 20;
/// Native stack kept free below a re-entry inside a coroutine; less is a "C stack overflow".
const NATIVE_RED_ZONE: usize = 96 << 10;
/// Most coroutines resuming one another at once. LuaJIT has no limit of its own (it
/// crashes past about 16,000 on this machine); each level here holds a native stack.
const MAX_RESUME_DEPTH: usize = 1000;
/// Native stacks of finished coroutines kept for new ones.
const STACK_POOL_MAX: usize = 16;

/// The interpreter state a thread owns: live in the [`Vm`]'s fields while the thread runs,
/// here while it does not.
#[derive(Default)]
pub(crate) struct ThreadState {
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    pub open_upvals: Vec<(usize, UpvalId)>,
    pub top: usize,
    pub mret_top: usize,
    pub native_ctx: Vec<(usize, bool)>,
    /// Natives below the running code that called Lua as LuaJIT's C functions do: a yield
    /// is refused while any is.
    pub nonyield: u32,
    /// Nested re-entries of the interpreter on this thread's native stack.
    pub c_depth: u32,
}

impl ThreadState {
    /// Values and upvalue cells the collector must keep.
    pub fn for_each_ref(&self, mut value: impl FnMut(Value), mut upval: impl FnMut(UpvalId)) {
        self.stack.iter().copied().for_each(&mut value);
        self.frames.iter().for_each(|f| value(Value::Func(f.func)));
        self.open_upvals.iter().for_each(|&(_, u)| upval(u));
    }
}

/// Where a coroutine is in its life (`coroutine.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Created or yielded: `resume` runs it.
    Suspended,
    /// Running now.
    Running,
    /// It resumed another coroutine and waits for it.
    Normal,
    /// Returned or raised an error.
    Dead,
}

impl Status {
    /// The name `coroutine.status` gives.
    pub fn name(self) -> &'static str {
        match self {
            Status::Suspended => "suspended",
            Status::Running => "running",
            Status::Normal => "normal",
            Status::Dead => "dead",
        }
    }
}

/// What a coroutine's native stack returns when its body ends.
type Body = Coroutine<*mut Vm, *mut Vm, Result<(), LuaError>>;

/// A coroutine: a `thread` value.
pub struct Thread {
    pub(crate) status: Status,
    /// The function it runs.
    pub(crate) func: Value,
    /// Its interpreter state while it is not running.
    pub(crate) state: ThreadState,
    /// Its native stack, from the first resume until it ends.
    body: Option<Body>,
    /// Lowest native stack address a re-entry inside it may start from.
    floor: usize,
    /// How its body yields; set by the body itself when it starts.
    yielder: *const Yielder<*mut Vm, *mut Vm>,
}

impl Thread {
    /// A suspended coroutine that will run `func`.
    pub(crate) fn new(func: Value) -> Thread {
        Thread {
            status: Status::Suspended,
            func,
            state: ThreadState::default(),
            body: None,
            floor: 0,
            yielder: std::ptr::null(),
        }
    }

    /// Values and upvalue cells the collector must keep.
    pub(crate) fn for_each_ref(&self, mut value: impl FnMut(Value), upval: impl FnMut(UpvalId)) {
        value(self.func);
        self.state.for_each_ref(value, upval);
    }
}

/// How a resume ended, as `coroutine.resume` reports it.
pub(crate) enum Resumed {
    /// It yielded or returned these values.
    Values(Vec<Value>),
    /// It raised this error (it is now dead), or could not be resumed.
    Error(Value),
}

impl Vm {
    /// Swap the running thread's interpreter state with `st`.
    fn swap_state(&mut self, st: &mut ThreadState) {
        std::mem::swap(&mut self.stack, &mut st.stack);
        std::mem::swap(&mut self.frames, &mut st.frames);
        std::mem::swap(&mut self.open_upvals, &mut st.open_upvals);
        std::mem::swap(&mut self.top, &mut st.top);
        std::mem::swap(&mut self.mret_top, &mut st.mret_top);
        std::mem::swap(&mut self.native_ctx, &mut st.native_ctx);
        std::mem::swap(&mut self.nonyield, &mut st.nonyield);
        std::mem::swap(&mut self.c_depth, &mut st.c_depth);
    }

    /// Move the running thread's state to its home (its object, or the VM's slot for the
    /// main thread), leaving the VM's fields empty.
    fn park_running(&mut self) {
        for &(slot, id) in &self.open_upvals {
            *self.heap.upval_mut(id) = Upval::Parked {
                slot,
                thread: self.cur_thread,
            };
        }
        let mut st = ThreadState::default();
        self.swap_state(&mut st);
        match self.cur_thread {
            MAIN_THREAD => *self.main_state = st,
            id => self.heap.thread_mut(ThreadId(id)).state = st,
        }
    }

    /// Make `id`'s state the VM's (the VM's fields must be parked).
    fn unpark(&mut self, id: u32) {
        let mut st = match id {
            MAIN_THREAD => std::mem::take(&mut *self.main_state),
            id => std::mem::take(&mut self.heap.thread_mut(ThreadId(id)).state),
        };
        self.swap_state(&mut st);
        self.cur_thread = id;
        for &(slot, uv) in &self.open_upvals {
            *self.heap.upval_mut(uv) = Upval::Open(slot);
        }
    }

    /// The running coroutine, if any (`coroutine.running`).
    pub(crate) fn running_thread(&self) -> Option<ThreadId> {
        (self.cur_thread != MAIN_THREAD).then_some(ThreadId(self.cur_thread))
    }

    /// Whether `coroutine.yield` may be called here.
    pub(crate) fn can_yield(&self) -> bool {
        self.cur_thread != MAIN_THREAD && self.nonyield == 0
    }

    /// The stack of a thread that is not running.
    pub(crate) fn parked_stack(&self, thread: u32) -> &[Value] {
        match thread {
            MAIN_THREAD => &self.main_state.stack,
            id => &self.heap.thread(ThreadId(id)).state.stack,
        }
    }

    /// The stack of a thread that is not running, mutably.
    pub(crate) fn parked_stack_mut(&mut self, thread: u32) -> &mut Vec<Value> {
        match thread {
            MAIN_THREAD => &mut self.main_state.stack,
            id => &mut self.heap.thread_mut(ThreadId(id)).state.stack,
        }
    }

    /// Run coroutine `co` with `args` until it yields, returns or fails.
    ///
    /// Limits and `os.exit` inside it stop the whole program, as elsewhere.
    pub(crate) fn resume(&mut self, co: ThreadId, args: &[Value]) -> Result<Resumed, LuaError> {
        let th = self.heap.thread(co);
        match th.status {
            Status::Suspended => {}
            Status::Running | Status::Normal => {
                let msg = self.heap.str_value(b"cannot resume running coroutine");
                return Ok(Resumed::Error(msg));
            }
            Status::Dead => {
                let msg = self.heap.str_value(b"cannot resume dead coroutine");
                return Ok(Resumed::Error(msg));
            }
        }
        if self.c_depth >= MAX_C_DEPTH || self.resume_depth >= MAX_RESUME_DEPTH {
            return Err(self.rt_error_here("C stack overflow"));
        }
        let mut body = match self.heap.thread_mut(co).body.take() {
            Some(b) => b,
            None => self.new_body(co)?,
        };
        self.co_transfer.clear();
        self.co_transfer.extend_from_slice(args);
        let from = self.cur_thread;
        if from != MAIN_THREAD {
            self.heap.thread_mut(ThreadId(from)).status = Status::Normal;
        }
        self.heap.thread_mut(co).status = Status::Running;
        self.park_running();
        self.unpark(co.0);
        self.resume_depth += 1;
        let vm: *mut Vm = self;
        let r = body.resume(vm);
        self.resume_depth -= 1;
        self.park_running();
        self.unpark(from);
        if from != MAIN_THREAD {
            self.heap.thread_mut(ThreadId(from)).status = Status::Running;
        }
        let vals = std::mem::take(&mut self.co_transfer);
        let th = self.heap.thread_mut(co);
        match r {
            CoroutineResult::Yield(_) => {
                th.status = Status::Suspended;
                th.body = Some(body);
                Ok(Resumed::Values(vals))
            }
            CoroutineResult::Return(r) => {
                th.status = Status::Dead;
                // Its stack is kept (LuaJIT keeps a dead coroutine's stack too), but not its
                // frames' state: it cannot run again.
                if self.stack_pool.len() < STACK_POOL_MAX {
                    self.stack_pool.push(body.into_stack());
                }
                match r {
                    Ok(()) => Ok(Resumed::Values(vals)),
                    Err(LuaError::Error(v)) => Ok(Resumed::Error(v)),
                    Err(other) => Err(other),
                }
            }
        }
    }

    /// The native stack and body of coroutine `co`, at its first resume.
    fn new_body(&mut self, co: ThreadId) -> Result<Body, LuaError> {
        let stack = match self.stack_pool.pop() {
            Some(s) => s,
            None => DefaultStack::new(NATIVE_STACK_BYTES).map_err(|_| self.out_of_memory())?,
        };
        let floor = corosensei::stack::Stack::limit(&stack).get() + NATIVE_RED_ZONE;
        self.heap.thread_mut(co).floor = floor;
        Ok(Coroutine::with_stack(stack, move |yielder, vm: *mut Vm| {
            // SAFETY: the resumer passes the VM it runs on and does not touch it until this
            // body yields or returns; the VM outlives every body (bodies live in its heap).
            let vm = unsafe { &mut *vm };
            let th = vm.heap.thread_mut(co);
            th.yielder = yielder;
            let f = th.func;
            let args = std::mem::take(&mut vm.co_transfer);
            let results = vm.call_value_yieldable(f, &args)?;
            vm.co_transfer = results;
            Ok(())
        }))
    }

    /// Leave the running coroutine, handing `vals` to its resumer; returns the values of
    /// the next resume. The caller has checked [`Vm::can_yield`].
    pub(crate) fn yield_values(&mut self, vals: &[Value]) -> Vec<Value> {
        let yielder = self.heap.thread(ThreadId(self.cur_thread)).yielder;
        self.co_transfer.clear();
        self.co_transfer.extend_from_slice(vals);
        let vm: *mut Vm = self;
        // SAFETY: `yielder` belongs to the running body, which is suspended right here; the
        // VM pointer goes through the switch so the compiler assumes it changed.
        unsafe { (*yielder).suspend(vm) };
        std::mem::take(&mut self.co_transfer)
    }

    /// Whether a re-entry (a native calling Lua) has native stack left to run on. Inside a
    /// coroutine the native stack is fixed; on the main thread `stacker` grows it.
    pub(crate) fn coroutine_stack_ok(&self) -> bool {
        if self.cur_thread == MAIN_THREAD {
            return true;
        }
        let floor = self.heap.thread(ThreadId(self.cur_thread)).floor;
        psm::stack_pointer() as usize > floor
    }

    /// LuaJIT's out-of-memory error.
    pub(crate) fn out_of_memory(&mut self) -> LuaError {
        LuaError::Error(self.heap.str_value(b"not enough memory"))
    }
}
