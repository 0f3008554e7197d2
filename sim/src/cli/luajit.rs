//! `hotsim luajit PROG.lua`: the same program's trace events under real LuaJIT and under
//! hotsim, side by side, with agreement scores (see [`crate::luajit`]).

use super::Outcome;
use crate::luajit::{self, Agreement, JvEvent};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `hotsim luajit`.
#[derive(Debug, clap::Args)]
pub struct LuajitArgs {
    /// The Lua program.
    file: PathBuf,
    /// A JIT or counter parameter for both systems, KEY=VALUE (repeatable): hotloop,
    /// hotexit, maxtrace, ... (LuaJIT's -O names).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,
    /// Print everything as JSON instead.
    #[arg(long)]
    json: bool,
    /// Arguments passed to the program in `arg` and `...`, after `--`.
    #[arg(last = true)]
    args: Vec<String>,
}

/// LuaJIT options hotsim also has (the rest are hotsim's own, such as `counters`).
const LUAJIT_OPTS: &[&str] = &[
    "hotloop",
    "hotexit",
    "maxtrace",
    "maxrecord",
    "maxside",
    "maxsnap",
    "tryside",
    "instunroll",
    "loopunroll",
    "callunroll",
    "recunroll",
    "sizemcode",
    "maxmcode",
];

pub fn run(a: LuajitArgs) -> anyhow::Result<Outcome> {
    let mut params = Vec::new();
    for kv in &a.params {
        let (k, v) = kv
            .split_once('=')
            .with_context(|| format!("--param {kv}: expected KEY=VALUE"))?;
        params.push((k.trim().to_string(), v.trim().to_string()));
    }
    let lj_opts: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| LUAJIT_OPTS.contains(&k.as_str()))
        .map(|(k, v)| {
            // LuaJIT takes sizes in KB.
            let v = if k == "sizemcode" || k == "maxmcode" {
                let mut p = hotsim_vm::JitParams::default();
                let _ = p.set(k, v);
                (if k == "sizemcode" {
                    p.sizemcode
                } else {
                    p.maxmcode
                } / 1024)
                    .to_string()
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect();
    let lj = luajit::run_luajit(&a.file, &a.args, &lj_opts)?;
    let hashed = luajit::run_hotsim(&a.file, &a.args, &params)?;
    let mut exact_params = params.clone();
    exact_params.retain(|(k, _)| k != "counters");
    exact_params.push(("counters".into(), "exact".into()));
    let exact = luajit::run_hotsim(&a.file, &a.args, &exact_params)?;
    let (ah, ae) = (
        luajit::agreement(&lj, &hashed),
        luajit::agreement(&lj, &exact),
    );
    if a.json {
        let v = serde_json::json!({
            "program": a.file.display().to_string(),
            "luajit": lj,
            "hotsim_hashed": hashed,
            "hotsim_exact": exact,
            "agreement_hashed": ah,
            "agreement_exact": ae,
        });
        emit(&(serde_json::to_string_pretty(&v)? + "\n"))?;
        return Ok(Outcome::Code(0));
    }
    let mut out = String::new();
    let lines = |ev: &[JvEvent]| ev.iter().map(JvEvent::jv).collect::<Vec<_>>();
    let (l, h) = (lines(&lj.events), lines(&hashed.events));
    let width = l.iter().map(String::len).max().unwrap_or(0).max(8);
    let head = "luajit -jv";
    out += &format!("{head:<width$}   hotsim --jv (cumulative, hashed counters)\n");
    for i in 0..l.len().max(h.len()) {
        let a = l.get(i).map_or("", String::as_str);
        let b = h.get(i).map_or("", String::as_str);
        let mark = if a == b { ' ' } else { '|' };
        out += &format!("{a:<width$} {mark} {b}\n");
    }
    out.push('\n');
    out += &agreement_text("hashed counters (LuaJIT's 64 slots)", &ah);
    out += &agreement_text("exact counters (one per site)", &ae);
    let better = if total(&ae) > total(&ah) {
        "exact"
    } else {
        "hashed"
    };
    out += &format!("closer to LuaJIT: {better} counters\n");
    emit(&out)?;
    Ok(Outcome::Code(0))
}

fn total(a: &Agreement) -> f64 {
    a.roots.of_luajit
        + a.roots.of_hotsim
        + a.sides.of_luajit
        + a.sides.of_hotsim
        + a.aborts.of_luajit
        + a.aborts.of_hotsim
}

/// Write to stdout; a reader that went away (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn agreement_text(what: &str, a: &Agreement) -> String {
    let mut out = format!("agreement, {what}:\n");
    for (name, s) in [
        ("root traces", &a.roots),
        ("side traces", &a.sides),
        ("aborts", &a.aborts),
    ] {
        out += &format!(
            "  {name:<12} luajit {:>4}  hotsim {:>4}  of luajit's {:>5.1}%  of hotsim's {:>5.1}%\n",
            s.luajit,
            s.hotsim,
            100.0 * s.of_luajit,
            100.0 * s.of_hotsim
        );
    }
    let yn = |b: bool| if b { "yes" } else { "no" };
    out += &format!(
        "  same trace count {}  same output {}\n",
        yn(a.same_trace_count),
        yn(a.same_output)
    );
    out
}
