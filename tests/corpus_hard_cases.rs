//! Hard cases from the labelled development corpus (`../shared/corpus`, beside the checkout),
//! each judged alone. Skipped when the corpus is not there.

use intake_lint::check::judge_source;
use intake_lint::judge::Weighing;
use intake_lint::rules::{load_ruleset, Genre};
use std::path::{Path, PathBuf};

const CORPUS: &str = "../shared/corpus";

fn genre_of(file: &str) -> Option<Genre> {
    let path = Path::new(CORPUS).join(file);
    if !path.exists() {
        eprintln!("skipped: {} is not here", path.display());
        return None;
    }
    let rules = load_ruleset(&[] as &[PathBuf]).unwrap();
    let decoded = intake_lint::sources::decode(std::fs::read(&path).unwrap()).unwrap();
    let (report, _) = judge_source(&rules, file, &decoded, &Weighing::default(), false, false);
    Some(report.genre)
}

fn expect(file: &str, genre: Genre) {
    if let Some(judged) = genre_of(file) {
        assert_eq!(judged, genre, "{file}");
    }
}

#[test]
fn policy_news_full_of_obligations_is_news() {
    expect(
        "docs/news/zh/rmrb-samr-requirements-holiday.txt",
        Genre::News,
    );
    expect("docs/news/en/bbc-scots-smoking-ban.txt", Genre::News);
}

#[test]
fn laws_and_licences_full_of_shall_are_other() {
    expect("docs/other/zh/prc-data-security-law.md", Genre::Other);
    expect("docs/other/en/apache-2.0-license.txt", Genre::Other);
    expect("docs/other/en/us-constitution.txt", Genre::Other);
}

#[test]
fn specs_with_normative_keywords_are_requirements() {
    expect(
        "docs/requirements/en/ietf-rfc6455-websocket-framing-excerpt.txt",
        Genre::Requirements,
    );
    expect(
        "docs/requirements/en/pep-3333-wsgi.txt",
        Genre::Requirements,
    );
}

#[test]
fn requirements_naming_people_and_dates_are_requirements() {
    expect(
        "docs/requirements/zh/fzu-pingleme-grading-srs.md",
        Genre::Requirements,
    );
}

#[test]
fn writing_about_requirements_is_not_requirements() {
    expect("docs/other/zh/wiloon-blog-user-story.md", Genre::Other);
    expect(
        "docs/other/en/rust-lang-team-triage-minutes-2022-11-01.md",
        Genre::Other,
    );
}

#[test]
fn the_whole_corpus_meets_the_thresholds() {
    let corpus = Path::new(CORPUS);
    if !corpus.join("labels.tsv").exists() {
        eprintln!("skipped: no corpus");
        return;
    }
    let rules = load_ruleset(&[] as &[PathBuf]).unwrap();
    let thresholds = intake_lint::eval::Thresholds {
        requirements_pass: 0.98,
        news_blocked: 1.0,
        other_blocked: 0.9,
        macro_f1: 0.95,
    };
    let report = intake_lint::eval::eval(corpus, &rules, &Weighing::default(), thresholds).unwrap();
    assert!(
        report.passes(),
        "{}",
        intake_lint::eval::render_human(&report)
    );
}
