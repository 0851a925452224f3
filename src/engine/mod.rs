//! The matching engine: every rule's phrases and pattern triggers compiled into one literal
//! automaton, patterns verified at their triggers, and the scan of a text that finds every
//! match of every rule in one pass.

mod anchored;
mod compile;
mod edge_bytes;
mod examples;
mod gate;
mod limits;
mod literal_dfa;
mod literal_matcher;
mod literals;
mod neighbours;
mod scan;
mod two_sided;

pub(crate) use compile::compile;
pub use compile::{Pattern, Reach, RuleSet};
pub use examples::test_examples;
pub use scan::{scan, Hit};

use crate::error::IntakeError;
use crate::rules::{parse_rules, rule_sources, LoadedRule, RuleSource, BUILTIN_PACKS};
use std::path::Path;

/// Loads the built-in packs plus `extra_dirs` and compiles them; all problems at once.
pub fn load_ruleset(extra_dirs: &[impl AsRef<Path>]) -> Result<RuleSet, IntakeError> {
    load_configured(extra_dirs, |_| Ok(()))
}

/// Loads the packs, lets `configure` switch rules off and set weights (before anything is
/// compiled: the engine never looks at a rule the configuration disabled), and compiles them.
pub(crate) fn load_configured(
    extra_dirs: &[impl AsRef<Path>],
    configure: impl FnOnce(&mut [LoadedRule]) -> Result<(), IntakeError>,
) -> Result<RuleSet, IntakeError> {
    let sources = rule_sources(extra_dirs)?;
    compile_sources(&sources, configure)
}

/// Compiles rule packs given as text.
pub fn ruleset_from_sources(sources: &[RuleSource]) -> Result<RuleSet, IntakeError> {
    compile_sources(sources, |_| Ok(()))
}

fn compile_sources(
    sources: &[RuleSource],
    configure: impl FnOnce(&mut [LoadedRule]) -> Result<(), IntakeError>,
) -> Result<RuleSet, IntakeError> {
    let mut loaded = parse_rules(sources).map_err(rules_error)?;
    configure(&mut loaded)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse_rules;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn rule_files_never_panic(
            yaml in proptest::collection::vec(prop_oneof![
                Just("rules:\n".to_owned()), Just("  - id: user.en.x\n".to_owned()), Just("    genre: news\n".to_owned()),
                Just("    languages: [en]\n".to_owned()), Just("    title: t\n".to_owned()), Just("    description: d\n".to_owned()),
                Just("    weight: 1\n".to_owned()), Just("    phrases: [x]\n".to_owned()), Just("    patterns: ['".to_owned()),
                Just("']\n".to_owned()), Just("    examples: {match: [x], no-match: [y]}\n".to_owned()), Just("\t".to_owned()),
                Just("- ".to_owned()), Just(": ".to_owned()), Just("\"".to_owned()), "\\PC{0,6}",
            ], 0..30).prop_map(|v| v.concat())
        ) {
            let sources = [RuleSource { name: "p.yaml".into(), text: yaml }];
            let _ = parse_rules(&sources);
            let _ = ruleset_from_sources(&sources);
        }
    }
}
