//! `check DIR`: the gate, in the format asked for.

use super::config::{discover_config, model_of, rules_of};
use super::{is_broken_pipe, output_error, write_all, Exit};
use crate::check::{self, Finding};
use crate::cli::CheckArgs;
use crate::codes::{Code, Severity};
use crate::config::Level;
use crate::error::IntakeError;
use crate::report::{self, Format};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub(super) fn run(args: &CheckArgs, color: bool, out: &mut dyn Write) -> Result<Exit, IntakeError> {
    let exit = |outcome: &crate::check::Outcome| match outcome.verdict {
        crate::check::Verdict::Pass => Exit::Pass,
        crate::check::Verdict::Blocked => Exit::Blocked,
    };
    // The human report and the page show the lines of the evidence. The requirements the
    // page and JSON list are read again when they are written, not kept: held for every
    // source until the end of a large run, they would cost more memory than the run.
    let page = args.format == Format::Html || args.html.is_some();
    let detail = check::Detail {
        excerpts: args.format == Format::Human || page,
        weighed: args.format == Format::Human && args.verbose,
        statements: false,
    };
    let (outcome, rules) = outcome_of(&RunArgs::from(args), detail)?;
    if let Some(path) = &args.html {
        let page = report::html::render(&outcome, &rules);
        std::fs::write(path, page).map_err(|e| {
            output_error(std::io::Error::new(
                e.kind(),
                format!("`{}`: {e}", path.display()),
            ))
        })?;
    }
    let written = match args.format {
        Format::Json => report::json::write(&outcome, out).map_err(output_error),
        Format::Sarif => report::sarif::write(&outcome, &rules, out).map_err(output_error),
        Format::Github => write_all(out, &report::github::render(&outcome)),
        Format::Html => write_all(out, &report::html::render(&outcome, &rules)),
        Format::Human => write_all(
            out,
            &report::human::render(
                &outcome,
                report::human::Style {
                    color,
                    verbose: args.verbose,
                    quiet: args.quiet,
                },
            ),
        ),
    };
    let exit = exit(&outcome);
    drop_elsewhere((outcome, rules));
    match written {
        Err(e) if !is_broken_pipe(&e) => Err(e),
        _ => Ok(exit),
    }
}

/// What a run over a seeds folder is given, from `check` or `inventory`.
pub(super) struct RunArgs<'a> {
    pub dir: &'a Path,
    pub rules_dirs: &'a [PathBuf],
    pub config: Option<&'a Path>,
    pub model: Option<&'a Path>,
    pub max_source_bytes: Option<u64>,
    /// Nothing but the report is wanted (no progress bar).
    pub quiet: bool,
}

impl<'a> From<&'a CheckArgs> for RunArgs<'a> {
    fn from(args: &'a CheckArgs) -> Self {
        RunArgs {
            dir: &args.dir,
            rules_dirs: &args.rules.rules_dirs,
            config: args.config.as_deref(),
            model: args.model.as_deref(),
            max_source_bytes: args.max_source_bytes,
            quiet: args.quiet,
        }
    }
}

/// The outcome of checking `args.dir` with the configuration and flags of `args`, keeping
/// `detail`; with the deprecation notes of the configuration and the rules.
pub(super) fn outcome_of(
    args: &RunArgs<'_>,
    detail: check::Detail,
) -> Result<(check::Outcome, crate::engine::RuleSet), IntakeError> {
    let config = discover_config(args.config)?;
    let model = model_of(&config, args.model)?;
    let deprecations = config.deprecations(&model);
    let severity = config.file.severity.clone();
    let level = |l: Option<Level>| l.map_or(Some(Severity::Warning), |l| l.severity());
    let seconds = config.file.extraction_seconds;
    let opts = check::CheckOptions {
        model,
        weighing: config.weighing(),
        max_source_bytes: args
            .max_source_bytes
            .or(config.file.max_source_bytes)
            .unwrap_or(crate::input::open::DEFAULT_MAX_SOURCE_BYTES),
        extraction_time: std::time::Duration::from_secs(
            seconds.unwrap_or(crate::input::formats::DEFAULT_EXTRACTION_SECONDS),
        ),
        remote_severity: level(severity.remote_link),
        unlinked_severity: level(severity.unlinked_file),
        low_confidence_severity: level(severity.low_confidence),
        progress: !args.quiet && std::io::stderr().is_terminal(),
        detail,
    };
    // The rules compile while INDEX.md is read and its links followed.
    let (mut outcome, rules) =
        check::check_loading(args.dir, &opts, || rules_of(&config, args.rules_dirs))?;
    for note in deprecations {
        outcome
            .diagnostics
            .push(Finding::new(Code::ConfigDeprecated, note));
    }
    for (file, note) in rules.deprecated_keys() {
        outcome
            .diagnostics
            .push(Finding::new(Code::RulesDeprecatedKey, note).in_file(file));
    }
    Ok((outcome, rules))
}

/// Drops `value` on a thread of its own. Freeing the outcome of a large run (hundreds of
/// thousands of allocations) takes longer than the exit that follows it, which reclaims the
/// memory at once; a process that exits first simply cuts the thread short.
fn drop_elsewhere<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure (and the value with it) is dropped here.
    let _ = std::thread::Builder::new()
        .name("drop".to_owned())
        .spawn(move || drop(value));
}
