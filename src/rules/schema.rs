//! The YAML shape of a rule file, as rule authors write it.
//!
//! Kept separate from the compiled form so that the file format can stay stable while the
//! matching engine changes.

use serde::{Deserialize, Serialize};

/// The genre a rule is evidence for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Genre {
    /// What a system must do: a spec, user stories, a feature request.
    Requirements,
    /// A news report.
    News,
    /// Neither: laws, contracts, essays, manuals, lists.
    Other,
}

impl Genre {
    /// Every genre, in the order of `index`.
    pub const ALL: [Genre; 3] = [Genre::Requirements, Genre::News, Genre::Other];

    /// The genre as reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Genre::Requirements => "requirements",
            Genre::News => "news",
            Genre::Other => "other",
        }
    }

    /// Its column in the model (0, 1, 2).
    pub fn index(self) -> usize {
        match self {
            Genre::Requirements => 0,
            Genre::News => 1,
            Genre::Other => 2,
        }
    }
}

impl std::fmt::Display for Genre {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A language a rule pack is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English.
    En,
    /// Language-neutral conventions (markup structure, identifiers).
    Any,
}

impl Lang {
    /// The language as reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Any => "any",
        }
    }
}

/// Where in the text a match must stand to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Anywhere in the text.
    #[default]
    Anywhere,
    /// Only white space (or a list / quote marker) before it on its line.
    LineStart,
    /// At the start of a paragraph: line start, and the line before is blank or a heading.
    ParagraphStart,
    /// Inside a heading line.
    Heading,
    /// Within the first lines of a section (a dateline, a document header).
    SectionHead,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Anywhere => "anywhere",
            Scope::LineStart => "line-start",
            Scope::ParagraphStart => "paragraph-start",
            Scope::Heading => "heading",
            Scope::SectionHead => "section-head",
        }
    }
}

/// One file under `rules/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    pub rules: Vec<RuleSpec>,
}

/// One rule as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable, namespaced id: `genre.lang.name`, e.g. `news.zh.dateline`.
    pub id: String,
    pub genre: Genre,
    pub languages: Vec<Lang>,
    pub title: String,
    pub description: String,
    /// Label printed under a matched span in the human report.
    #[serde(default)]
    pub label: Option<String>,
    /// How much one match counts; repeated matches add with diminishing returns.
    pub weight: f64,
    #[serde(default)]
    pub scope: Scope,
    /// Literal phrases; an ASCII word character at either end must not touch another one.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions (Rust `regex` syntax, multi-line mode; `\b` is compiled as ASCII).
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Matches that contain one of these strings are dropped (e.g. "As a result" for a
    /// user-story rule): the regex engine has no look-around, and a list reads better.
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// Most matches that count in one section (0 = no cap beyond the diminishing returns).
    #[serde(default, rename = "max-per-section")]
    pub max_per_section: u32,
    /// `max-per-section` as older packs spell it: still read, with a deprecation warning.
    #[serde(default, rename = "max_per_section", skip_serializing)]
    pub old_max_per_section: Option<u32>,
    pub examples: Examples,
}

/// Examples that document a rule and that `rules test` runs.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(rename = "match")]
    pub must_match: Vec<String>,
    #[serde(rename = "no-match")]
    pub must_not_match: Vec<String>,
}
