//! `intake.yaml`, `intake-lint config`, and the rule tooling (`rules`, `rules test`, `explain`).

use crate::common::{fixture, intake};
use serde_json::Value;
use std::fs;

fn with_config(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("intake.yaml"), yaml).unwrap();
    dir
}

fn check_json(config_dir: &tempfile::TempDir, seeds: &str) -> (i32, Value) {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(seeds);
    let out = intake()
        .current_dir(config_dir.path())
        .arg("check")
        .arg(seeds)
        .args(["--format", "json"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

#[test]
fn a_misspelt_key_points_at_its_line_with_a_suggestion() {
    let dir = with_config("thresholds:\n  news: 4\nsevertiy:\n  unlinked-file: off\n");
    let (code, json) = check_json(&dir, "tests/cases/unlinked/seeds");
    assert_eq!(code, 2);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "intake::config::invalid");
    assert_eq!(d["line"], 3);
    let out = intake()
        .current_dir(dir.path())
        .args([
            "check",
            &format!("{}/tests/cases/unlinked/seeds", env!("CARGO_MANIFEST_DIR")),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `severity`?"), "{stderr}");
    assert!(stderr.contains("intake.yaml:3:1"), "{stderr}");
}

#[test]
fn wrong_types_and_unknown_rule_ids_are_errors() {
    let dir = with_config("thresholds:\n  news: high\n");
    assert_eq!(check_json(&dir, "tests/cases/unlinked/seeds").0, 2);
    let dir = with_config("disable: [news.en.bylne]\n");
    let (code, json) = check_json(&dir, "tests/cases/unlinked/seeds");
    assert_eq!(code, 2);
    assert!(json["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("news.en.bylne"));
}

#[test]
fn a_broken_rule_pack_is_reported_before_a_missing_folder() {
    // Rules load while the folder is looked at; the rules' problem still comes first.
    let rules = tempfile::tempdir().unwrap();
    fs::write(rules.path().join("bad.yaml"), "rules:\n  - id: [\n").unwrap();
    let out = intake()
        .args(["check", "no/such/folder", "--format", "json", "--rules"])
        .arg(rules.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "intake::rules::invalid");
}

#[test]
fn configuration_switches_findings_and_rules() {
    let dir = with_config("severity:\n  unlinked-file: off\n");
    let (code, json) = check_json(&dir, "tests/cases/unlinked/seeds");
    assert_eq!(code, 0);
    assert!(
        json["diagnostics"].as_array().unwrap().is_empty(),
        "{json:#}"
    );

    let dir = with_config("severity:\n  unlinked-file: error\n");
    let (_, json) = check_json(&dir, "tests/cases/unlinked/seeds");
    assert_eq!(json["diagnostics"][0]["severity"], "error");

    // Disabled rules match nothing: their evidence is gone from the report.
    let dir = with_config("disable: [news.zh.dateline-own, news.zh.byline]\n");
    let (_, json) = check_json(&dir, "tests/cases/news-only/seeds");
    let rules: Vec<&str> = json["sources"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["rule"].as_str())
        .collect();
    assert!(!rules.is_empty(), "{json:#}");
    assert!(!rules.contains(&"news.zh.dateline-own") && !rules.contains(&"news.zh.byline"));
}

#[test]
fn old_thresholds_and_weights_still_run_with_a_deprecation_warning() {
    let dir = with_config(
        "thresholds:\n  news: 40\n  low-confidence: 0.5\nweights:\n  news.zh.byline: 3\n",
    );
    let (code, json) = check_json(&dir, "tests/cases/news-only/seeds");
    assert_eq!((code, json["reason"].as_str()), (1, Some("news-reports")));
    let deprecated: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "intake::config::deprecated")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(deprecated.len(), 2, "{json:#}");
    assert!(deprecated[0].contains("`thresholds.news` is ignored"));
    assert!(deprecated[1].contains("`weights.news.zh.byline` is ignored"));
}

#[test]
fn a_model_named_in_the_configuration_makes_the_calls() {
    // A model that knows no feature and leans hard on `other` (the rules it does not know
    // still add their own weights on top): every call is other.
    let dir = with_config("model: leaning.tsv\n");
    fs::write(
        dir.path().join("leaning.tsv"),
        "format\tintake-lint model 1\nwindow-chars\t1000\ntemperature\t1\n\
         offset\t0\t0\t0\nbias\t-20\t-20\t40\nfeature\tidf\tcenter\trequirements\tnews\tother\n",
    )
    .unwrap();
    let (code, json) = check_json(&dir, "tests/cases/news-only/seeds");
    assert_eq!(
        (code, json["reason"].as_str()),
        (1, Some("no-requirements")),
        "{json:#}"
    );
    // A broken model file stops the run, pointing at its line.
    fs::write(
        dir.path().join("leaning.tsv"),
        "format\tintake-lint model 1\nbias\t1\n",
    )
    .unwrap();
    let (code, json) = check_json(&dir, "tests/cases/news-only/seeds");
    assert_eq!(code, 2);
    assert_eq!(json["diagnostics"][0]["code"], "intake::model::invalid");
    assert_eq!(json["diagnostics"][0]["line"], 2);
}

#[test]
fn config_prints_effective_values_and_their_origin() {
    let dir = with_config("thresholds:\n  news: 5\n");
    let out = intake()
        .current_dir(dir.path())
        .arg("config")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("thresholds.news")
            && l.contains(" 5 (ignored)")
            && l.contains("intake.yaml")),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("model")
            && l.contains("rules/model.tsv (built in)")
            && l.ends_with("# default")),
        "{text}"
    );
}

#[test]
fn rules_lists_and_explain_describes() {
    let out = intake().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("news.zh.dateline-own")));
    let out = intake()
        .args(["explain", "news.zh.dateline-own"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("genre: news") && text.contains("matches:") && text.contains("本报讯"));
    assert!(
        text.contains("learned weights in the built-in model"),
        "{text}"
    );
    // A learned feature is explained by its weights.
    let out = intake().args(["explain", "style:quotes"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("learned weights") && text.contains("news"),
        "{text}"
    );
    intake().args(["explain", "no.such.rule"]).assert().code(2);
    intake()
        .args(["explain", "word:no-such-word"])
        .assert()
        .code(2);
}

#[test]
fn rules_test_fails_on_an_example_that_does_not_match() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("mine.yaml"),
        "rules:\n  - id: req.en.ticket-id\n    genre: requirements\n    languages: [en]\n    title: Ticket ids\n    description: d\n    weight: 1\n    patterns: ['\\bTICKET-\\d+\\b']\n    examples:\n      match: [TICKET-12, ticket-13]\n      no-match: [TICKETS]\n",
    )
    .unwrap();
    let out = intake()
        .args(["rules", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("mine.yaml:2: rule `req.en.ticket-id`: example should match but does not: \"ticket-13\""), "{text}");
    assert!(text.contains("1 failed"));
    let _ = fixture;
}

#[test]
fn a_rule_key_in_the_old_spelling_is_read_with_a_deprecation_warning() {
    let dir = tempfile::tempdir().unwrap();
    let rule = |key: &str| {
        format!(
            "rules:\n  - id: req.en.ticket-id\n    genre: requirements\n    languages: [en]\n    title: Ticket ids\n    description: d\n    weight: 1\n    {key}: 3\n    patterns: ['\\bTICKET-\\d+\\b']\n    examples:\n      match: [TICKET-12]\n      no-match: [TICKETS]\n"
        )
    };
    fs::write(dir.path().join("mine.yaml"), rule("max_per_section")).unwrap();
    let out = intake()
        .args([
            "check",
            "tests/cases/news-only/seeds",
            "--format",
            "json",
            "--rules",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "intake::rules::deprecated-key")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(notes.len(), 1, "{json:#}");
    assert!(
        notes[0].contains("mine.yaml:2: rule `req.en.ticket-id` writes `max_per_section`"),
        "{}",
        notes[0]
    );
    // The new spelling: no warning.
    fs::write(dir.path().join("mine.yaml"), rule("max-per-section")).unwrap();
    let out = intake()
        .args(["rules", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("warning"));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let out = intake().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("intake-lint"));
    }
    let out = intake().arg("man").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(".TH intake-lint 1") && text.contains("check"));
}
