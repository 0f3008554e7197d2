//! Metatables and the slow paths of operators: coercions, metamethods, comparisons,
//! concatenation, indexing (LuaJIT's `lj_meta.c`).

use super::{LuaError, Vm};
use crate::op::Op;
use crate::stdlib::numconv;
use crate::table::BadKey;
use crate::value::{StrId, TableId, Value};

/// An arithmetic operator, for metamethod dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// unary `-`
    Unm,
}

impl ArithOp {
    /// The arithmetic op of a VV/VN/NV bytecode.
    pub fn of(op: Op) -> ArithOp {
        match op {
            Op::Addvv | Op::Addvn | Op::Addnv => ArithOp::Add,
            Op::Subvv | Op::Subvn | Op::Subnv => ArithOp::Sub,
            Op::Mulvv | Op::Mulvn | Op::Mulnv => ArithOp::Mul,
            Op::Divvv | Op::Divvn | Op::Divnv => ArithOp::Div,
            Op::Modvv | Op::Modvn | Op::Modnv => ArithOp::Mod,
            Op::Unm => ArithOp::Unm,
            _ => ArithOp::Pow,
        }
    }

    /// Apply to numbers.
    #[inline]
    pub fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            ArithOp::Add => a + b,
            ArithOp::Sub => a - b,
            ArithOp::Mul => a * b,
            ArithOp::Div => a / b,
            ArithOp::Mod => lua_mod(a, b),
            ArithOp::Pow => a.powf(b),
            ArithOp::Unm => -a,
        }
    }
}

/// Lua's `a % b = a - floor(a/b)*b`.
#[inline]
pub fn lua_mod(a: f64, b: f64) -> f64 {
    a - (a / b).floor() * b
}

/// Fold an arithmetic bytecode on two numbers (used by the compiler).
pub(crate) fn arith_num(op: Op, a: f64, b: f64) -> f64 {
    ArithOp::of(op).apply(a, b)
}

/// Interned names of the metamethods, created once per VM.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MetaNames {
    pub index: StrId,
    pub newindex: StrId,
    pub call: StrId,
    pub add: StrId,
    pub sub: StrId,
    pub mul: StrId,
    pub div: StrId,
    pub mod_: StrId,
    pub pow: StrId,
    pub unm: StrId,
    pub concat: StrId,
    pub eq: StrId,
    pub lt: StrId,
    pub le: StrId,
    pub len: StrId,
    pub tostring: StrId,
    pub metatable: StrId,
    pub name: StrId,
}

impl MetaNames {
    pub fn new(heap: &mut crate::heap::Heap) -> MetaNames {
        let mut i = |s: &str| heap.intern(s.as_bytes());
        MetaNames {
            index: i("__index"),
            newindex: i("__newindex"),
            call: i("__call"),
            add: i("__add"),
            sub: i("__sub"),
            mul: i("__mul"),
            div: i("__div"),
            mod_: i("__mod"),
            pow: i("__pow"),
            unm: i("__unm"),
            concat: i("__concat"),
            eq: i("__eq"),
            lt: i("__lt"),
            le: i("__le"),
            len: i("__len"),
            tostring: i("__tostring"),
            metatable: i("__metatable"),
            name: i("__name"),
        }
    }

    pub fn all(&self) -> [StrId; 18] {
        [
            self.index,
            self.newindex,
            self.call,
            self.add,
            self.sub,
            self.mul,
            self.div,
            self.mod_,
            self.pow,
            self.unm,
            self.concat,
            self.eq,
            self.lt,
            self.le,
            self.len,
            self.tostring,
            self.metatable,
            self.name,
        ]
    }

    fn arith(&self, op: ArithOp) -> StrId {
        match op {
            ArithOp::Add => self.add,
            ArithOp::Sub => self.sub,
            ArithOp::Mul => self.mul,
            ArithOp::Div => self.div,
            ArithOp::Mod => self.mod_,
            ArithOp::Pow => self.pow,
            ArithOp::Unm => self.unm,
        }
    }
}

/// An operation with no applicable metamethod: the caller words the type error.
pub(crate) struct NoMeta;

impl Vm {
    /// The metatable of any value (strings share one).
    pub(crate) fn metatable(&self, v: Value) -> Option<TableId> {
        match v {
            Value::Table(t) => self.heap.table(t).meta,
            Value::Str(_) => self.registry.string_meta,
            _ => None,
        }
    }

    /// `getmetatable(v)[name]`, raw.
    #[inline]
    pub(crate) fn metamethod(&self, v: Value, name: StrId) -> Value {
        match self.metatable(v) {
            Some(m) => self.heap.table(m).get_str(name),
            None => Value::Nil,
        }
    }

    /// A number, or a string that converts to one.
    #[inline]
    pub(crate) fn to_number(&self, v: Value) -> Option<f64> {
        match v {
            Value::Num(n) => Some(n),
            Value::Str(s) => numconv::str_to_number(self.heap.str(s)),
            _ => None,
        }
    }

    /// Arithmetic with coercion and metamethods. `Err(Ok(NoMeta))` means a type error.
    pub(crate) fn arith_slow(
        &mut self,
        op: ArithOp,
        a: Value,
        b: Value,
    ) -> Result<Value, Result<NoMeta, LuaError>> {
        if let (Some(x), Some(y)) = (self.to_number(a), self.to_number(b)) {
            return Ok(Value::Num(op.apply(x, y)));
        }
        let name = self.names.arith(op);
        let mut mm = self.metamethod(a, name);
        if mm.is_nil() {
            mm = self.metamethod(b, name);
        }
        if mm.is_nil() {
            return Err(Ok(NoMeta));
        }
        self.call_meta(mm, &[a, b]).map_err(Err)
    }

    /// Call a metamethod and keep its first result.
    pub(crate) fn call_meta(&mut self, mm: Value, args: &[Value]) -> Result<Value, LuaError> {
        let from_lua = self.in_native().is_none();
        let r = self.call_value_from(mm, args, from_lua)?;
        Ok(r.first().copied().unwrap_or(Value::Nil))
    }

    /// `obj[key]` with `__index`. `Err(Ok(NoMeta))`: `obj` (or a link of its chain) cannot
    /// be indexed; the value that could not be indexed is returned for the message.
    pub(crate) fn index_slow(
        &mut self,
        obj: Value,
        key: Value,
    ) -> Result<Value, Result<Value, LuaError>> {
        let mut cur = obj;
        for _ in 0..100 {
            let mm = match cur {
                Value::Table(t) => {
                    let tab = self.heap.table(t);
                    let v = tab.get(key);
                    if !v.is_nil() {
                        return Ok(v);
                    }
                    match tab.meta {
                        None => return Ok(Value::Nil),
                        Some(m) => {
                            let mm = self.heap.table(m).get_str(self.names.index);
                            if mm.is_nil() {
                                return Ok(Value::Nil);
                            }
                            mm
                        }
                    }
                }
                _ => {
                    let mm = self.metamethod(cur, self.names.index);
                    if mm.is_nil() {
                        return Err(Ok(cur));
                    }
                    mm
                }
            };
            if let Value::Func(_) = mm {
                return self.call_meta(mm, &[cur, key]).map_err(Err);
            }
            cur = mm;
        }
        Err(Err(self.rt_error_here("loop in gettable")))
    }

    /// `obj[key] = v` with `__newindex`. `Err(Ok(v))`: `v` cannot be indexed.
    pub(crate) fn set_index_slow(
        &mut self,
        obj: Value,
        key: Value,
        v: Value,
    ) -> Result<(), Result<Value, LuaError>> {
        let mut cur = obj;
        for _ in 0..100 {
            let mm = match cur {
                Value::Table(t) => {
                    let tab = self.heap.table(t);
                    let mm = match tab.meta {
                        Some(m) if tab.get(key).is_nil() => {
                            self.heap.table(m).get_str(self.names.newindex)
                        }
                        _ => Value::Nil,
                    };
                    if mm.is_nil() {
                        return self.raw_set(t, key, v).map_err(Err);
                    }
                    mm
                }
                _ => {
                    let mm = self.metamethod(cur, self.names.newindex);
                    if mm.is_nil() {
                        return Err(Ok(cur));
                    }
                    mm
                }
            };
            if let Value::Func(_) = mm {
                let from_lua = self.in_native().is_none();
                return self
                    .call_value_from(mm, &[cur, key, v], from_lua)
                    .map(|_| ())
                    .map_err(Err);
            }
            cur = mm;
        }
        Err(Err(self.rt_error_here("loop in settable")))
    }

    /// `rawset` with Lua's key errors.
    pub(crate) fn raw_set(&mut self, t: TableId, key: Value, v: Value) -> Result<(), LuaError> {
        match self.heap.table_mut(t).set(key, v) {
            Ok(()) => Ok(()),
            Err(BadKey::Nil) => Err(self.rt_error_here("table index is nil")),
            Err(BadKey::NaN) => Err(self.rt_error_here("table index is NaN")),
            Err(BadKey::Overflow) => Err(self.rt_error_here("table overflow")),
        }
    }

    /// `a == b` with `__eq` (only between two tables with the same handler).
    pub(crate) fn equals(&mut self, a: Value, b: Value) -> Result<bool, LuaError> {
        if a.raw_eq(b) {
            return Ok(true);
        }
        if let (Value::Table(_), Value::Table(_)) = (a, b) {
            let m1 = self.metamethod(a, self.names.eq);
            if m1.is_nil() {
                return Ok(false);
            }
            let m2 = self.metamethod(b, self.names.eq);
            if !m1.raw_eq(m2) {
                return Ok(false);
            }
            return Ok(self.call_meta(m1, &[a, b])?.truthy());
        }
        Ok(false)
    }

    /// `a < b` (`le = false`) or `a <= b` (`le = true`).
    pub(crate) fn less(&mut self, a: Value, b: Value, le: bool) -> Result<bool, LuaError> {
        match (a, b) {
            (Value::Num(x), Value::Num(y)) => return Ok(if le { x <= y } else { x < y }),
            (Value::Str(x), Value::Str(y)) => {
                let (x, y) = (self.heap.str(x), self.heap.str(y));
                return Ok(if le { x <= y } else { x < y });
            }
            _ => {}
        }
        let same_type = std::mem::discriminant(&a) == std::mem::discriminant(&b);
        if same_type {
            let name = if le { self.names.le } else { self.names.lt };
            let m1 = self.metamethod(a, name);
            if !m1.is_nil() && m1.raw_eq(self.metamethod(b, name)) {
                return Ok(self.call_meta(m1, &[a, b])?.truthy());
            }
            if le {
                // Lua 5.1: a <= b is not (b < a) when only __lt exists.
                let lt = self.metamethod(a, self.names.lt);
                if !lt.is_nil() && lt.raw_eq(self.metamethod(b, self.names.lt)) {
                    return Ok(!self.call_meta(lt, &[b, a])?.truthy());
                }
            }
        }
        let (ta, tb) = (a.type_name(), b.type_name());
        Err(if ta == tb {
            self.rt_error_here(&format!("attempt to compare two {ta} values"))
        } else {
            self.rt_error_here(&format!("attempt to compare {ta} with {tb}"))
        })
    }

    /// Append the string form of a string or number; false for other values.
    pub(crate) fn append_concat(&self, v: Value, out: &mut Vec<u8>) -> bool {
        match v {
            Value::Str(s) => {
                out.extend_from_slice(self.heap.str(s));
                true
            }
            Value::Num(n) => {
                numconv::fmt_number(n, out);
                true
            }
            _ => false,
        }
    }

    /// `a .. b` when one side is not a string or number. `Err(Ok(v))`: `v` is to blame.
    pub(crate) fn concat_meta(
        &mut self,
        a: Value,
        b: Value,
    ) -> Result<Value, Result<Value, LuaError>> {
        let mut mm = self.metamethod(a, self.names.concat);
        if mm.is_nil() {
            mm = self.metamethod(b, self.names.concat);
        }
        if mm.is_nil() {
            let blame = if matches!(a, Value::Str(_) | Value::Num(_)) {
                b
            } else {
                a
            };
            return Err(Ok(blame));
        }
        self.call_meta(mm, &[a, b]).map_err(Err)
    }

    /// `tostring` without `__tostring`.
    pub(crate) fn tostring_basic(&self, v: Value) -> Vec<u8> {
        match v {
            Value::Nil => b"nil".to_vec(),
            Value::Bool(b) => {
                if b {
                    b"true".to_vec()
                } else {
                    b"false".to_vec()
                }
            }
            Value::Num(n) => {
                let mut out = Vec::new();
                numconv::fmt_number(n, &mut out);
                out
            }
            Value::Str(s) => self.heap.str(s).to_vec(),
            Value::Table(t) => {
                format!("table: 0x{:08x}", 0x4000_0000u64 + 64 * t.0 as u64).into_bytes()
            }
            // LuaJIT prints library functions as `builtin#N`; hotsim numbers them all
            // alike, as addresses. Programs must not depend on either.
            Value::Func(f) => {
                format!("function: 0x{:08x}", 0x4100_0000u64 + 64 * f.0 as u64).into_bytes()
            }
            Value::Thread(t) => {
                format!("thread: 0x{:08x}", 0x4200_0000u64 + 64 * t.0 as u64).into_bytes()
            }
        }
    }

    /// `tostring(v)` with `__tostring`.
    pub(crate) fn tostring(&mut self, v: Value) -> Result<Value, LuaError> {
        if let Value::Str(_) = v {
            return Ok(v);
        }
        let mm = self.metamethod(v, self.names.tostring);
        if !mm.is_nil() {
            return self.call_meta(mm, &[v]);
        }
        let bytes = self.tostring_basic(v);
        Ok(self.heap.str_value(&bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lua_mod_takes_the_sign_of_the_divisor() {
        assert_eq!(lua_mod(5.5, 2.0), 1.5);
        assert_eq!(lua_mod(-5.0, 3.0), 1.0);
        assert_eq!(lua_mod(5.0, -3.0), -1.0);
        assert!(lua_mod(1.0, 0.0).is_nan());
    }
}
