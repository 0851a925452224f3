//! The command line, declared once with clap: help, completions and the man page come from here.

use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  pass: the sources carry requirements
  1  blocked: news reports, no requirements, no sources or unreadable sources
  2  could not run: bad flags, DIR or DIR/INDEX.md missing, bad rules";

#[derive(Debug, Parser)]
#[command(
    name = "intake-lint",
    version,
    about = "Gate a project's seed documents: pass requirements, block news reports",
    long_about = "Reads seeds/INDEX.md and every file it links, decides per source and section \
                  whether they carry requirements (a spec, a PRD, user stories, normative \
                  statements) or are news reports, and blocks the pipeline with the evidence \
                  when they carry no requirements.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a seeds folder: INDEX.md and every source it links.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Score the judgement on a labelled corpus (a folder with labels.tsv).
    #[command(
        after_help = "Exit codes:\n  0  every threshold holds\n  1  a threshold fails\n  2  could not run"
    )]
    Eval(EvalArgs),
    /// List the rules, or test their examples.
    Rules(RulesArgs),
    /// Print the effective configuration and where each value comes from.
    Config {
        /// Configuration file (default: intake.yaml or .intake.yaml here or in a parent).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Print one rule's description and examples.
    Explain {
        /// Rule id, e.g. news.zh.dateline
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(Debug, Args, Clone)]
pub struct RuleArgs {
    /// Add the rule files (*.yaml) of this folder to the built-in packs (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
}

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The seeds folder, holding INDEX.md.
    #[arg(default_value = "seeds")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Colour in the human report (NO_COLOR is honoured with auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print the verdict line only.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print per-section scores and advice.
    #[arg(short, long)]
    pub verbose: bool,
    /// Largest source read, in bytes [default: 64 MiB, or max-source-bytes in the config; at
    /// most 4 GiB].
    #[arg(long, value_name = "BYTES")]
    pub max_source_bytes: Option<u64>,
    /// Configuration file (default: intake.yaml or .intake.yaml here or in a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder with labels.tsv (columns file, label, lang) and the documents it names.
    pub corpus: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    pub format: EvalFormat,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Least share of requirements documents that must pass.
    #[arg(long, default_value_t = 0.98)]
    pub min_requirements_pass: f64,
    /// Least share of news documents blocked with reason news-reports.
    #[arg(long, default_value_t = 1.0)]
    pub min_news_blocked: f64,
    /// Least share of other documents blocked.
    #[arg(long, default_value_t = 0.90)]
    pub min_other_blocked: f64,
    /// Least genre macro-F1, overall and per language.
    #[arg(long, default_value_t = 0.95)]
    pub min_macro_f1: f64,
    /// Configuration file (default: intake.yaml or .intake.yaml here or in a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Run the examples of the built-in rules and of the rules in DIR.
    Test {
        /// A folder of rule files to test with the built-in packs.
        dir: Option<PathBuf>,
    },
}
