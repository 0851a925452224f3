//! Property tests: no input makes a parser panic, and what they return stays inside the input.

use intake_lint::engine::{load_ruleset, ruleset_from_sources, RuleSet};
use intake_lint::input::decode::decode;
use intake_lint::input::index::links;
use intake_lint::input::target::{classify, Target};
use intake_lint::judge::judge_text;
use intake_lint::model::{Model, Scorer};
use intake_lint::rules::{parse_rules, RuleSource};
use intake_lint::text::layout::Layout;
use proptest::prelude::*;
use std::path::{Component, PathBuf};
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| load_ruleset(&[] as &[PathBuf]).unwrap())
}

/// Text made of the pieces the parsers care about, so that random inputs hit their paths.
fn markdownish() -> impl Strategy<Value = String> {
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn index_links_stay_inside_the_text(text in markdownish()) {
        for l in links(&text) {
            prop_assert!(l.span.end <= text.len());
            prop_assert!(text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end));
        }
    }

    #[test]
    fn local_targets_never_leave_the_folder(dest in markdownish()) {
        if let Target::Local(path) = classify(&dest) {
            prop_assert!(path.components().all(|c| matches!(c, Component::Normal(_))), "{path:?}");
        }
    }

    #[test]
    fn decoding_never_panics_and_keeps_utf8(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(d) = decode(bytes.clone()) {
            if let Ok(s) = std::str::from_utf8(&bytes) {
                if !s.starts_with('\u{feff}') {
                    prop_assert_eq!(d.text, s);
                }
            }
        }
    }

    #[test]
    fn sections_tile_the_text(text in markdownish()) {
        let layout = Layout::new(&text);
        let mut at = layout.sections.first().map_or(0, |s| s.range.start);
        for s in &layout.sections {
            prop_assert_eq!(s.range.start, at);
            at = s.range.end;
        }
        prop_assert_eq!(at, text.len());
    }

    #[test]
    fn judging_never_panics_and_confidence_is_a_probability(text in markdownish()) {
        let scorer = Scorer::new(Model::builtin(), rules());
        let j = judge_text(rules(), &scorer, &text);
        prop_assert!((0.0..=1.0).contains(&j.confidence));
        for s in &j.sections {
            prop_assert!((0.0..=1.0).contains(&s.confidence));
        }
    }

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
