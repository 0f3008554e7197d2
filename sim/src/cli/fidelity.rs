//! `hotsim fidelity DIR`: the fidelity corpus under LuaJIT and hotsim, written up as a
//! report (see [`crate::fidelity`]).

use super::Outcome;
use crate::fidelity::{self, Corpus};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `hotsim fidelity`.
#[derive(Debug, clap::Args)]
pub struct FidelityArgs {
    /// The corpus folder: its `*.lua` programs, and `causes.toml` explaining known
    /// differences.
    dir: PathBuf,
    /// Where to write report.md, report.csv and summary.toml.
    #[arg(long, value_name = "DIR", default_value = "results/fidelity")]
    out: PathBuf,
}

pub fn run(a: FidelityArgs) -> anyhow::Result<Outcome> {
    let causes = fidelity::read_causes(&a.dir)?;
    let progress = |name: &str| eprintln!("fidelity: {name}");
    let c = Corpus::run(&a.dir, &progress)?;
    std::fs::create_dir_all(&a.out)
        .with_context(|| format!("cannot create {}", a.out.display()))?;
    let shown = a.dir.display().to_string();
    for (name, text) in [
        ("report.md", c.markdown(&shown, &causes)),
        ("report.csv", c.csv()),
        ("summary.toml", c.summary_toml()),
    ] {
        let path = a.out.join(name);
        hotsim_workloads::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let o = c.overall(false);
    println!(
        "{} programs: root traces {:.1}% of LuaJIT's {}, side traces {:.1}% of {}, aborts {:.1}% of {}, same output {}/{}; report in {}",
        o.programs,
        100.0 * o.roots.of_luajit(),
        o.roots.luajit,
        100.0 * o.sides.of_luajit(),
        o.sides.luajit,
        100.0 * o.aborts.of_luajit(),
        o.aborts.luajit,
        o.same_output,
        o.programs,
        a.out.display()
    );
    Ok(Outcome::Code(0))
}
