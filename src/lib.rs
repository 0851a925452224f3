//! intake-lint: a gate that reads a project's seed documents and blocks the pipeline when they
//! carry no requirements, above all when they are news reports.
//!
//! The pipeline, one module per stage: `input` (INDEX.md links, confined open, decode) ->
//! `text` (lines, language, headings and sections) -> `engine` (the rules of `rules/`, compiled
//! and matched in one pass) -> `judge` (the model's call on the text and each section, with its
//! evidence) -> `check` (every source, the verdict) -> `report` (human, JSON, SARIF, GitHub).
//! `eval` scores the judgement on labelled corpora; `cmd` is one file per subcommand.
//! docs/architecture.md says more of each stage.
//!
//! Judging one text with the built-in rules and model:
//!
//! ```
//! use intake_lint::{judge_text, load_ruleset, Genre, Model, Scorer};
//!
//! let rules = load_ruleset(&[] as &[std::path::PathBuf]).expect("built-in rules load");
//! let scorer = Scorer::new(Model::builtin(), &rules);
//! let page = "本报南京3月9日讯（记者 张三 通讯员 李四）6日，评选结果揭晓。\n（本报记者 张三）\n";
//! assert_eq!(judge_text(&rules, &scorer, page).genre, Genre::News);
//!
//! let spec = "## 功能需求\n\n- FR-001 系统应支持用户按地址查询车位。\n- FR-002 系统应在5秒内刷新。\n";
//! assert_eq!(judge_text(&rules, &scorer, spec).genre, Genre::Requirements);
//! ```

// The public surface: the gate (`check`), its reports, its codes, its evaluation, and the
// command line; the stages below are private and reached through the re-exports.
pub mod check;
pub mod cli;
pub mod codes;
pub mod eval;
pub mod report;

#[doc(hidden)]
pub mod dev;

mod cmd;
mod config;
mod engine;
mod error;
mod input;
mod inventory;
mod judge;
mod model;
mod rules;
#[cfg(test)]
mod test_support;
mod text;

pub use cmd::{run, Exit};
pub use config::Config;
pub use engine::{load_ruleset, ruleset_from_sources, RuleSet};
pub use error::{IntakeError, LocatedError};
pub use judge::{judge_text, Judgement, Weighing};
pub use model::{Model, Scorer};
pub use rules::{Genre, Lang, Rule, RuleSource};
