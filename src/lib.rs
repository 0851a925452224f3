//! intake-lint: a gate that reads a project's seed documents and blocks the pipeline when they
//! carry no requirements, above all when they are news reports.
//!
//! The pipeline, one module per step: `index` (links of INDEX.md) -> `sources` (confine, read,
//! decode) -> `sections` (split) -> `scan` (match rules) -> `judge` (weigh evidence) ->
//! `verdict` (decide) -> `report` (human / json / sarif / github). `check` runs it; `eval`
//! scores it.
//!
//! Judging one text with the built-in rules and model:
//!
//! ```
//! use intake_lint::judge::judge_text;
//! use intake_lint::model::{Model, Scorer};
//! use intake_lint::rules::{load_ruleset, Genre};
//!
//! let rules = load_ruleset(&[] as &[std::path::PathBuf]).expect("built-in rules load");
//! let scorer = Scorer::new(Model::builtin(), &rules);
//! let page = "本报南京3月9日讯（记者 张三 通讯员 李四）6日，评选结果揭晓。\n（本报记者 张三）\n";
//! assert_eq!(judge_text(&rules, &scorer, page).genre, Genre::News);
//!
//! let spec = "## 功能需求\n\n- FR-001 系统应支持用户按地址查询车位。\n- FR-002 系统应在5秒内刷新。\n";
//! assert_eq!(judge_text(&rules, &scorer, spec).genre, Genre::Requirements);
//! ```

pub mod check;
pub mod cli;
pub mod codes;
pub mod config;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod evidence;
pub mod excerpt;
pub mod index;
pub mod judge;
pub mod lang;
pub mod model;
pub mod outcome;
pub mod position;
pub mod progress;
pub mod report;
pub mod rules;
pub mod scan;
pub mod sections;
pub mod sources;
pub mod train;
pub mod verdict;

use cli::{
    CheckArgs, Cli, ColorChoice, Command, EvalArgs, EvalFormat, FitArgs, RulesAction, RulesArgs,
    TrainArgs,
};
use error::IntakeError;
use report::Format;
use std::io::{IsTerminal, Write};

/// How a run ended, mapped to the process exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Pass = 0,
    Blocked = 1,
    Error = 2,
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
        Command::Check(args) => run_check(args, color(args.color), out),
        Command::Eval(args) => run_eval(args, out, err),
        Command::Train(args) => run_train(args, out, err),
        Command::Rules(args) => run_rules(args, out),
        Command::Explain { id, rules } => run_explain(id, &rules.rules_dirs, out),
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
        Command::Config { config, rules } => configured_rules(config.as_deref(), &rules.rules_dirs)
            .and_then(|(config, rules)| write_all(out, &config.describe(&rules)))
            .map(|()| Exit::Pass),
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

/// The configuration and the rules it selects (config folders first, then `--rules`).
fn configured_rules(
    config_path: Option<&std::path::Path>,
    extra: &[std::path::PathBuf],
) -> Result<(config::Config, rules::RuleSet), IntakeError> {
    let config = discover_config(config_path)?;
    let rules = rules_of(&config, extra)?;
    Ok((config, rules))
}

/// The configuration file in force (`--config`, or found from the working folder up).
fn discover_config(config_path: Option<&std::path::Path>) -> Result<config::Config, IntakeError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    config::Config::discover(config_path, &cwd)
}

/// The rules `config` selects, with the packs of `extra` (config folders first).
fn rules_of(
    config: &config::Config,
    extra: &[std::path::PathBuf],
) -> Result<rules::RuleSet, IntakeError> {
    let mut dirs = config.rule_dirs();
    dirs.extend(extra.iter().cloned());
    let mut rules = rules::load_ruleset(&dirs)?;
    config.apply_to_rules(&mut rules)?;
    Ok(rules)
}

fn run_check(args: &CheckArgs, color: bool, out: &mut dyn Write) -> Result<Exit, IntakeError> {
    let exit = |outcome: &outcome::Outcome| match outcome.verdict {
        verdict::Verdict::Pass => Exit::Pass,
        verdict::Verdict::Blocked => Exit::Blocked,
    };
    let config = discover_config(args.config.as_deref())?;
    let model = model_of(&config, args.model.as_deref())?;
    let deprecations = config.deprecations(&model);
    let severity = config.file.severity.clone();
    let level =
        |l: Option<config::Level>| l.map_or(Some(codes::Severity::Warning), |l| l.severity());
    let opts = check::CheckOptions {
        model,
        weighing: config.weighing(),
        max_source_bytes: args
            .max_source_bytes
            .or(config.file.max_source_bytes)
            .unwrap_or(sources::DEFAULT_MAX_SOURCE_BYTES),
        remote_severity: level(severity.remote_link),
        unlinked_severity: level(severity.unlinked_file),
        low_confidence_severity: level(severity.low_confidence),
        progress: !args.quiet && std::io::stderr().is_terminal(),
        // Only the human report shows the lines of the evidence.
        detail: check::Detail {
            excerpts: args.format == Format::Human,
            weighed: args.format == Format::Human && args.verbose,
        },
    };
    // The rules compile while INDEX.md is read and its links followed.
    let (mut outcome, rules) = check::check_loading(&args.dir, &opts, || {
        rules_of(&config, &args.rules.rules_dirs)
    })?;
    for note in deprecations {
        outcome
            .diagnostics
            .push(outcome::Finding::new(codes::Code::ConfigDeprecated, note));
    }
    let written = match args.format {
        Format::Json => report::json::write(&outcome, out).map_err(output_error),
        Format::Sarif => report::sarif::write(&outcome, &rules, out).map_err(output_error),
        Format::Github => write_all(out, &report::github::render(&outcome)),
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

/// Drops `value` on a thread of its own. Freeing the outcome of a large run (hundreds of
/// thousands of allocations) takes longer than the exit that follows it, which reclaims the
/// memory at once; a process that exits first simply cuts the thread short.
fn drop_elsewhere<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure (and the value with it) is dropped here.
    let _ = std::thread::Builder::new()
        .name("drop".to_owned())
        .spawn(move || drop(value));
}

/// The model in force: `--model`, else the configuration's `model`, else the built-in one.
fn model_of(
    config: &config::Config,
    explicit: Option<&std::path::Path>,
) -> Result<std::sync::Arc<model::Model>, IntakeError> {
    match explicit
        .map(std::path::Path::to_path_buf)
        .or_else(|| config.model_path())
    {
        Some(path) => Ok(std::sync::Arc::new(model::Model::load(&path)?)),
        None => Ok(model::Model::builtin_shared()),
    }
}

/// How to fit, from the command line: the source column defaults to `source_repo` when every
/// corpus has it.
fn train_options(
    fit: &FitArgs,
    corpora: &[std::path::PathBuf],
) -> (model::TrainOptions, Option<String>) {
    let group_by = fit
        .group_by
        .clone()
        .or_else(|| corpus::common_column(corpora, "source_repo"));
    let options = model::TrainOptions {
        c: fit.c,
        min_sources: fit.min_sources,
        ..model::TrainOptions::default()
    };
    (options, group_by)
}

fn run_eval(
    args: &EvalArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit, IntakeError> {
    let (config, rules) = configured_rules(args.config.as_deref(), &args.rules.rules_dirs)?;
    let thresholds = eval::Thresholds {
        requirements_pass: args.min_requirements_pass,
        news_blocked: args.min_news_blocked,
        other_blocked: args.min_other_blocked,
        macro_f1: args.min_macro_f1,
        max_news_passed: args.max_news_passed,
    };
    let report = match args.cv {
        Some(k) => {
            let (train, group_by) = train_options(&args.fit, &args.corpora);
            let cv = eval::CrossValidation {
                folds: usize::from(k),
                group_by,
                train,
            };
            eval::cross_validate(&args.corpora, &rules, &config.weighing(), &cv, thresholds)?
        }
        None => {
            let model = model_of(&config, args.model.as_deref())?;
            for note in config.deprecations(&model) {
                let _ = writeln!(err, "warning: {note}");
            }
            let method = match args
                .model
                .as_deref()
                .map(std::path::Path::to_path_buf)
                .or_else(|| config.model_path())
            {
                Some(p) => format!("model {}", p.display()),
                None => format!("model {} (built in)", model::MODEL_FILE.0),
            };
            eval::eval(
                &args.corpora,
                &rules,
                &model,
                &config.weighing(),
                thresholds,
                method,
            )?
        }
    };
    let text = match args.format {
        EvalFormat::Human => eval::render_human(&report),
        EvalFormat::Json => eval::render_json(&report),
    };
    write_all(out, &text)?;
    Ok(if report.passes() {
        Exit::Pass
    } else {
        Exit::Blocked
    })
}

fn run_train(
    args: &TrainArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit, IntakeError> {
    let (config, rules) = configured_rules(args.config.as_deref(), &args.rules.rules_dirs)?;
    let mut dirs = config.rule_dirs();
    dirs.extend(args.rules.rules_dirs.iter().cloned());
    let rule_files = rules::rule_sources(&dirs)?;
    let (mut options, group_by) = train_options(&args.fit, &args.corpora);
    let started = std::time::Instant::now();
    let trained = train::train(
        &args.corpora,
        &rules,
        &rule_files,
        group_by.as_deref(),
        &mut options,
    )?;
    std::fs::write(&args.output, trained.model.to_text()).map_err(|source| IntakeError::Io {
        path: args.output.clone(),
        source,
    })?;
    let _ = writeln!(
        err,
        "trained on {} documents from {} sources in {:.1} s",
        trained.documents,
        trained.sources,
        started.elapsed().as_secs_f64()
    );
    write_all(
        out,
        &format!(
            "wrote {} ({} features, fingerprint {})\n",
            args.output.display(),
            trained.model.feature_count(),
            trained.fingerprint
        ),
    )?;
    Ok(Exit::Pass)
}

fn run_rules(args: &RulesArgs, out: &mut dyn Write) -> Result<Exit, IntakeError> {
    match &args.action {
        None => {
            let rules = rules::load_ruleset(&args.rules.rules_dirs)?;
            let mut text = String::new();
            for r in &rules.rules {
                let langs: Vec<&str> = r.languages.iter().map(|l| l.as_str()).collect();
                text.push_str(&format!(
                    "{:<40} {:<12} {:<6} {:>4}  {}\n",
                    r.id,
                    r.genre.as_str(),
                    langs.join(","),
                    r.weight,
                    r.title
                ));
            }
            write_all(out, &text)?;
            Ok(Exit::Pass)
        }
        Some(RulesAction::Test { dir }) => {
            let mut dirs = args.rules.rules_dirs.clone();
            dirs.extend(dir.clone());
            let rules = rules::load_ruleset(&dirs)?;
            let failures = rules::test_examples(&rules);
            let mut text = String::new();
            for f in &failures {
                text.push_str(&format!("{f}\n"));
            }
            let examples: usize = rules
                .rules
                .iter()
                .map(|r| r.examples_match.len() + r.examples_no_match.len())
                .sum();
            text.push_str(&format!(
                "{} rules, {} examples: {} passed, {} failed\n",
                rules.rules.len(),
                examples,
                examples - failures.len(),
                failures.len()
            ));
            write_all(out, &text)?;
            Ok(if failures.is_empty() {
                Exit::Pass
            } else {
                Exit::Blocked
            })
        }
    }
}

fn run_explain(
    id: &str,
    dirs: &[std::path::PathBuf],
    out: &mut dyn Write,
) -> Result<Exit, IntakeError> {
    let model = model::Model::builtin();
    // A feature of the model by name: a layout statistic or a word.
    if id.starts_with("style:") || id.starts_with("word:") || id.starts_with("heading:") {
        let weights = model
            .weights_of(id)
            .ok_or_else(|| IntakeError::UnknownRule(id.to_owned()))?;
        let text = format!(
            "{id}: a feature of the built-in model ({})\n\nlearned weights, above the mean of the three genres:\n{}",
            model::MODEL_FILE.0,
            learned(weights)
        );
        write_all(out, &text)?;
        return Ok(Exit::Pass);
    }
    let rules = rules::load_ruleset(dirs)?;
    let r = rules
        .find(id.strip_prefix("rule:").unwrap_or(id))
        .ok_or_else(|| IntakeError::UnknownRule(id.to_owned()))?;
    let langs: Vec<&str> = r.languages.iter().map(|l| l.as_str()).collect();
    let mut text = format!(
        "{}: {}\n\ngenre: {}   languages: {}   weight: {}   scope: {}\ndefined in {}:{}\n\n{}\n",
        r.id,
        r.title,
        r.genre,
        langs.join(", "),
        r.weight,
        r.scope.as_str(),
        r.file,
        r.line,
        r.description.trim()
    );
    text.push_str("\nmatches:\n");
    for e in &r.examples_match {
        text.push_str(&format!("  + {e}\n"));
    }
    text.push_str("does not match:\n");
    for e in &r.examples_no_match {
        text.push_str(&format!("  - {e}\n"));
    }
    match model.weights_of(&format!("rule:{}", r.id)) {
        Some(weights) => text.push_str(&format!(
            "\nlearned weights in the built-in model, per ln(1 + matches), above the mean of the \
             three genres:\n{}",
            learned(weights)
        )),
        None => text.push_str(&format!(
            "\nthe built-in model has no weight for it: it adds {} x {} x (1 + ln n) to {}\n",
            model::UNTRAINED_RULE_SCALE,
            r.weight,
            r.genre
        )),
    }
    write_all(out, &text)?;
    Ok(Exit::Pass)
}

/// `  requirements +0.123` lines of a feature's weights, relative to their mean.
fn learned(weights: [f64; 3]) -> String {
    let mean = weights.iter().sum::<f64>() / 3.0;
    rules::Genre::ALL
        .iter()
        .map(|g| format!("  {:<13} {:+.3}\n", g.as_str(), weights[g.index()] - mean))
        .collect()
}

fn write_all(out: &mut dyn Write, text: &str) -> Result<(), IntakeError> {
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(output_error)
}

/// A reader that went away (`intake-lint check | head`) is not an error: the exit code still
/// carries the verdict.
fn output_error(source: std::io::Error) -> IntakeError {
    IntakeError::Output(source)
}

fn is_broken_pipe(e: &IntakeError) -> bool {
    matches!(e, IntakeError::Output(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}
