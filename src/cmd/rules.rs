//! `rules` (list, or test every rule's examples) and `explain ID` (one rule, or one feature
//! of the model, with its learned weights).

use super::{write_all, Exit};
use crate::cli::{RulesAction, RulesCommand};
use crate::engine::{load_ruleset, test_examples};
use crate::error::IntakeError;
use crate::model;
use crate::rules;
use std::io::Write;

pub(super) fn run_rules(args: &RulesCommand, out: &mut dyn Write) -> Result<Exit, IntakeError> {
    match &args.action {
        None if args.markdown => {
            let rules = load_ruleset(&args.rules.rules_dirs)?;
            write_all(out, &super::rule_reference::reference(&rules))?;
            Ok(Exit::Pass)
        }
        None => {
            let rules = load_ruleset(&args.rules.rules_dirs)?;
            let mut text = String::new();
            for r in &rules.rules {
                let langs: Vec<&str> = r.languages.iter().map(|l| l.as_str()).collect();
                text.push_str(&format!(
                    "{:<40} {:<12} {:<6} {:>4}  {}\n",
                    r.id,
                    r.genre.as_str(),
                    langs.join(","),
                    r.weight,
                    r.title
                ));
            }
            write_all(out, &text)?;
            Ok(Exit::Pass)
        }
        Some(RulesAction::Test { dir }) => {
            let mut dirs = args.rules.rules_dirs.clone();
            dirs.extend(dir.clone());
            let rules = load_ruleset(&dirs)?;
            let failures = test_examples(&rules);
            let mut text = String::new();
            for (_, note) in rules.deprecated_keys() {
                text.push_str(&format!("warning: {note}\n"));
            }
            for f in &failures {
                text.push_str(&format!("{f}\n"));
            }
            let examples: usize = rules
                .rules
                .iter()
                .map(|r| r.examples_match.len() + r.examples_no_match.len())
                .sum();
            text.push_str(&format!(
                "{} rules, {} examples: {} passed, {} failed\n",
                rules.rules.len(),
                examples,
                examples - failures.len(),
                failures.len()
            ));
            write_all(out, &text)?;
            Ok(Exit::pass_if(failures.is_empty()))
        }
    }
}

pub(super) fn run_explain(
    id: &str,
    dirs: &[std::path::PathBuf],
    out: &mut dyn Write,
) -> Result<Exit, IntakeError> {
    let model = model::Model::builtin();
    // A feature of the model by name: a layout statistic or a word.
    if id.starts_with("style:") || id.starts_with("word:") || id.starts_with("heading:") {
        let weights = model
            .weights_of(id)
            .ok_or_else(|| IntakeError::UnknownRule(id.to_owned()))?;
        let text = format!(
            "{id}: a feature of the built-in model ({})\n\nlearned weights, above the mean of the three genres:\n{}",
            model::MODEL_FILE.0,
            learned(weights)
        );
        write_all(out, &text)?;
        return Ok(Exit::Pass);
    }
    let rules = load_ruleset(dirs)?;
    let r = rules
        .find(id.strip_prefix("rule:").unwrap_or(id))
        .ok_or_else(|| IntakeError::UnknownRule(id.to_owned()))?;
    let langs: Vec<&str> = r.languages.iter().map(|l| l.as_str()).collect();
    let mut text = format!(
        "{}: {}\n\ngenre: {}   languages: {}   weight: {}   scope: {}\ndefined in {}:{}\n\n{}\n",
        r.id,
        r.title,
        r.genre,
        langs.join(", "),
        r.weight,
        r.scope.as_str(),
        r.file,
        r.line,
        r.description.trim()
    );
    text.push_str("\nmatches:\n");
    for e in &r.examples_match {
        text.push_str(&format!("  + {e}\n"));
    }
    text.push_str("does not match:\n");
    for e in &r.examples_no_match {
        text.push_str(&format!("  - {e}\n"));
    }
    match model.weights_of(&format!("rule:{}", r.id)) {
        Some(weights) => text.push_str(&format!(
            "\nlearned weights in the built-in model, per ln(1 + matches), above the mean of the \
             three genres:\n{}",
            learned(weights)
        )),
        None => text.push_str(&format!(
            "\nthe built-in model has no weight for it: it adds {} x {} x (1 + ln n) to {}\n",
            model::UNTRAINED_RULE_SCALE,
            r.weight,
            r.genre
        )),
    }
    write_all(out, &text)?;
    Ok(Exit::Pass)
}

/// `  requirements +0.123` lines of a feature's weights, relative to their mean.
fn learned(weights: [f64; 3]) -> String {
    let mean = weights.iter().sum::<f64>() / 3.0;
    rules::Genre::ALL
        .iter()
        .map(|g| format!("  {:<13} {:+.3}\n", g.as_str(), weights[g.index()] - mean))
        .collect()
}
