//! `check DIR`, top to bottom: find sources (INDEX.md links, walk DIR), read and decode, judge
//! each one (split, match, weigh), decide the verdict. Reports render the `Outcome`.

mod outcome;
mod plan;
mod progress;
mod reread;
mod run;
mod source;
mod verdict;

pub use crate::input::formats::{Origin, SourceFormat};
pub use crate::inventory::{Kind as StatementKind, Modality, Statement};
pub(crate) use outcome::plural;
pub use outcome::{Evidence, Excerpt, Finding, Outcome, SourceReport, Weighed};
pub(crate) use plan::plan;
pub(crate) use reread::may_list;
pub use reread::SourceFiles;
pub(crate) use run::judge_sources;
pub use source::{judge_source, Detail};
pub(crate) use verdict::{decide, Counted};
pub use verdict::{Reason, Verdict};

use crate::codes::Severity;
use crate::engine::RuleSet;
use crate::error::IntakeError;
use crate::judge::Weighing;
use crate::model::Model;
use std::path::Path;

/// Settings of a check run.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The model that makes the calls.
    pub model: std::sync::Arc<Model>,
    /// Settings of the judgement (the low-confidence threshold).
    pub weighing: Weighing,
    /// Largest source read, in bytes; a larger one is unreadable.
    pub max_source_bytes: u64,
    /// Time one source's text may take to be taken out of its format.
    pub extraction_time: std::time::Duration,
    /// Severity of links to remote documents (None: not reported).
    pub remote_severity: Option<Severity>,
    /// Severity of files in DIR that INDEX.md does not link (None: not reported).
    pub unlinked_severity: Option<Severity>,
    /// Severity of low-confidence calls (None: not reported).
    pub low_confidence_severity: Option<Severity>,
    /// Show a progress bar on stderr once a run takes over a second.
    pub progress: bool,
    /// What to keep of each source beyond its call and evidence.
    pub detail: Detail,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            model: Model::builtin_shared(),
            weighing: Weighing::default(),
            max_source_bytes: crate::input::open::DEFAULT_MAX_SOURCE_BYTES,
            extraction_time: std::time::Duration::from_secs(
                crate::input::formats::DEFAULT_EXTRACTION_SECONDS,
            ),
            remote_severity: Some(Severity::Warning),
            unlinked_severity: Some(Severity::Warning),
            low_confidence_severity: Some(Severity::Warning),
            progress: false,
            detail: Detail {
                excerpts: true,
                weighed: false,
                statements: false,
            },
        }
    }
}

/// How a path is shown: as reached from the DIR argument, with forward slashes.
fn shown(dir: &Path, rel: &Path) -> String {
    dir.join(rel).to_string_lossy().replace('\\', "/")
}

/// Checks the sources of `dir` with `rules`.
pub fn check(dir: &Path, rules: &RuleSet, opts: &CheckOptions) -> Result<Outcome, IntakeError> {
    Ok(judge_sources(plan(dir, opts)?, rules, opts))
}

/// `check`, with the rules loaded by `load` while INDEX.md is read and its links followed
/// (the two do not wait for each other). A problem with the rules is reported before one with
/// the folder, as when they are loaded first.
pub fn check_loading(
    dir: &Path,
    opts: &CheckOptions,
    load: impl FnOnce() -> Result<RuleSet, IntakeError> + Send,
) -> Result<(Outcome, RuleSet), IntakeError> {
    let (rules, plan) = rayon::join(load, || plan(dir, opts));
    let rules = rules?;
    let outcome = judge_sources(plan?, &rules, opts);
    Ok((outcome, rules))
}
