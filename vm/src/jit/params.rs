//! The JIT's tunable parameters, in one table (LuaJIT's `JIT_PARAMDEF` in `lj_jit.h`).
//!
//! The [`jit_params!`] table generates the struct, its defaults, the `name=value` parser
//! and the rows `hotsim params` prints, so none of them can drift apart.

use std::fmt;

macro_rules! jit_params {
    ($($name:ident: $default:literal, $raptor:literal, $min:literal..=$max:literal, $doc:literal;)*) => {
        /// Trace-compiler limits and thresholds (`--param NAME=VALUE`).
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct JitParams {
            $(#[doc = $doc] pub $name: u32,)*
            /// What a flush resets: `luajit` keeps hot counters and blacklisting,
            /// `raptorjit` resets both.
            pub flush: FlushMode,
        }

        impl Default for JitParams {
            fn default() -> Self {
                JitParams { $($name: $default,)* flush: FlushMode::LuaJit }
            }
        }

        impl JitParams {
            /// `(name, LuaJIT default, RaptorJIT default, doc)` of every numeric parameter.
            pub const TABLE: &'static [(&'static str, u32, u32, &'static str)] =
                &[$((stringify!($name), $default, $raptor, $doc),)*];

            /// RaptorJIT's defaults (larger caches, PENALTY_MAX 6e6, resetting flushes).
            pub fn raptorjit() -> JitParams {
                JitParams { $($name: $raptor,)* flush: FlushMode::RaptorJit }
            }

            /// Whether `name` is a JIT parameter (as opposed to a policy parameter).
            pub fn is_param(name: &str) -> bool {
                name == "flush" || matches!(name, $(stringify!($name))|*)
            }

            /// Set `name` from its text form.
            pub fn set(&mut self, name: &str, value: &str) -> Result<(), JitParamError> {
                let bad = |reason: String| JitParamError {
                    key: name.to_string(),
                    value: value.to_string(),
                    reason,
                };
                if name == "flush" {
                    self.flush = match value {
                        "luajit" => FlushMode::LuaJit,
                        "raptorjit" => FlushMode::RaptorJit,
                        _ => return Err(bad("expected luajit or raptorjit".into())),
                    };
                    return Ok(());
                }
                let parsed: u32 = parse_size(value)
                    .ok_or_else(|| bad("expected a non-negative integer (KB/MB suffixes allowed for sizes)".into()))?;
                match name {
                    $(stringify!($name) => {
                        if !($min..=$max).contains(&parsed) {
                            return Err(bad(format!("must be between {} and {}", $min, $max)));
                        }
                        self.$name = parsed;
                    })*
                    _ => return Err(JitParamError {
                        key: name.to_string(),
                        value: value.to_string(),
                        reason: "unknown JIT parameter".into(),
                    }),
                }
                Ok(())
            }
        }
    };
}

jit_params! {
    maxtrace: 1000, 10000, 1..=65535, "traces in the cache; a full cache flushes everything";
    maxrecord: 4000, 10000, 1..=1000000, "recorded IR instructions per trace; more aborts (trace too long)";
    maxside: 100, 1000, 0..=65535, "side traces per root trace";
    maxsnap: 500, 2000, 1..=65535, "snapshots per trace; more aborts (too many snapshots)";
    hotexit: 10, 10, 1..=254, "taken exits before a side trace is recorded";
    tryside: 4, 4, 0..=254, "attempts at a side trace before a stub falls back to the interpreter";
    instunroll: 4, 4, 0..=1000, "LuaJIT: loop optimiser retries on type instability (accepted; hotsim aborts at the first)";
    loopunroll: 15, 15, 0..=1000, "inner-loop unrolls allowed in side traces";
    callunroll: 3, 3, 0..=1000, "pseudo-recursive call unrolls allowed";
    recunroll: 2, 2, 0..=1000, "minimum unroll for true recursion";
    sizemcode: 65536, 262144, 4096..=268435456, "bytes of one machine-code area";
    maxmcode: 2097152, 8388608, 4096..=1073741824, "bytes of machine code in all areas; more flushes everything";
    penaltymax: 60000, 6000000, 72..=100000000, "penalty above which a start pc is blacklisted (PENALTY_MAX)";
}

/// What a trace-cache flush resets besides the traces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlushMode {
    /// LuaJIT: hot counters and blacklisting survive a flush.
    LuaJit,
    /// RaptorJIT: a flush also resets the hot counters and un-blacklists.
    RaptorJit,
}

/// A JIT parameter that could not be set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("JIT parameter {key}={value}: {reason}")]
pub struct JitParamError {
    /// The parameter.
    pub key: String,
    /// The value given.
    pub value: String,
    /// What is wrong.
    pub reason: String,
}

/// `123`, `64KB`, `2MB` (powers of 1024).
fn parse_size(s: &str) -> Option<u32> {
    let s = s.trim();
    let (num, mul) = if let Some(n) = s.strip_suffix("KB").or_else(|| s.strip_suffix("K")) {
        (n, 1024u64)
    } else if let Some(n) = s.strip_suffix("MB").or_else(|| s.strip_suffix("M")) {
        (n, 1024 * 1024)
    } else {
        (s, 1)
    };
    let v: u64 = num.trim().parse().ok()?;
    u32::try_from(v.checked_mul(mul)?).ok()
}

impl fmt::Display for FlushMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FlushMode::LuaJit => "luajit",
            FlushMode::RaptorJit => "raptorjit",
        })
    }
}

/// The table as `hotsim params` prints it.
pub fn render_params() -> String {
    let mut out =
        String::from("JIT parameters (--param NAME=VALUE; LuaJIT default / RaptorJIT default):\n");
    for (name, lj, rj, doc) in JitParams::TABLE {
        out.push_str(&format!("  {name:<11} {lj:>8} / {rj:<8} {doc}\n"));
    }
    out.push_str(
        "  flush         luajit / raptorjit what a flush resets (raptorjit: also hot counters and blacklisting)\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_parsing() {
        let mut p = JitParams::default();
        assert_eq!(p.hotexit, 10);
        assert_eq!(p.penaltymax, 60000);
        p.set("maxmcode", "512KB").unwrap();
        assert_eq!(p.maxmcode, 512 * 1024);
        p.set("flush", "raptorjit").unwrap();
        assert_eq!(p.flush, FlushMode::RaptorJit);
        assert!(p.set("hotexit", "0").is_err());
        assert!(p.set("hotexit", "x").is_err());
        assert!(p.set("nosuch", "1").is_err());
        assert!(JitParams::is_param("tryside"));
        assert!(!JitParams::is_param("hotloop"));
        assert_eq!(JitParams::raptorjit().maxtrace, 10000);
    }
}
