//! A rule as the rest of the tool sees it, after loading: what it says and where it was
//! written. The engine compiles its phrases and patterns.

use super::{Genre, Lang, Scope};
use std::sync::Arc;

/// A loaded rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Its id: `genre.lang.name`.
    pub id: Arc<str>,
    /// The genre it is evidence for.
    pub genre: Genre,
    /// The languages it applies to.
    pub languages: Vec<Lang>,
    /// A short title.
    pub title: String,
    /// What it finds and why that is evidence.
    pub description: String,
    /// The words shown under a match.
    pub label: Arc<str>,
    /// Its author's weight (the prior of its learned weight).
    pub weight: f64,
    pub(crate) scope: Scope,
    /// Switched off by configuration: never matches.
    pub disabled: bool,
    /// The file it was read from.
    pub file: String,
    /// 1-based line of its `id:` in that file.
    pub line: usize,
    pub(crate) examples_match: Vec<String>,
    pub(crate) examples_no_match: Vec<String>,
    /// Keys of the rule written in an old spelling, each with its new one.
    pub(crate) deprecated_keys: Vec<(&'static str, &'static str)>,
}
