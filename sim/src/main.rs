//! The `hotsim` command. Exit codes: 0 success; 1 the run failed (the Lua program's
//! error, a failed cell, differences found); 2 hotsim could not run it (usage, inputs,
//! I/O). A Lua program's own `os.exit(n)` exits with `n`. `hotsim --help` says it in full.

use std::process::ExitCode;

fn main() -> ExitCode {
    hotsim::cli::main()
}
