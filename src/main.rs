//! The `intake-lint` binary: parses the command line and maps the outcome to an exit code
//! (0 pass, 1 blocked, 2 could not run); everything else is the library.

use clap::Parser;
use intake_lint::{cli::Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Unlocked handles: worker threads (the progress bar) write to stderr during the run.
    let code = run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code as u8)
}
