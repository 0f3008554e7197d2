//! Trace optimisations: folding and CSE as instructions are emitted ([`fold`]), loop
//! peeling with PHIs and invariant hoisting ([`loop_`]), dead-code elimination ([`dce`]).

pub mod dce;
pub mod fold;
pub mod loop_;
