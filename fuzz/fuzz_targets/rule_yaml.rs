//! Rule files: parsing and compiling a user rule pack must not panic.
#![no_main]
use intake_lint::ruleset_from_sources;
use intake_lint::RuleSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let sources = [RuleSource {
        name: "fuzz.yaml".to_owned(),
        text: text.to_owned(),
    }];
    let _ = ruleset_from_sources(&sources);
});
