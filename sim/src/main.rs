//! The `hotsim` command. Exit codes: 0 success, 1 the program or run failed, 2 usage or
//! I/O error (a Lua program's own `os.exit(n)` exits with `n`).

use std::process::ExitCode;

fn main() -> ExitCode {
    hotsim::cli::main()
}
