//! Per-function compiler state (LuaJIT's `FuncState`): code, constants, registers, scopes,
//! jump patching and goto/label resolution.

use crate::op::{Ins, JUMP_BIAS, Op};
use crate::proto::{LocalInfo, Proto, UpvalSource};
use crate::value::StrId;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// Most registers a function may use (LuaJIT's `LJ_MAX_SLOTS` is 250).
pub const MAX_REGS: usize = 250;

/// An active local variable.
#[derive(Clone, Debug)]
pub struct ActiveVar {
    pub name: Rc<str>,
    pub reg: u8,
    /// Index into `locals` debug info.
    pub info: usize,
    /// Index of the block that declared it.
    pub block: usize,
}

/// A lexical block.
#[derive(Debug, Default)]
pub struct Block {
    /// Active variables when the block started.
    pub nactive: usize,
    /// Whether a closure captured a local of this block.
    pub has_upval: bool,
    /// For loop blocks: pcs of `break` jumps to patch to the loop exit.
    pub breaks: Option<Vec<usize>>,
    /// Labels defined in this block: name, pc, active variables at the label.
    pub labels: Vec<(Rc<str>, usize, usize)>,
}

/// A goto waiting for its label.
#[derive(Debug)]
pub struct PendingGoto {
    pub name: Rc<str>,
    pub pc: usize,
    pub line: u32,
    /// Active variables at the goto.
    pub nactive: usize,
    /// Block depth at the goto (it may only see labels of this block or enclosing ones).
    pub depth: usize,
}

/// The state of one function being compiled.
pub struct FuncState {
    pub code: Vec<Ins>,
    pub lines: Vec<u32>,
    nums: Vec<f64>,
    num_map: FxHashMap<u64, u16>,
    strs: Vec<StrId>,
    str_map: FxHashMap<StrId, u16>,
    /// Template tables of constructors (`TDUP`).
    pub tabs: Vec<crate::value::TableId>,
    pub children: Vec<Rc<Proto>>,
    pub upvals: Vec<(UpvalSource, Rc<str>)>,
    pub actives: Vec<ActiveVar>,
    pub locals: Vec<LocalInfo>,
    pub blocks: Vec<Block>,
    pub gotos: Vec<PendingGoto>,
    /// First free register.
    pub free_reg: usize,
    pub max_stack: usize,
    pub num_params: u8,
    pub is_vararg: bool,
    pub line_defined: u32,
    /// Line stamped on emitted instructions.
    pub line: u32,
    /// Set when a register or constant limit was exceeded (reported by the caller).
    pub overflow: Option<&'static str>,
}

impl FuncState {
    pub fn new(num_params: u8, is_vararg: bool, line_defined: u32) -> FuncState {
        FuncState {
            code: Vec::new(),
            lines: Vec::new(),
            nums: Vec::new(),
            num_map: FxHashMap::default(),
            strs: Vec::new(),
            str_map: FxHashMap::default(),
            tabs: Vec::new(),
            children: Vec::new(),
            upvals: Vec::new(),
            actives: Vec::new(),
            locals: Vec::new(),
            blocks: vec![Block::default()],
            gotos: Vec::new(),
            free_reg: 0,
            max_stack: 2,
            num_params,
            is_vararg,
            line_defined,
            line: line_defined.max(1),
            overflow: None,
        }
    }

    /// Emit the function header op (FUNCF is a hot point, FUNCV is not).
    pub fn emit_header(&mut self) {
        let op = if self.is_vararg { Op::Funcv } else { Op::Funcf };
        self.emit(Ins::ad(op, 0, 0));
    }

    pub fn into_proto(self, chunk: Rc<str>) -> Proto {
        let mut locals = self.locals;
        let end = self.code.len() as u32;
        for l in &mut locals {
            l.end_pc = l.end_pc.min(end);
        }
        let ic = (0..self.code.len())
            .map(|_| std::cell::Cell::new(0))
            .collect();
        Proto {
            ic,
            code: self.code,
            lines: self.lines,
            nums: self.nums,
            strs: self.strs,
            tabs: self.tabs,
            children: self.children,
            upvals: self.upvals,
            locals,
            num_params: self.num_params,
            is_vararg: self.is_vararg,
            max_stack: self.max_stack.min(255) as u8,
            chunk,
            line_defined: self.line_defined,
            addr: 0,
            closures: std::cell::Cell::new(0),
        }
    }

    // ---- code ----

    #[inline]
    pub fn pc(&self) -> usize {
        self.code.len()
    }

    pub fn emit(&mut self, ins: Ins) -> usize {
        self.code.push(ins);
        self.lines.push(self.line);
        self.code.len() - 1
    }

    pub fn abc(&mut self, op: Op, a: usize, b: usize, c: usize) -> usize {
        self.emit(Ins::abc(op, a as u8, b as u8, c as u8))
    }

    pub fn ad(&mut self, op: Op, a: usize, d: usize) -> usize {
        self.emit(Ins::ad(op, a as u8, d as u16))
    }

    /// Emit a jump (or another jumping op) with its target to be patched.
    pub fn emit_jump(&mut self, op: Op, a: usize) -> usize {
        self.emit(Ins::ad(op, a as u8, JUMP_BIAS as u16))
    }

    /// Point the jump at `pc` to `target`.
    pub fn patch(&mut self, pc: usize, target: usize) {
        let off = target as i64 - (pc as i64 + 1) + JUMP_BIAS as i64;
        if !(0..=0xffff).contains(&off) {
            self.overflow = Some("control structure too long");
            return;
        }
        let ins = self.code[pc];
        self.code[pc] = Ins::ad(ins.op, ins.a, off as u16);
    }

    pub fn patch_here(&mut self, pcs: &[usize]) {
        let here = self.pc();
        for &pc in pcs {
            self.patch(pc, here);
        }
    }

    pub fn emit_ret0(&mut self) {
        self.ad(Op::Ret0, 0, 1);
    }

    // ---- registers ----

    pub fn reserve(&mut self, n: usize) -> usize {
        let r = self.free_reg;
        self.free_reg += n;
        if self.free_reg > MAX_REGS {
            self.overflow = Some("function or expression too complex");
            self.free_reg = MAX_REGS;
        }
        self.max_stack = self.max_stack.max(self.free_reg);
        r
    }

    /// Registers used by active locals.
    pub fn nactive_regs(&self) -> usize {
        self.actives.last().map_or(0, |v| v.reg as usize + 1)
    }

    // ---- constants ----

    pub fn num_const(&mut self, n: f64) -> usize {
        let bits = n.to_bits();
        if let Some(&i) = self.num_map.get(&bits) {
            return i as usize;
        }
        if self.nums.len() >= 0xffff {
            self.overflow = Some("constant table overflow");
            return 0;
        }
        self.nums.push(n);
        let i = (self.nums.len() - 1) as u16;
        self.num_map.insert(bits, i);
        i as usize
    }

    pub fn str_const(&mut self, s: StrId) -> usize {
        if let Some(&i) = self.str_map.get(&s) {
            return i as usize;
        }
        if self.strs.len() >= 0xffff {
            self.overflow = Some("constant table overflow");
            return 0;
        }
        self.strs.push(s);
        let i = (self.strs.len() - 1) as u16;
        self.str_map.insert(s, i);
        i as usize
    }

    // ---- variables and scopes ----

    /// Declare a local in register `reg` (live from the next instruction).
    pub fn add_local(&mut self, name: Rc<str>, reg: usize) {
        let info = self.locals.len();
        self.locals.push(LocalInfo {
            name: name.clone(),
            reg: reg as u8,
            start_pc: self.pc() as u32,
            end_pc: u32::MAX,
        });
        let block = self.blocks.len() - 1;
        self.actives.push(ActiveVar {
            name,
            reg: reg as u8,
            info,
            block,
        });
    }

    pub fn find_local(&self, name: &str) -> Option<usize> {
        self.actives.iter().rposition(|v| &*v.name == name)
    }

    pub fn enter_block(&mut self, is_loop: bool) {
        self.blocks.push(Block {
            nactive: self.actives.len(),
            has_upval: false,
            breaks: is_loop.then(Vec::new),
            labels: Vec::new(),
        });
    }

    /// Leave a block: end its locals, close their upvalues if a closure captured one, hand
    /// pending gotos to the enclosing block, patch breaks to here. Returns the block.
    pub fn leave_block(&mut self) -> Block {
        let block = self.blocks.pop().expect("block");
        let base_reg = self
            .actives
            .get(block.nactive)
            .map_or(self.free_reg, |v| v.reg as usize);
        let pc = self.pc() as u32;
        for v in self.actives.drain(block.nactive..) {
            self.locals[v.info].end_pc = pc;
        }
        if block.has_upval {
            if let Some(parent) = self.blocks.last_mut() {
                // Jumps out of the parent (break, goto) must close these upvalues too.
                parent.has_upval = true;
            }
            let at = self.ad(Op::Uclo, base_reg, 0);
            self.patch(at, at + 1);
        }
        let depth = self.blocks.len();
        for g in &mut self.gotos {
            if g.depth > depth {
                g.depth = depth;
                if g.nactive > block.nactive {
                    if block.has_upval {
                        let ins = self.code[g.pc];
                        self.code[g.pc] = Ins::ad(Op::Uclo, base_reg as u8, ins.d());
                    }
                    g.nactive = block.nactive;
                }
            }
        }
        if let Some(breaks) = &block.breaks {
            if block.has_upval {
                for &b in breaks {
                    let ins = self.code[b];
                    self.code[b] = Ins::ad(Op::Uclo, base_reg as u8, ins.d());
                }
            }
            let breaks = breaks.clone();
            self.patch_here(&breaks);
        }
        self.free_reg = self.nactive_regs();
        block
    }

    /// Mark the block that declared active variable `idx` as captured.
    pub fn mark_captured(&mut self, idx: usize) {
        let b = self.actives[idx].block;
        self.blocks[b].has_upval = true;
    }

    pub fn unresolved_goto(&self) -> Option<(Rc<str>, u32)> {
        self.gotos.first().map(|g| (g.name.clone(), g.line))
    }
}
