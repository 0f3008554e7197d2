//! Lua values: a 16-byte `Copy` enum whose heap objects live in the [`Heap`](crate::Heap)
//! arenas and are named by small ids.

use std::fmt;

/// Id of an interned string in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StrId(pub u32);
/// Id of a table in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableId(pub u32);
/// Id of a function (Lua closure or native function) in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(pub u32);
/// Id of an upvalue cell in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UpvalId(pub u32);
/// Id of a coroutine (a `thread` value) in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ThreadId(pub u32);

/// A Lua 5.1 value. Numbers are doubles, as in LuaJIT's non-dual-number build.
///
/// `repr(u64)` gives a 16-byte layout with an 8-byte tag and no padding, so copying a
/// value is two plain 8-byte moves.
#[derive(Clone, Copy, Debug, Default)]
#[repr(u64)]
pub enum Value {
    /// `nil`.
    #[default]
    Nil,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Num(f64),
    /// An interned, immutable byte string.
    Str(StrId),
    /// A table.
    Table(TableId),
    /// A function.
    Func(FuncId),
    /// A coroutine.
    Thread(ThreadId),
}

impl Value {
    /// Lua truthiness: everything but `nil` and `false` is true.
    #[inline]
    pub fn truthy(self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false))
    }
    /// Whether this is `nil`.
    #[inline]
    pub fn is_nil(self) -> bool {
        matches!(self, Value::Nil)
    }
    /// Lua's `type()` name.
    pub fn type_name(self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "boolean",
            Value::Num(_) => "number",
            Value::Str(_) => "string",
            Value::Table(_) => "table",
            Value::Func(_) => "function",
            Value::Thread(_) => "thread",
        }
    }
    /// Primitive equality without metamethods (`rawequal`).
    #[inline]
    pub fn raw_eq(self, other: Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Num(a), Value::Num(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Table(a), Value::Table(b)) => a == b,
            (Value::Func(a), Value::Func(b)) => a == b,
            (Value::Thread(a), Value::Thread(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for StrId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "str#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_16_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn truthiness_and_raw_eq() {
        assert!(!Value::Nil.truthy());
        assert!(!Value::Bool(false).truthy());
        assert!(Value::Num(0.0).truthy());
        assert!(!Value::Num(f64::NAN).raw_eq(Value::Num(f64::NAN)));
        assert!(Value::Num(0.0).raw_eq(Value::Num(-0.0)));
    }
}
