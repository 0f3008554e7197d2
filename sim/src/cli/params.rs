//! `hotsim params`: every parameter, printed from the tables the code uses.

use super::Outcome;
use hotsim_policies::registry;
use hotsim_vm::CostModel;

/// Arguments of `hotsim params`.
#[derive(Debug, clap::Args)]
pub struct ParamsArgs {
    /// Print the policies as Markdown (the text of docs/policies.md).
    #[arg(long)]
    markdown: bool,
}

pub fn run(args: ParamsArgs) -> anyhow::Result<Outcome> {
    if args.markdown {
        print!("{}", registry::render_markdown());
        return Ok(Outcome::Code(0));
    }
    print!("{}", registry::render_all());
    print!("{}", hotsim_vm::jit::render_params());
    println!("cost model (ns; override with --cost FILE.toml, see docs/cost-model.md)");
    for (name, default, doc) in CostModel::FIELDS {
        println!("  {name:<16} {default:<8} {doc}");
    }
    Ok(Outcome::Code(0))
}
