//! `check` on fixture seeds folders: the verdict, reason and exit code of each case.

use crate::common::{check_json, codes, finding, fixture, intake};

fn assert_verdict(name: &str, exit: i32, verdict: &str, reason: Option<&str>) -> serde_json::Value {
    let (code, json) = check_json(&fixture(name));
    assert_eq!(code, exit, "{name}: {json:#}");
    assert_eq!(json["verdict"], verdict, "{name}");
    assert_eq!(json["reason"].as_str(), reason, "{name}");
    json
}

#[test]
fn news_only_is_blocked_as_news() {
    let json = assert_verdict("news-only", 1, "blocked", Some("news-reports"));
    assert_eq!(json["sources"][0]["genre"], "news");
    assert_eq!(json["sources"][0]["sections"].as_array().unwrap().len(), 2);
}

#[test]
fn requirements_only_passes() {
    let json = assert_verdict("requirements-only", 0, "pass", None);
    assert_eq!(json["sources"][0]["genre"], "requirements");
}

#[test]
fn mixed_passes_with_a_news_warning() {
    let json = assert_verdict("mixed", 0, "pass", None);
    assert!(codes(&json).contains(&"intake::news-beside-requirements".to_owned()));
}

#[test]
fn missing_index_cannot_run() {
    let out = intake()
        .args(["check", &fixture("no-index")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no INDEX.md"));
}

#[test]
fn missing_index_prints_a_json_error_object() {
    let (code, json) = check_json(&fixture("no-index"));
    assert_eq!(code, 2);
    assert_eq!(json["verdict"], "error");
    assert_eq!(codes(&json), ["intake::index::missing"]);
}

#[test]
fn missing_dir_cannot_run() {
    let (code, json) = check_json("tests/fixtures/does-not-exist");
    assert_eq!(code, 2);
    assert_eq!(codes(&json), ["intake::dir::missing"]);
}

#[test]
fn a_file_as_dir_cannot_run() {
    let (code, json) = check_json("tests/fixtures/news-only/page.txt");
    assert_eq!(code, 2);
    assert_eq!(codes(&json), ["intake::dir::not-a-folder"]);
}

#[test]
fn broken_link_is_unreadable() {
    let json = assert_verdict("broken-link", 1, "blocked", Some("unreadable-sources"));
    let d = finding(&json, "intake::source::unreadable");
    assert!(d["message"].as_str().unwrap().contains("missing.md"));
    assert_eq!(d["path"], "tests/fixtures/broken-link/INDEX.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(3))
    );
}

#[test]
fn empty_index_has_no_sources() {
    assert_verdict("empty-index", 1, "blocked", Some("no-sources"));
}

#[test]
fn spec_with_a_news_clipping_passes_and_reports_the_clipping() {
    let json = assert_verdict("spec-with-clipping", 0, "pass", None);
    let sections = json["sources"][0]["sections"].as_array().unwrap();
    let clipping = sections
        .iter()
        .find(|s| s["title"].as_str().unwrap().starts_with("Press clipping"))
        .unwrap();
    assert_eq!(clipping["genre"], "news");
    assert!(sections.iter().any(|s| s["genre"] == "requirements"));
}

#[test]
fn policy_news_full_of_obligations_is_news() {
    let json = assert_verdict("policy-news-zh", 1, "blocked", Some("news-reports"));
    assert_eq!(json["sources"][0]["genre"], "news");
}

#[test]
fn a_law_full_of_shall_is_not_requirements() {
    let json = assert_verdict("law-en", 1, "blocked", Some("no-requirements"));
    assert_eq!(json["sources"][0]["genre"], "other");
}

#[test]
fn english_wire_story_with_must_is_news() {
    assert_verdict("wire-news-en", 1, "blocked", Some("news-reports"));
}

#[test]
fn text_broken_mid_word_still_reads_as_news() {
    assert_verdict("pdf-broken-news", 1, "blocked", Some("news-reports"));
}

#[test]
fn unlinked_files_are_warned_about() {
    let json = assert_verdict("unlinked", 0, "pass", None);
    let d = finding(&json, "intake::unlinked-file");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["path"], "tests/fixtures/unlinked/stray.txt");
}

#[test]
fn background_news_beside_requirements_passes_without_a_warning() {
    let json = assert_verdict("background", 0, "pass", None);
    assert!(!codes(&json).contains(&"intake::news-beside-requirements".to_owned()));
    let clipping = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["background"] == true)
        .expect("background source reported");
    assert_eq!(clipping["genre"], "news");
}

#[test]
fn bad_flags_exit_2() {
    intake()
        .args(["check", "--format", "yaml"])
        .assert()
        .code(2);
    intake().arg("frobnicate").assert().code(2);
}

#[test]
fn help_documents_exit_codes() {
    let out = intake().args(["check", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("0  pass")
            && text.contains("1  blocked")
            && text.contains("2  could not run")
    );
}

#[test]
fn a_language_without_rules_is_reported_not_judged() {
    let json = assert_verdict("french-spec", 1, "blocked", Some("no-requirements"));
    let d = finding(&json, "intake::language::unsupported");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("no rules for language fr"));
    assert_eq!(json["sources"][0]["genre"], "other");
    assert_eq!(json["sources"][0]["language"], "fr");
}

#[test]
fn requirements_that_name_dates_and_people_pass() {
    let json = assert_verdict("requirements-with-people", 0, "pass", None);
    assert_eq!(json["sources"][0]["genre"], "requirements");
}

#[test]
fn a_borderline_call_warns_with_evidence_both_ways() {
    // A vendor's statement dated by weekday beside two system-shall lines: news by a little.
    let json = assert_verdict("low-confidence", 1, "blocked", Some("news-reports"));
    let confidence = json["sources"][0]["confidence"].as_f64().unwrap();
    assert!(confidence < 0.6, "{confidence}");
    let d = finding(&json, "intake::low-confidence");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("requirements evidence: rule:req.en.system-shall"),
        "{message}"
    );
    assert!(
        message.contains("news evidence: rule:news.en.said-when"),
        "{message}"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("intake-lint").unwrap();
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd
            .args(["check", &fixture("news-only")])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&["--color", "always"], true).contains('\u{1b}'));
    assert!(!run(&["--color", "never"], false).contains('\u{1b}'));
    // auto: stdout is not a terminal here, so no colour.
    assert!(!run(&[], false).contains('\u{1b}'));
}
