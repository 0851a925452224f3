//! Compiling loaded rules into one matcher: every phrase of every rule in one Aho-Corasick
//! automaton, every pattern in one `RegexSet` prefilter plus its own `Regex` for positions.
//! A text is searched once per automaton, never once per rule.

use super::load::{rule_error, LoadedRule, RuleSource};
use super::schema::{Genre, Lang, Scope};
use crate::error::RuleError;
use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Size limits that keep any rule pack from making a run slow or large.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
pub const REGEX_DFA_SIZE_LIMIT: usize = 8 << 20;
pub const MAX_PATTERN_LEN: usize = 2000;

/// A rule ready to match.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub genre: Genre,
    pub languages: Vec<Lang>,
    pub title: String,
    pub description: String,
    pub label: String,
    pub weight: f64,
    pub scope: Scope,
    pub max_per_section: u32,
    pub exceptions: Vec<String>,
    pub file: String,
    pub line: usize,
    pub examples_match: Vec<String>,
    pub examples_no_match: Vec<String>,
}

/// All rules, compiled together.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub(crate) phrases: Option<AhoCorasick>,
    /// For each phrase in the automaton: (rule index, phrase needs ASCII word boundaries at
    /// its start, at its end).
    pub(crate) phrase_owner: Vec<(usize, bool, bool)>,
    pub(crate) regex_set: Option<RegexSet>,
    /// For each pattern in the set: its rule index and positional regex.
    pub(crate) regexes: Vec<(usize, Regex)>,
}

impl RuleSet {
    pub fn find(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Languages that have at least one rule of their own.
    pub fn has_language(&self, lang: Lang) -> bool {
        self.rules.iter().any(|r| r.languages.contains(&lang))
    }
}

/// Rewrites `\b`/`\B` as ASCII word boundaries: Unicode ones never match next to Han text and
/// switch the regex engine off its fast path on Chinese documents.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some('B') => out.push_str("(?-u:\\B)"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn regex_builder(pattern: &str) -> RegexBuilder {
    let mut b = RegexBuilder::new(pattern);
    b.multi_line(true)
        .crlf(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT);
    b
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Compiles rules; every bad pattern is reported with the place it stands in its file.
pub fn compile(loaded: Vec<LoadedRule>, sources: &[RuleSource]) -> Result<RuleSet, Vec<RuleError>> {
    let mut errors = Vec::new();
    let mut rules = Vec::with_capacity(loaded.len());
    let mut phrase_list: Vec<String> = Vec::new();
    let mut phrase_owner = Vec::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut regexes = Vec::new();

    for (index, lr) in loaded.into_iter().enumerate() {
        let spec = lr.spec;
        for phrase in &spec.phrases {
            let bytes = phrase.as_bytes();
            let start_word = bytes.first().is_some_and(|b| is_word_byte(*b));
            let end_word = bytes.last().is_some_and(|b| is_word_byte(*b));
            phrase_list.push(phrase.clone());
            phrase_owner.push((index, start_word, end_word));
        }
        for pattern in &spec.patterns {
            let source = sources.iter().find(|s| s.name == lr.file);
            let fail = |message: String| -> Option<RuleError> {
                source.map(|s| {
                    let offset = s
                        .text
                        .find(pattern.as_str())
                        .unwrap_or_else(|| super::load::find_id_offset(&s.text, &spec.id, 0));
                    rule_error(
                        s,
                        offset,
                        pattern.len().clamp(1, 80),
                        format!("rule `{}`: {message}", spec.id),
                        "this pattern".to_owned(),
                        Some("patterns use Rust regex syntax: https://docs.rs/regex".to_owned()),
                    )
                })
            };
            if pattern.len() > MAX_PATTERN_LEN {
                errors.extend(fail(format!(
                    "pattern is {} bytes long; the limit is {MAX_PATTERN_LEN}",
                    pattern.len()
                )));
                continue;
            }
            let rewritten = ascii_word_boundaries(pattern);
            match regex_builder(&rewritten).build() {
                Ok(re) => {
                    if re.is_match("") {
                        errors.extend(fail("pattern matches the empty string".to_owned()));
                        continue;
                    }
                    patterns.push(rewritten);
                    regexes.push((index, re));
                }
                Err(e) => errors.extend(fail(format!("invalid regular expression: {e}"))),
            }
        }
        rules.push(Rule {
            label: spec.label.clone().unwrap_or_else(|| spec.title.clone()),
            id: spec.id,
            genre: spec.genre,
            languages: spec.languages,
            title: spec.title,
            description: spec.description,
            weight: spec.weight,
            scope: spec.scope,
            max_per_section: spec.max_per_section,
            exceptions: spec.exceptions,
            file: lr.file,
            line: lr.line,
            examples_match: spec.examples.must_match,
            examples_no_match: spec.examples.must_not_match,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let phrases = if phrase_list.is_empty() {
        None
    } else {
        match AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&phrase_list)
        {
            Ok(ac) => Some(ac),
            Err(e) => {
                errors.extend(sources.first().map(|s| {
                    rule_error(
                        s,
                        0,
                        1,
                        format!("the phrases do not fit in one automaton: {e}"),
                        "rules".to_owned(),
                        None,
                    )
                }));
                return Err(errors);
            }
        }
    };
    let regex_set = if patterns.is_empty() {
        None
    } else {
        let mut b = RegexSetBuilder::new(&patterns);
        b.multi_line(true)
            .crlf(true)
            .size_limit(REGEX_SIZE_LIMIT * 8)
            .dfa_size_limit(REGEX_DFA_SIZE_LIMIT * 4);
        match b.build() {
            Ok(set) => Some(set),
            Err(e) => {
                errors.extend(sources.first().map(|s| {
                    rule_error(
                        s,
                        0,
                        1,
                        format!("the patterns together exceed the regex size limit: {e}"),
                        "rules".to_owned(),
                        Some("split or simplify the largest patterns".to_owned()),
                    )
                }));
                return Err(errors);
            }
        }
    };
    Ok(RuleSet {
        rules,
        phrases,
        phrase_owner,
        regex_set,
        regexes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(
            ascii_word_boundaries(r"\bshall\b"),
            r"(?-u:\b)shall(?-u:\b)"
        );
        assert_eq!(ascii_word_boundaries(r"a\\b"), r"a\\b");
        assert_eq!(ascii_word_boundaries(r"\d\B"), r"\d(?-u:\B)");
    }
}
