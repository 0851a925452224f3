//! What several modules' tests share: the built-in rules, loaded once, and text made of the
//! pieces the parsers care about.

use crate::engine::{load_ruleset, RuleSet};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The built-in rules, compiled once for all tests.
pub(crate) fn builtin_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| load_ruleset(&[] as &[PathBuf]).expect("built-in rules load"))
}

/// Text made of the pieces the parsers care about, so that random inputs hit their paths.
pub(crate) fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("<".to_owned()),
        Just(">".to_owned()),
        Just("#".to_owned()),
        Just("\n".to_owned()),
        Just("```".to_owned()),
        Just("===".to_owned()),
        Just("---".to_owned()),
        Just(" ".to_owned()),
        Just("\u{3000}".to_owned()),
        Just("本报讯".to_owned()),
        Just("(记者 张三)".to_owned()),
        Just("The system shall ".to_owned()),
        Just("As a user, I want ".to_owned()),
        Just(":".to_owned()),
        Just("[ref]: x.md\n".to_owned()),
        Just("<!-- intake: background -->".to_owned()),
        Just("%E6%96%B0".to_owned()),
        Just("..".to_owned()),
        Just("/".to_owned()),
        Just("\\".to_owned()),
        Just("file://".to_owned()),
        Just("https://".to_owned()),
        Just("C:".to_owned()),
        Just("\r\n".to_owned()),
        "[a-z0-9 ]{0,8}",
        "\\PC{0,4}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}
