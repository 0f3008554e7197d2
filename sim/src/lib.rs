//! hotsim: a discrete-event simulator of JIT hotness policies.
//!
//! This crate is the command-line tool and, as it grows, the engine that runs workloads
//! under load. Its parts:
//! - [`engine`]: the discrete-event engine that runs a program workload under load;
//! - [`experiment`]: experiment specs, parallel sweeps with resume and shards, results;
//! - [`plot`]: plots of a results folder (PNG and SVG);
//! - [`luajit`]: real LuaJIT embedded (mlua, vendored), the reference hotsim measures
//!   itself against;
//! - [`fidelity`]: trace events under that LuaJIT and under hotsim, and their agreement;
//! - [`corpus`]: a folder of programs scored that way, and its report;
//! - [`calibrate`]: the cost model measured on this machine with that LuaJIT;
//! - [`cli`]: the `hotsim` command (`exec`, `simulate`, `params`, `list`).
//!
//! The VM is `hotsim-vm`, the policies `hotsim-policies`, the workloads
//! `hotsim-workloads`.

#![warn(missing_docs)]

pub mod calibrate;
pub mod cli;
pub mod corpus;
pub mod engine;
pub mod experiment;
pub mod fidelity;
pub mod luajit;
pub mod plot;
