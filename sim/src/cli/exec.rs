//! `hotsim exec FILE.lua`: run a program on the virtual clock, as `luajit FILE.lua` would.

use super::Outcome;
use anyhow::{Context, bail};
use hotsim_policies::parse_duration;
use hotsim_vm::{ExecError, Vm, VmConfig};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `hotsim exec`.
#[derive(Debug, clap::Args)]
pub struct ExecArgs {
    /// The Lua program. Its path as given is the chunk name in messages.
    file: PathBuf,
    /// Arguments passed to the program in the `arg` table.
    #[arg(trailing_var_arg = true)]
    args: Vec<String>,
    /// Hotness policy (see `hotsim params`).
    #[arg(long, default_value = "cumulative")]
    policy: String,
    /// A policy or JIT parameter, KEY=VALUE (repeatable), e.g. --param hotloop=56,
    /// --param maxtrace=100 (see `hotsim params`).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,
    /// A cost-model TOML overriding the default costs.
    #[arg(long, value_name = "FILE")]
    cost: Option<PathBuf>,
    /// Print JIT events to stderr in LuaJIT's -jv style.
    #[arg(long)]
    jv: bool,
    /// Print the IR of every compiled trace to stderr (LuaJIT's -jdump, hotsim's IR).
    #[arg(long)]
    jdump: bool,
    /// Print run statistics as one JSON object to stderr at exit.
    #[arg(long)]
    stats: bool,
    /// Stop the program at this virtual time (e.g. 10s, 500ms).
    #[arg(long, value_name = "DUR")]
    max_virtual_time: Option<String>,
    /// Stop the program after this many bytecodes (an integer, or e.g. 1e9).
    #[arg(long, value_name = "N", value_parser = super::parse_count)]
    max_instructions: Option<u64>,
    /// The program's heap budget (e.g. 512MiB, 2GB); past it, allocation raises
    /// LuaJIT's "not enough memory", a Lua error. Default: 4GiB (see docs/workloads.md).
    #[arg(long, value_name = "SIZE", value_parser = hotsim_workloads::parse_bytes)]
    max_memory: Option<u64>,
    /// Seed of math.random and of the JIT's penalty randomisation.
    #[arg(long, default_value_t = super::DEFAULT_SEED)]
    seed: u64,
}

pub fn run(a: ExecArgs) -> anyhow::Result<Outcome> {
    let policy = super::build_policy(&a.policy, &a.params)?;
    let jit = super::jit_params(&a.params)?;
    let cost = super::load_cost(a.cost.as_deref())?;
    let max_virtual_time = match &a.max_virtual_time {
        Some(t) => Some(parse_duration(t).context("--max-virtual-time")?),
        None => None,
    };
    let chunk = a.file.display().to_string();
    let source = std::fs::read(&a.file).with_context(|| format!("cannot open {chunk}"))?;
    if a.max_instructions == Some(0) {
        bail!("--max-instructions must be at least 1");
    }
    let mut script_args = vec![chunk.clone()];
    script_args.extend(a.args.iter().cloned());
    let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let mut vm = Vm::new(VmConfig {
        policy,
        cost,
        stdout: Box::new(stdout),
        jv: a.jv.then(|| Box::new(std::io::stderr()) as Box<dyn Write>),
        jdump: a
            .jdump
            .then(|| Box::new(std::io::stderr()) as Box<dyn Write>),
        max_instructions: a.max_instructions,
        max_virtual_time,
        max_memory: a.max_memory.unwrap_or(hotsim_vm::DEFAULT_MAX_MEMORY),
        seed: a.seed,
        script_args,
        script_dir: a.file.parent().map(|p| p.to_path_buf()),
        hit_log_bucket: None,
        jit,
    });
    let result = vm.run_script(&source, &chunk);
    vm.flush_output();
    if a.stats {
        eprintln!("{}", serde_json::to_string(&vm.stats())?);
    }
    let code = match result {
        Ok(_) => 0,
        Err(ExecError::Exit(c)) => c.clamp(0, 255) as u8,
        Err(e) => {
            eprintln!("hotsim: {e}");
            1
        }
    };
    Ok(Outcome::Code(code))
}
