//! The cost model: what each thing the VM does costs on the virtual clock.
//!
//! Costs are given in nanoseconds (fractions allowed) and kept internally as integer
//! picoseconds, so a run's virtual time is exact integer arithmetic and reproducible.
//! Defaults and how they were measured: docs/cost-model.md. A TOML file with any subset of
//! the keys (`--cost FILE`) overrides the defaults; unknown keys are errors.

// Measured costs may happen to look like well-known constants (`compare` = 3.14 ns).
#![allow(clippy::approx_constant)]

use serde::Deserialize;
use std::path::Path;

/// Classes of interpreted work, each with its own cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CostClass {
    /// Register moves and constant loads.
    Move,
    /// Arithmetic, `not`, unary minus.
    Arith,
    /// `^`.
    Pow,
    /// `#`.
    Len,
    /// `..`, per operand.
    Concat,
    /// Comparisons and tests.
    Compare,
    /// Unconditional jumps.
    Jump,
    /// Upvalue access.
    Upvalue,
    /// Closure creation.
    Closure,
    /// Table creation.
    TableNew,
    /// Global variable access.
    Global,
    /// Table reads.
    TableGet,
    /// Table writes.
    TableSet,
    /// Calls and function entry.
    Call,
    /// Returns.
    Return,
    /// `...`.
    Vararg,
    /// Loop control.
    Loop,
}

macro_rules! cost_model {
    ($($field:ident: $default:literal, $doc:literal;)*) => {
        /// Costs in nanoseconds, as read from TOML (see the module docs).
        #[derive(Clone, Debug, Deserialize, PartialEq)]
        #[serde(deny_unknown_fields, default)]
        pub struct CostModel {
            $(#[doc = $doc] pub $field: f64,)*
        }

        impl Default for CostModel {
            fn default() -> Self {
                CostModel { $($field: $default,)* }
            }
        }

        impl CostModel {
            /// `(name, default ns, doc)` for every cost, for `hotsim params` and docs.
            pub const FIELDS: &'static [(&'static str, f64, &'static str)] =
                &[$((stringify!($field), $default, $doc),)*];

            /// Set cost `key` to `ns`; false when there is no such key.
            pub fn set(&mut self, key: &str, ns: f64) -> bool {
                match key {
                    $(stringify!($field) => { self.$field = ns; true })*
                    _ => false,
                }
            }

            fn values(&self) -> Vec<(&'static str, f64)> {
                vec![$((stringify!($field), self.$field),)*]
            }
        }
    };
}

// Defaults: the output of `hotsim calibrate --runs 11` on the reference machine, committed
// as results/calibration/cost.toml (a test keeps the two equal); method, spread and
// machine in docs/cost-model.md. `trace_exit` and `flush` are not measured.
cost_model! {
    move_op: 0.944, "register move or constant load";
    arith: 3.24, "arithmetic, not, unary minus";
    pow: 15.9, "exponentiation";
    len: 3.25, "length operator";
    concat: 21.1, "string concatenation, per operand pair";
    compare: 3.14, "comparison or test with its jump";
    jump: 1.36, "unconditional jump";
    upvalue: 1.65, "upvalue read or write";
    closure: 36.3, "closure creation";
    table_new: 44.4, "table creation";
    global: 2.29, "global variable read or write";
    table_get: 2.74, "table read";
    table_set: 3.96, "table write";
    call: 2.09, "Lua call and function entry";
    ret: 2.09, "return";
    vararg: 3.13, "vararg access";
    loop_op: 3.85, "loop control (FORI/FORL/ITERL/LOOP)";
    native_call: 1.97, "call of a library function (plus its per-byte work)";
    native_per_byte: 0.0775, "string library work per byte touched";
    io_per_byte: 0.669, "output written by print/io.write, per byte";
    record_ins: 268.0, "recording a trace, per bytecode recorded (on top of interpreting it)";
    compile_base: 11827.0, "compiling a trace: fixed part (optimise, assemble, link)";
    compile_per_ins: 111.0, "compiling a trace: per IR instruction";
    mprotect: 2239.0, "one page-protection change (mprotect) of a machine-code area";
    trace_ins: 0.116, "executing one IR instruction of a compiled trace";
    trace_exit: 150.0, "a trace exit to the interpreter (snapshot restore)";
    flush: 10000.0, "flushing the whole trace cache";
}

/// The JIT's costs in picoseconds, as the VM charges them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct JitCostPs {
    pub record_ins: u64,
    pub compile_base: u64,
    pub compile_per_ins: u64,
    pub mprotect: u64,
    pub trace_ins: u64,
    pub trace_exit: u64,
    pub flush: u64,
}

impl JitCostPs {
    pub(crate) fn new(c: &CostModel) -> JitCostPs {
        JitCostPs {
            record_ins: ps(c.record_ins),
            compile_base: ps(c.compile_base),
            compile_per_ins: ps(c.compile_per_ins),
            mprotect: ps(c.mprotect),
            trace_ins: ps(c.trace_ins),
            trace_exit: ps(c.trace_exit),
            flush: ps(c.flush),
        }
    }
}

/// Why a cost file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CostError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The TOML is malformed or has unknown keys.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A cost is negative, NaN or absurdly large.
    #[error("{path}: cost '{key}' = {value} is out of range (0 to 1e9 ns)")]
    Range {
        /// The file.
        path: String,
        /// The key.
        key: &'static str,
        /// The value.
        value: f64,
    },
}

impl CostModel {
    /// Parse a TOML text; `path` names it in errors.
    pub fn from_toml(text: &str, path: &str) -> Result<CostModel, CostError> {
        let model: CostModel = toml::from_str(text).map_err(|e| CostError::Parse {
            path: path.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        for (key, value) in model.values() {
            if !(0.0..=1e9).contains(&value) {
                return Err(CostError::Range {
                    path: path.to_string(),
                    key,
                    value,
                });
            }
        }
        Ok(model)
    }

    /// Load a TOML file.
    pub fn load(path: &Path) -> Result<CostModel, CostError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| CostError::Io {
            path: shown.clone(),
            source,
        })?;
        CostModel::from_toml(&text, &shown)
    }

    /// The model as TOML text (every key).
    pub fn to_toml(&self) -> String {
        let mut s = String::new();
        for (k, v) in self.values() {
            s.push_str(&format!("{k} = {v}\n"));
        }
        s
    }

    /// Cost in picoseconds of executing one op of `class`.
    pub fn class_ps(&self, class: CostClass) -> u64 {
        let ns = match class {
            CostClass::Move => self.move_op,
            CostClass::Arith => self.arith,
            CostClass::Pow => self.pow,
            CostClass::Len => self.len,
            CostClass::Concat => self.concat,
            CostClass::Compare => self.compare,
            CostClass::Jump => self.jump,
            CostClass::Upvalue => self.upvalue,
            CostClass::Closure => self.closure,
            CostClass::TableNew => self.table_new,
            CostClass::Global => self.global,
            CostClass::TableGet => self.table_get,
            CostClass::TableSet => self.table_set,
            CostClass::Call => self.call,
            CostClass::Return => self.ret,
            CostClass::Vararg => self.vararg,
            CostClass::Loop => self.loop_op,
        };
        ps(ns)
    }
}

/// Nanoseconds (float) to integer picoseconds.
pub fn ps(ns: f64) -> u64 {
    (ns * 1000.0).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_toml_overrides_defaults() {
        let m = CostModel::from_toml("arith = 2.0\n", "c.toml").unwrap();
        assert_eq!(m.arith, 2.0);
        assert_eq!(m.call, CostModel::default().call);
        assert_eq!(m.class_ps(CostClass::Arith), 2000);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let e = CostModel::from_toml("arith = 1\nfoo = 2\n", "c.toml").unwrap_err();
        assert!(
            e.to_string().contains("c.toml") && e.to_string().contains("foo"),
            "{e}"
        );
        let e = CostModel::from_toml("arith = -1.0\n", "c.toml").unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
    }

    #[test]
    fn toml_roundtrip() {
        let m = CostModel::default();
        assert_eq!(CostModel::from_toml(&m.to_toml(), "x").unwrap(), m);
    }
}
