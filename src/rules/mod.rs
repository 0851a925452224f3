//! Rules as data: the YAML schema, loading with located errors, compiling into one matcher,
//! and running every rule's own examples.

mod anchored;
mod compile;
mod edge_bytes;
mod gate;
mod literal_dfa;
mod literal_matcher;
mod literals;
mod load;
mod neighbours;
mod schema;
mod walk;

pub use anchored::{AnchoredCache, AnchoredRegex, CacheSet};
pub use compile::{ascii_word_boundaries, compile, Pattern, Reach, Rule, RuleSet, MATCH_WINDOW};
pub(crate) use literal_matcher::{is_word_byte, Meaning};
pub use literals::{split, triggers, Split, Triggers};
pub use load::{parse_rules, read_rule_dir, rule_error, rule_sources, RuleSource, BUILTIN_PACKS};
pub use schema::{Examples, Genre, Lang, RuleFile, RuleSpec, Scope};

use crate::error::IntakeError;
use crate::scan::scan;
use crate::sections::Layout;
use std::path::Path;

/// Loads the built-in packs plus `extra_dirs` and compiles them; all problems at once.
pub fn load_ruleset(extra_dirs: &[impl AsRef<Path>]) -> Result<RuleSet, IntakeError> {
    let sources = rule_sources(extra_dirs)?;
    ruleset_from_sources(&sources)
}

pub fn ruleset_from_sources(sources: &[RuleSource]) -> Result<RuleSet, IntakeError> {
    let loaded = parse_rules(sources).map_err(rules_error)?;
    // Built-in packs compile on first use (their tests compile every pattern); user packs
    // compile now so that their errors are reported before any source is read.
    let eager: Vec<String> = sources
        .iter()
        .filter(|s| !BUILTIN_PACKS.iter().any(|(name, _)| *name == s.name))
        .map(|s| s.name.clone())
        .collect();
    compile(loaded, sources, &eager).map_err(rules_error)
}

fn rules_error(errors: Vec<crate::error::LocatedError>) -> IntakeError {
    IntakeError::Rules {
        count: errors.len(),
        errors,
    }
}

/// A rule example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub file: String,
    pub line: usize,
    pub example: String,
    /// True when the example should have matched.
    pub expected_match: bool,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.expected_match {
            "should match but does not"
        } else {
            "should not match but does"
        };
        write!(
            f,
            "{}:{}: rule `{}`: example {what}: {:?}",
            self.file, self.line, self.rule, self.example
        )
    }
}

/// Whether rule `index` matches `text` on its own (as a one-text document).
pub fn rule_matches(rules: &RuleSet, index: usize, text: &str) -> bool {
    let layout = Layout::new(text);
    scan(rules, text, &layout).iter().any(|h| h.rule() == index)
}

/// Runs every rule's examples; returns the failures.
pub fn test_examples(rules: &RuleSet) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate() {
        let cases = rule
            .examples_match
            .iter()
            .map(|e| (e, true))
            .chain(rule.examples_no_match.iter().map(|e| (e, false)));
        for (example, expected_match) in cases {
            if rule_matches(rules, index, example) != expected_match {
                failures.push(ExampleFailure {
                    rule: rule.id.to_string(),
                    file: rule.file.clone(),
                    line: rule.line,
                    example: example.clone(),
                    expected_match,
                });
            }
        }
    }
    failures
}
