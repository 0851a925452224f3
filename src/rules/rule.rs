//! A rule as the rest of the tool sees it, after loading: what it says and where it was
//! written. The engine compiles its phrases and patterns.

use super::{Genre, Lang, Scope};
use std::sync::Arc;

/// A loaded rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: Arc<str>,
    pub genre: Genre,
    pub languages: Vec<Lang>,
    pub title: String,
    pub description: String,
    pub label: Arc<str>,
    pub weight: f64,
    pub scope: Scope,
    pub max_per_section: u32,
    pub exceptions: Vec<String>,
    /// Switched off by configuration: never matches.
    pub disabled: bool,
    pub file: String,
    pub line: usize,
    pub examples_match: Vec<String>,
    pub examples_no_match: Vec<String>,
    /// Keys of the rule written in an old spelling, each with its new one.
    pub deprecated_keys: Vec<(&'static str, &'static str)>,
}
