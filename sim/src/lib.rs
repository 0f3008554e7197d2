//! hotsim: a discrete-event simulator of JIT hotness policies.
//!
//! This crate is the `hotsim` command and what it runs beyond the VM. Its modules:
//! - [`engine`]: the discrete-event engine that runs a program workload under load
//!   (sources, rings, timers, exact and scaled modes) and measures it;
//! - [`experiment`]: experiment specs, parallel sweeps with resume and shards, the
//!   results files and their comparison;
//! - [`plot`]: the plots of a results folder (PNG and SVG), one table of kinds;
//! - [`luajit`]: one program's trace events under real LuaJIT (embedded: mlua, vendored)
//!   and under hotsim, and their agreement;
//! - [`fidelity`]: a folder of programs scored that way, and its report;
//! - [`record_luajit`]: a program's hot-point hits under real LuaJIT, as a recording;
//! - [`calibrate`]: the cost model measured on this machine with that LuaJIT;
//! - [`cli`]: the `hotsim` command line.
//!
//! The subcommands, each in `cli/` under its own name:
//!
//! | command | what it does | library |
//! |---|---|---|
//! | `exec` | run a Lua program on the virtual clock | `hotsim-vm` |
//! | `simulate` | run a workload under load, report | [`engine`] |
//! | `run`, `merge`, `verify` | sweep an experiment; combine shards; re-run and compare | [`experiment`] |
//! | `plot` | draw a results folder's plots | [`plot`] |
//! | `record` | record hits per site from a hotsim run | [`engine`] |
//! | `record-luajit` | record hits per site under real LuaJIT | [`record_luajit`] |
//! | `luajit` | compare one program's trace events with LuaJIT's | [`luajit`] |
//! | `fidelity` | score a folder of programs against LuaJIT | [`fidelity`] |
//! | `calibrate` | measure the cost model | [`calibrate`] |
//! | `params`, `list` | every parameter with its origin; bundled programs and policies | `hotsim-policies` |
//!
//! The VM is `hotsim-vm`, the policies `hotsim-policies`, the workloads
//! `hotsim-workloads`.

#![warn(missing_docs)]

pub mod calibrate;
pub mod cli;
pub mod engine;
pub mod experiment;
pub mod fidelity;
pub mod luajit;
pub mod plot;
pub mod record_luajit;
