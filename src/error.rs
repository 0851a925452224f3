//! Errors that stop a run before a verdict can be reached (exit code 2).
//!
//! Problems with the sources themselves are not errors: they are findings that lead to a
//! `blocked` verdict (see `verdict.rs`).

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::path::PathBuf;
use thiserror::Error;

/// A problem in one rule file, pointing at the place in the YAML.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(intake::rules::invalid))]
pub struct RuleError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
    /// 1-based line and character column of `span`, for machine output.
    pub line: usize,
    pub column: usize,
    pub path: String,
}

/// Everything that makes a run impossible.
#[derive(Debug, Error, Diagnostic)]
pub enum IntakeError {
    #[error("the seeds folder `{}` does not exist", .0.display())]
    #[diagnostic(
        code(intake::dir::missing),
        help("pass the folder that holds INDEX.md: `intake-lint check seeds`")
    )]
    DirMissing(PathBuf),

    #[error("`{}` is not a folder", .0.display())]
    #[diagnostic(
        code(intake::dir::not_a_folder),
        help("pass the folder that holds INDEX.md, not a file in it")
    )]
    DirNotFolder(PathBuf),

    #[error("`{}` has no INDEX.md", .0.display())]
    #[diagnostic(
        code(intake::index::missing),
        help("list the seed documents in INDEX.md with markdown links, e.g. `- [spec](spec.md)`")
    )]
    IndexMissing(PathBuf),

    #[error("cannot read `{}`: {source}", .path.display())]
    #[diagnostic(code(intake::io))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write the report: {0}")]
    #[diagnostic(code(intake::output))]
    Output(#[source] std::io::Error),

    #[error("cannot use `{}`: {reason}", .path.display())]
    #[diagnostic(code(intake::index::not_text))]
    IndexNotText { path: PathBuf, reason: String },

    #[error("{count} problem(s) in the rules")]
    #[diagnostic(
        code(intake::rules::invalid),
        help("`intake-lint rules test` checks rule files; the schema is in rules/README.md")
    )]
    Rules {
        count: usize,
        #[related]
        errors: Vec<RuleError>,
    },

    #[error("{0}")]
    #[diagnostic(code(intake::eval::corpus))]
    Corpus(String),

    #[error("no rule with id `{0}`")]
    #[diagnostic(
        code(intake::rules::unknown_id),
        help("`intake-lint rules` lists the rule ids")
    )]
    UnknownRule(String),
}

impl IntakeError {
    /// A stable code for machine output.
    pub fn code(&self) -> String {
        self.code_text()
    }

    fn code_text(&self) -> String {
        Diagnostic::code(self)
            .map(|c| c.to_string())
            .unwrap_or_else(|| "intake::error".to_owned())
    }
}
