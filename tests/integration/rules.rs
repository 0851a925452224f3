//! Every built-in rule's own examples: those under `match` must match, those under `no-match`
//! must not.

use intake_lint::dev::test_examples;
use intake_lint::load_ruleset;
use std::path::PathBuf;

#[test]
fn every_builtin_rule_example_behaves() {
    let rules = load_ruleset(&[] as &[PathBuf]).expect("built-in rules load");
    let failures = test_examples(&rules);
    let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{}", report.join("\n"));
}

#[test]
fn rule_ids_are_namespaced_by_genre() {
    let rules = load_ruleset(&[] as &[PathBuf]).unwrap();
    for r in &rules.rules {
        let prefix = match r.genre {
            intake_lint::Genre::Requirements => "req.",
            intake_lint::Genre::News => "news.",
            intake_lint::Genre::Other => "other.",
        };
        assert!(
            r.id.starts_with(prefix),
            "{} should start with {prefix}",
            r.id
        );
    }
}
