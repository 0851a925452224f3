//! The subcommands, one file each: each parses nothing (clap did), runs its part of the
//! library and writes its report; `run` maps the outcome to an exit code.

mod check;
mod config;
mod eval;
mod inventory;
mod rule_reference;
mod rules;
mod text;

use crate::cli::{Cli, ColorChoice, Command, EvalFormat};
use crate::error::IntakeError;
use crate::report::{self, Format};
use std::io::{IsTerminal, Write};

/// How a run ended, mapped to the process exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The sources carry requirements.
    Pass = 0,
    /// The gate blocked (or `eval` missed a threshold, `rules test` an example).
    Blocked = 1,
    /// The run could not reach a verdict.
    Error = 2,
}

impl Exit {
    /// Pass when `holds`, else blocked (a threshold missed, an example failed).
    fn pass_if(holds: bool) -> Exit {
        if holds {
            Exit::Pass
        } else {
            Exit::Blocked
        }
    }
}

/// Runs a parsed command line, writing reports to `out` and errors to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let color = |choice: ColorChoice| match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let result = match &cli.command {
        Command::Check(args) => check::run(args, color(args.color), out),
        Command::Eval(args) => eval::run_eval(args, out, err),
        Command::Inventory(args) => inventory::run(args, out),
        Command::Train(args) => eval::run_train(args, out, err),
        Command::Rules(args) => rules::run_rules(args, out),
        Command::Explain { id, rules } => rules::run_explain(id, &rules.rules_dirs, out),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "intake-lint", out);
            Ok(Exit::Pass)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(out)
                .map_err(output_error)
                .map(|()| Exit::Pass)
        }
        Command::Text { file, origins } => text::run(file, *origins, out),
        Command::Config { config, rules } => {
            config::run(config.as_deref(), &rules.rules_dirs, out, err)
        }
    };
    match result {
        Ok(exit) => exit,
        Err(e) if is_broken_pipe(&e) => Exit::Pass,
        Err(e) => {
            let json = match &cli.command {
                Command::Check(a) => a.format == Format::Json,
                Command::Eval(a) => a.format == EvalFormat::Json,
                _ => false,
            };
            if json {
                let _ = out.write_all(report::json::render_error(&e).as_bytes());
            }
            let color = matches!(&cli.command, Command::Check(a) if color(a.color));
            let _ = err.write_all(report::human::render_diagnostic(&e, color).as_bytes());
            Exit::Error
        }
    }
}

pub(super) fn write_all(out: &mut dyn Write, text: &str) -> Result<(), IntakeError> {
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(output_error)
}

/// A reader that went away (`intake-lint check | head`) is not an error: the exit code still
/// carries the verdict.
pub(super) fn output_error(source: std::io::Error) -> IntakeError {
    IntakeError::Output(source)
}

pub(super) fn is_broken_pipe(e: &IntakeError) -> bool {
    matches!(e, IntakeError::Output(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}
