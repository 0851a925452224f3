//! Every rule's own examples, run through the engine: `rules test` and `cargo test` check that
//! each rule matches what it says it matches and nothing it says it does not.

use super::{scan, RuleSet};
use crate::text::layout::Layout;

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
pub(crate) fn rule_matches(rules: &RuleSet, index: usize, text: &str) -> bool {
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
