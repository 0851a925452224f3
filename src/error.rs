//! Errors that stop a run before a verdict can be reached (exit code 2).
//!
//! Problems with the sources themselves are not errors: they are findings that lead to a
//! `blocked` verdict (see `verdict.rs`).

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::path::PathBuf;
use thiserror::Error;

/// A problem in a rule or configuration file, pointing at the place in the YAML.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct RuleError {
    /// `intake::rules::invalid` or `intake::config::invalid`.
    pub code: &'static str,
    pub message: String,
    pub src: NamedSource<String>,
    pub span: SourceSpan,
    pub label: String,
    pub help: Option<String>,
    /// 1-based line and character column of `span`, for machine output.
    pub line: usize,
    pub column: usize,
    pub path: String,
}

impl Diagnostic for RuleError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some(self.label.clone()), self.span),
        )))
    }
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

    #[error("{count} problem(s) in the configuration")]
    #[diagnostic(
        code(intake::config::invalid),
        help("the keys are described in the README (Configuration); `intake-lint config` prints the effective values")
    )]
    Config {
        count: usize,
        #[related]
        errors: Vec<RuleError>,
    },

    #[error("{0}")]
    #[diagnostic(code(intake::eval::corpus))]
    Corpus(String),

    #[error("{count} problem(s) in the model file")]
    #[diagnostic(
        code(intake::model::invalid),
        help("model files are written by `intake-lint train CORPUS... -o FILE`")
    )]
    Model {
        count: usize,
        #[related]
        errors: Vec<RuleError>,
    },

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
