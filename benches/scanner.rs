//! Micro-benchmarks of the engine: rule loading and compiling, and judging one document
//! (split, match, weigh) on the repository's seed page and on a synthetic specification.
//! `cargo bench --bench scanner`.

use intake_lint::{judge_text, load_ruleset, Model, RuleSet, Scorer};
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| load_ruleset(&[] as &[PathBuf]).expect("built-in rules load"))
}

const SEED: &str = include_str!("../seeds/000_5e5759a10dc1248c.txt");

fn spec() -> String {
    let mut text = String::from("# Parking Platform: Software Requirements Specification\n\n");
    for i in 0..200 {
        text.push_str(&format!(
            "## FR-{i}\n\nThe system shall record event {i} within 2 seconds. \
             As a driver, I want to see free spaces so that I can park.\n\n"
        ));
    }
    text
}

#[divan::bench]
fn load_and_compile_rules() -> RuleSet {
    load_ruleset(&[] as &[PathBuf]).expect("rules load")
}

#[divan::bench(args = ["seed page", "synthetic spec"])]
fn judge_document(bencher: divan::Bencher, which: &str) {
    let text = if which == "seed page" {
        SEED.to_owned()
    } else {
        spec()
    };
    let rules = rules();
    let scorer = Scorer::new(Model::builtin(), rules);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| judge_text(rules, &scorer, divan::black_box(&text)).genre);
}
