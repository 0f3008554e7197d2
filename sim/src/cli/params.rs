//! `hotsim params`: every parameter, printed from the tables the code uses.

use super::Outcome;
use hotsim_policies::registry;
use hotsim_vm::CostModel;

pub fn run() -> anyhow::Result<Outcome> {
    print!("{}", registry::render_all());
    println!("cost model (ns; override with --cost FILE.toml, see docs/cost-model.md)");
    for (name, default, doc) in CostModel::FIELDS {
        println!("  {name:<16} {default:<8} {doc}");
    }
    Ok(Outcome::Code(0))
}
