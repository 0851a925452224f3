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
    /// What is wrong, in one line.
    pub message: String,
    /// The file's text, for the report's excerpt.
    pub src: NamedSource<String>,
    /// Where in it.
    pub span: SourceSpan,
    /// The words under the span.
    pub label: String,
    /// What to do about it.
    pub help: Option<String>,
    /// 1-based line of `span`, for machine output.
    pub line: usize,
    /// 1-based character column of `span`, for machine output.
    pub column: usize,
    /// The file, as the run names it.
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
    /// The seeds folder given does not exist.
    #[error("the seeds folder `{}` does not exist", .0.display())]
    DirMissing(PathBuf),

    /// The seeds folder given is a file.
    #[error("`{}` is not a folder", .0.display())]
    DirNotFolder(PathBuf),

    /// The seeds folder has no INDEX.md.
    #[error("`{}` has no INDEX.md", .0.display())]
    IndexMissing(PathBuf),

    /// A file the run needs could not be read.
    #[error("cannot read `{}`: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// The report could not be written.
    #[error("cannot write the report: {0}")]
    Output(#[source] std::io::Error),

    /// INDEX.md is not text (a binary file, an undecodable one, too large).
    #[error("cannot use `{}`: {reason}", .path.display())]
    IndexNotText {
        /// INDEX.md.
        path: PathBuf,
        /// Why it cannot be read as text.
        reason: String,
    },

    /// Rule packs with problems, each located.
    #[error("{count} problem(s) in the rules")]
    Rules {
        /// How many problems.
        count: usize,
        /// Each problem at its file, line and column.
        errors: Vec<LocatedError>,
    },

    /// A configuration file with problems, each located.
    #[error("{count} problem(s) in the configuration")]
    Config {
        /// How many problems.
        count: usize,
        /// Each problem at its line and column.
        errors: Vec<LocatedError>,
    },

    /// A labelled corpus that cannot be used.
    #[error("{0}")]
    Corpus(String),

    /// A model file with problems, each located.
    #[error("{count} problem(s) in the model file")]
    Model {
        /// How many problems.
        count: usize,
        /// Each problem at its line.
        errors: Vec<LocatedError>,
    },

    /// A document that cannot be read (`intake-lint text`).
    #[error("{0}")]
    Unreadable(String),

    /// No rule or model feature has the id given.
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
            IntakeError::Unreadable(_) => Code::SourceUnreadable,
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
