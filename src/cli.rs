//! The command line, declared once with clap: help, completions and the man page come from here.

use crate::report::inventory::InventoryFormat;
use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  pass: the sources carry requirements
  1  blocked: news reports, no requirements, no sources or unreadable sources
  2  could not run: bad flags, DIR or DIR/INDEX.md missing, bad rules";

/// The command line of `intake-lint`.
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
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a seeds folder: INDEX.md and every source it links.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// List the requirement statements of the sources that carry requirements.
    #[command(
        after_help = "Exit codes:\n  0  statements listed\n  1  the sources carry none\n  2  could not run"
    )]
    Inventory(InventoryArgs),
    /// Score the judgement on labelled corpora (folders with labels.tsv), or cross-validate it.
    #[command(
        after_help = "Exit codes:\n  0  every threshold holds\n  1  a threshold fails\n  2  could not run"
    )]
    Eval(EvalArgs),
    /// Fit the model to labelled corpora and write it to a file.
    Train(TrainArgs),
    /// List the rules, or test their examples.
    Rules(RulesCommand),
    /// Print the effective configuration and where each value comes from.
    Config {
        /// Configuration file (default: intake.yaml or .intake.yaml here or in a parent).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Extra rule folders.
        #[command(flatten)]
        rules: RuleDirArgs,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[allow(missing_docs)] // a doc on its field would add to the help text
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the text a document is read as (what the rules see), each line with its origin.
    Text {
        /// The document: text, HTML, CSV, DOCX, ODT, XLSX, ODS or EPUB.
        file: PathBuf,
        /// Prefix each line with where it stands in the original (page, paragraph, cell...).
        #[arg(long)]
        origins: bool,
    },
    /// Print the man page (roff).
    Man,
    /// Print one rule's description and examples.
    Explain {
        /// Rule id, e.g. news.zh.dateline
        id: String,
        /// Extra rule folders.
        #[command(flatten)]
        rules: RuleDirArgs,
    },
}

/// `--rules DIR`, where a command reads rules.
#[derive(Debug, Args, Clone)]
pub struct RuleDirArgs {
    /// Add the rule files (*.yaml) of this folder to the built-in packs (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
}

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
// Variants without docs: clap would show them as value help and lengthen `--help`.
#[allow(missing_docs)]
pub enum EvalFormat {
    Human,
    Json,
}

/// When the human report uses colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
// Variants without docs: clap would show them as value help and lengthen `--help`.
#[allow(missing_docs)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `intake-lint check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The seeds folder, holding INDEX.md.
    #[arg(default_value = "seeds")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Extra rule folders.
    #[command(flatten)]
    pub rules: RuleDirArgs,
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
    /// Model file written by `intake-lint train` [default: the built-in model, or model in
    /// the config].
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Also write the report page (as `--format html` prints it) to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

/// `intake-lint inventory`.
#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// The seeds folder, holding INDEX.md.
    #[arg(default_value = "seeds")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InventoryFormat::Markdown)]
    pub format: InventoryFormat,
    /// Extra rule folders.
    #[command(flatten)]
    pub rules: RuleDirArgs,
    /// Largest source read, in bytes [default: 64 MiB, or max-source-bytes in the config].
    #[arg(long, value_name = "BYTES")]
    pub max_source_bytes: Option<u64>,
    /// Configuration file (default: intake.yaml or .intake.yaml here or in a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Model file written by `intake-lint train` [default: the built-in model, or model in
    /// the config].
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

/// How a model is fitted (by `train`, and by `eval --cv` in each fold).
#[derive(Debug, Args, Clone)]
pub struct FitArgs {
    /// The labels.tsv column that names each document's source; documents of one source are
    /// kept together [default: source_repo when every corpus has it, else none].
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
    /// Inverse strength of the L2 regularisation.
    #[arg(long = "regularisation-c", value_name = "C", default_value_t = 3.0)]
    pub c: f64,
    /// Least number of sources a word must occur in to be a feature [default: 5% of the
    /// sources, at least 2].
    #[arg(long, value_name = "N")]
    pub min_sources: Option<usize>,
}

/// `intake-lint eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folders with labels.tsv (columns file, label, lang) and the documents it names.
    #[arg(required = true, value_name = "CORPUS")]
    pub corpora: Vec<PathBuf>,
    /// Cross-validate: fit the model K times, each time without one fold of the documents
    /// (grouped by source), and judge each document by the model that did not see it.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u16).range(2..=50))]
    pub cv: Option<u16>,
    /// How the model is fitted in each fold.
    #[command(flatten)]
    pub fit: FitArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    pub format: EvalFormat,
    /// Extra rule folders.
    #[command(flatten)]
    pub rules: RuleDirArgs,
    /// Model to score [default: the built-in model, or model in the config].
    #[arg(long, value_name = "FILE", conflicts_with = "cv")]
    pub model: Option<PathBuf>,
    /// Least share of requirements documents that must pass.
    #[arg(long, default_value_t = 0.95)]
    pub min_requirements_pass: f64,
    /// Least share of news documents blocked with reason news-reports.
    #[arg(long, default_value_t = 0.95)]
    pub min_news_blocked: f64,
    /// Least share of other documents blocked.
    #[arg(long, default_value_t = 0.93)]
    pub min_other_blocked: f64,
    /// Least genre macro-F1, overall and per language.
    #[arg(long, default_value_t = 0.92)]
    pub min_macro_f1: f64,
    /// Most news documents that may pass.
    #[arg(long, default_value_t = 0)]
    pub max_news_passed: usize,
    /// Configuration file (default: intake.yaml or .intake.yaml here or in a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `intake-lint train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Folders with labels.tsv (columns file, label, lang, and a source column) and the
    /// documents it names.
    #[arg(required = true, value_name = "CORPUS")]
    pub corpora: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// How the model is fitted.
    #[command(flatten)]
    pub fit: FitArgs,
    /// Extra rule folders.
    #[command(flatten)]
    pub rules: RuleDirArgs,
    /// Configuration file (default: intake.yaml or .intake.yaml here or in a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `intake-lint rules`.
#[derive(Debug, Args)]
pub struct RulesCommand {
    /// `test`, or nothing to list the rules.
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    /// Print the rule reference as Markdown (what each rule finds, why, and its examples).
    #[arg(long)]
    pub markdown: bool,
    /// Extra rule folders.
    #[command(flatten)]
    pub rules: RuleDirArgs,
}

/// What `rules` does besides listing.
#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Run the examples of the built-in rules and of the rules in DIR.
    Test {
        /// A folder of rule files to test with the built-in packs.
        dir: Option<PathBuf>,
    },
}
