//! Errors that stop a run before a verdict can be reached (exit code 2).
//!
//! Problems with the sources themselves are not errors: they are findings that lead to a
//! `blocked` verdict (see `verdict.rs`).

use crate::codes::Code;
use miette::{Diagnostic, NamedSource, SourceSpan};
use std::fmt;
use std::path::PathBuf;
use thiserror::Error;

/// A problem at a place in a file the run reads: a rule pack, the configuration, a model file.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct LocatedError {
    /// `intake::rules::invalid`, `intake::config::invalid` or `intake::model::invalid`.
    pub code: Code,
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

impl Diagnostic for LocatedError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
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
#[derive(Debug, Error)]
pub enum IntakeError {
    #[error("the seeds folder `{}` does not exist", .0.display())]
    DirMissing(PathBuf),

    #[error("`{}` is not a folder", .0.display())]
    DirNotFolder(PathBuf),

    #[error("`{}` has no INDEX.md", .0.display())]
    IndexMissing(PathBuf),

    #[error("cannot read `{}`: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write the report: {0}")]
    Output(#[source] std::io::Error),

    #[error("cannot use `{}`: {reason}", .path.display())]
    IndexNotText { path: PathBuf, reason: String },

    #[error("{count} problem(s) in the rules")]
    Rules {
        count: usize,
        errors: Vec<LocatedError>,
    },

    #[error("{count} problem(s) in the configuration")]
    Config {
        count: usize,
        errors: Vec<LocatedError>,
    },

    #[error("{0}")]
    Corpus(String),

    #[error("{count} problem(s) in the model file")]
    Model {
        count: usize,
        errors: Vec<LocatedError>,
    },

    #[error("no rule with id `{0}`")]
    UnknownRule(String),
}

impl IntakeError {
    /// The error's code.
    pub fn code(&self) -> Code {
        match self {
            IntakeError::DirMissing(_) => Code::DirMissing,
            IntakeError::DirNotFolder(_) => Code::DirNotAFolder,
            IntakeError::IndexMissing(_) => Code::IndexMissing,
            IntakeError::Io { .. } => Code::Io,
            IntakeError::Output(_) => Code::Output,
            IntakeError::IndexNotText { .. } => Code::IndexNotText,
            IntakeError::Rules { .. } => Code::RulesInvalid,
            IntakeError::Config { .. } => Code::ConfigInvalid,
            IntakeError::Corpus(_) => Code::CorpusInvalid,
            IntakeError::Model { .. } => Code::ModelInvalid,
            IntakeError::UnknownRule(_) => Code::RulesUnknownId,
        }
    }

    /// The located problems of a rule pack, configuration or model file.
    pub fn located(&self) -> &[LocatedError] {
        match self {
            IntakeError::Rules { errors, .. }
            | IntakeError::Config { errors, .. }
            | IntakeError::Model { errors, .. } => errors,
            _ => &[],
        }
    }
}

impl Diagnostic for IntakeError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(IntakeError::code(self).as_str()))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        IntakeError::code(self)
            .help()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        let located = self.located();
        (!located.is_empty()).then(|| {
            Box::new(located.iter().map(|e| e as &dyn Diagnostic)) as Box<dyn Iterator<Item = _>>
        })
    }
}
