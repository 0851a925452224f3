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
//! use intake_lint::engine::load_ruleset;
//! use intake_lint::rules::Genre;
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
mod cmd;
pub mod codes;
pub mod config;
pub mod engine;
pub mod error;
pub mod eval;
pub mod input;
pub mod judge;
pub mod model;
pub mod report;
pub mod rules;
pub mod text;

pub use cmd::{run, Exit};
