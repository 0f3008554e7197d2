//! Function prototypes: compiled bytecode with its constants, debug info and virtual address.

use crate::op::Ins;
use crate::value::StrId;
use std::rc::Rc;

/// Where a closure's upvalue comes from when the closure is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpvalSource {
    /// A local variable (register) of the enclosing function.
    Local(u8),
    /// An upvalue of the enclosing function.
    Upval(u8),
}

/// Debug info: a named local variable live in a register over a pc range.
#[derive(Clone, Debug)]
pub struct LocalInfo {
    /// The variable's name.
    pub name: Rc<str>,
    /// Its register.
    pub reg: u8,
    /// First pc where it is live.
    pub start_pc: u32,
    /// First pc where it is dead.
    pub end_pc: u32,
}

/// Bytes between two prototypes' bytecode in the virtual address space, standing in for
/// LuaJIT's `GCproto` header and the constant and debug arrays a real allocator places
/// around the bytecode.
pub const PROTO_HEADER_BYTES: u32 = 104;

/// A compiled function.
#[derive(Debug)]
pub struct Proto {
    /// The instructions; `code[0]` is `FUNCF` or `FUNCV`.
    pub code: Vec<Ins>,
    /// Source line of each instruction.
    pub lines: Vec<u32>,
    /// Number constants.
    pub nums: Vec<f64>,
    /// String constants (interned; kept alive by the VM).
    pub strs: Vec<StrId>,
    /// Template tables of constructors, by `TDUP` index (kept alive by the VM).
    pub tabs: Vec<crate::value::TableId>,
    /// Nested prototypes, by `FNEW` index.
    pub children: Vec<Rc<Proto>>,
    /// Upvalue sources, and their names.
    pub upvals: Vec<(UpvalSource, Rc<str>)>,
    /// Named locals for error messages.
    pub locals: Vec<LocalInfo>,
    /// Fixed parameters.
    pub num_params: u8,
    /// Whether the function takes `...`.
    pub is_vararg: bool,
    /// Registers needed.
    pub max_stack: u8,
    /// The chunk name (the script path as given, or `=stdin`-style names).
    pub chunk: Rc<str>,
    /// Line where the function was defined (0 for a main chunk).
    pub line_defined: u32,
    /// Virtual byte address of `code[0]`; `code[i]` is at `addr + 4*i`.
    pub addr: u32,
    /// One inline-cache slot per instruction: where the string key of a table or global
    /// access was found last time (a hint, checked on every use).
    pub ic: Box<[std::cell::Cell<u32>]>,
    /// Closures created from this prototype, saturating at [`Proto::CLOSURES_POLY`]
    /// (LuaJIT's `PROTO_CLCOUNT` bits): traces stop specialising to one closure then.
    pub closures: std::cell::Cell<u8>,
}

impl Proto {
    /// Closures after which a prototype is polymorphic (LuaJIT's `PROTO_CLC_POLY`): its
    /// traces read upvalues through the running closure instead of guarding on one.
    pub const CLOSURES_POLY: u8 = 3;

    /// Whether traces of this prototype must not specialise to one closure.
    pub fn is_poly(&self) -> bool {
        self.closures.get() >= Proto::CLOSURES_POLY
    }

    /// Virtual address of instruction `pc`.
    #[inline]
    pub fn pc_addr(&self, pc: usize) -> u32 {
        self.addr + 4 * pc as u32
    }
    /// Source line of instruction `pc`.
    pub fn line(&self, pc: usize) -> u32 {
        self.lines.get(pc).copied().unwrap_or(self.line_defined)
    }
    /// The name of the local variable in register `reg` at `pc`, if any.
    pub fn local_name(&self, reg: u8, pc: usize) -> Option<&str> {
        let pc = pc as u32;
        self.locals
            .iter()
            .rev()
            .find(|l| l.reg == reg && l.start_pc <= pc && pc < l.end_pc)
            .map(|l| &*l.name)
    }
    /// Bytes this prototype occupies in the virtual address space.
    pub fn footprint(&self) -> u32 {
        let bytes = 4 * self.code.len() as u32 + 8 * (self.nums.len() + self.strs.len()) as u32;
        (bytes + 7) & !7
    }
}

/// Hands out virtual addresses to prototypes in creation order (inner functions finish
/// compiling first, as in LuaJIT), leaving a header gap before each.
#[derive(Clone, Debug)]
pub struct AddrSpace {
    next: u32,
}

impl Default for AddrSpace {
    fn default() -> Self {
        // Start away from zero, as a heap does.
        AddrSpace { next: 0x10000 }
    }
}

impl AddrSpace {
    /// Reserve room for a prototype of `footprint` bytes; returns its bytecode address.
    pub fn place(&mut self, footprint: u32) -> u32 {
        let addr = self.next + PROTO_HEADER_BYTES;
        self.next = addr.wrapping_add(footprint);
        addr
    }
}
