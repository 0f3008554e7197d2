//! The machine-code memory model (LuaJIT's `lj_mcode.c`): areas of `sizemcode` bytes up
//! to `maxmcode` in all, each trace's code placed in the current area, and the page
//! protection changes that writing code costs.
//!
//! hotsim does not generate machine code; a trace's size is modelled from its IR
//! ([`trace_bytes`]), which is what decides when areas and the whole budget run out.

/// Modelled bytes of machine code per IR instruction (x86-64 LuaJIT traces average
/// roughly this).
pub const BYTES_PER_INS: u32 = 16;
/// Modelled bytes per snapshot (its exit stub).
pub const BYTES_PER_EXIT: u32 = 8;
/// Modelled fixed bytes per trace (entry, loop and link code).
pub const BYTES_PER_TRACE: u32 = 64;

/// The modelled size of a trace's machine code.
pub fn trace_bytes(nins: usize, nsnaps: usize) -> u32 {
    BYTES_PER_TRACE + BYTES_PER_INS * nins as u32 + BYTES_PER_EXIT * nsnaps as u32
}

/// Machine-code areas in use.
#[derive(Clone, Debug, Default)]
pub struct Mcode {
    /// Number of the current area (counting from 1; 0: none yet).
    pub area: u32,
    /// Bytes used in the current area.
    pub used: u32,
    /// Bytes of all areas allocated so far.
    pub total: u64,
}

/// The machine-code budget is exhausted: flush everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct McodeFull;

impl Mcode {
    /// Place `bytes` of code; returns the area it went into.
    pub fn alloc(&mut self, bytes: u32, sizemcode: u32, maxmcode: u32) -> Result<u32, McodeFull> {
        if bytes > sizemcode {
            return Err(McodeFull);
        }
        if self.area == 0 || self.used + bytes > sizemcode {
            if self.total + u64::from(sizemcode) > u64::from(maxmcode) {
                return Err(McodeFull);
            }
            self.area += 1;
            self.used = 0;
            self.total += u64::from(sizemcode);
        }
        self.used += bytes;
        Ok(self.area)
    }

    /// Free everything (a flush).
    pub fn reset(&mut self) {
        *self = Mcode::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_fill_then_the_budget_runs_out() {
        let mut m = Mcode::default();
        assert_eq!(m.alloc(3000, 4096, 8192), Ok(1));
        assert_eq!(m.alloc(1000, 4096, 8192), Ok(1));
        assert_eq!(m.alloc(1000, 4096, 8192), Ok(2));
        assert_eq!(m.alloc(4000, 4096, 8192), Err(McodeFull));
    }
}
