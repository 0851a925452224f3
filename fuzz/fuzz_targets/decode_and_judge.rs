//! Source bytes: decoding, sectioning, matching and weighing must not panic.
#![no_main]
use intake_lint::judge_text;
use intake_lint::{Model, Scorer};
use intake_lint::{load_ruleset, RuleSet};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| load_ruleset(&[] as &[PathBuf]).expect("built-in rules load"))
}

fuzz_target!(|bytes: &[u8]| {
    if let Ok(decoded) = intake_lint::dev::decode(bytes.to_vec()) {
        let scorer = Scorer::new(Model::builtin(), rules());
        let _ = judge_text(rules(), &scorer, &decoded.text);
    }
});
