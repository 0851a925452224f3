//! `check --format html`: the page's structure read by an HTML tokenizer, as CI checks it
//! (the browser check is scripts/screenshots.sh): one self-contained document, headings in
//! order, one article per source, marked evidence reachable by keyboard with its rule's title,
//! and the inventory table holding every statement `inventory` lists.

use crate::common::intake;
use html5gum::{Token, Tokenizer};
use serde_json::Value;
use std::collections::BTreeMap;

/// The start tags of a page, each with its attributes.
fn tags(page: &str) -> Vec<(String, BTreeMap<String, String>)> {
    Tokenizer::new(page)
        .filter_map(Result::ok)
        .filter_map(|token| match token {
            Token::StartTag(tag) => Some((
                String::from_utf8_lossy(&tag.name).into_owned(),
                tag.attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).into_owned(),
                            String::from_utf8_lossy(v).into_owned(),
                        )
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

fn run(args: &[&str]) -> (i32, String) {
    let out = intake().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn the_page_is_self_contained_structured_and_lists_the_inventory() {
    for dir in [
        "seeds",
        "tests/cases/requirements-only/seeds",
        "tests/cases/spec-with-clipping/seeds",
        "tests/cases/mixed/seeds",
        "tests/cases/broken-link/seeds",
    ] {
        let (code, page) = run(&["check", dir, "--format", "html"]);
        let (json_code, json) = run(&["check", dir, "--format", "json"]);
        assert_eq!(
            code, json_code,
            "{dir}: the page's exit code is the check's"
        );
        assert!(page.len() < 5 << 20, "{dir}: the page is under 5 MiB");
        let tags = tags(&page);
        let names: Vec<&str> = tags.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.iter().filter(|n| **n == "html").count(), 1, "{dir}");
        assert!(
            tags[0].1.contains_key("lang"),
            "{dir}: the page names its language"
        );
        assert_eq!(
            names.iter().filter(|n| **n == "h1").count(),
            1,
            "{dir}: one h1"
        );
        // Headings never skip a level on the way down.
        let mut level = 0;
        for n in &names {
            if let Some(l) = n.strip_prefix('h').and_then(|d| d.parse::<usize>().ok()) {
                assert!(l <= level + 1, "{dir}: h{l} after h{level}");
                level = l;
            }
        }
        // Nothing is fetched: no external script, style, image or frame.
        for (name, attrs) in &tags {
            for key in ["src", "href"] {
                if let Some(v) = attrs.get(key) {
                    assert!(!v.contains("//"), "{dir}: <{name} {key}={v}> reaches out");
                }
            }
            assert_ne!(name, "link", "{dir}: no linked resources");
        }
        let json: Value = serde_json::from_str(&json).unwrap();
        let sources = json["sources"].as_array().unwrap().len();
        let articles = tags
            .iter()
            .filter(|(n, a)| n == "article" && a.get("class").is_some_and(|c| c == "source"))
            .count();
        assert_eq!(articles, sources, "{dir}: one article per source");
        for (_, attrs) in tags.iter().filter(|(n, _)| n == "mark") {
            assert_eq!(
                attrs.get("tabindex").map(String::as_str),
                Some("0"),
                "{dir}"
            );
            assert!(attrs.get("title").is_some_and(|t| !t.is_empty()), "{dir}");
        }
        let (_, inventory) = run(&["inventory", dir, "--format", "json"]);
        let inventory: Value = serde_json::from_str(&inventory).unwrap();
        let statements = inventory["requirements"].as_array().unwrap().len();
        let rows = tags
            .iter()
            .filter(|(n, a)| n == "tr" && a.contains_key("data-kind"))
            .count();
        assert_eq!(rows, statements, "{dir}: the table lists the inventory");
    }
}

#[test]
fn html_file_is_the_page_written_beside_another_format() {
    let dir = "tests/cases/spec-with-clipping/seeds";
    let file = tempfile::NamedTempFile::new().unwrap();
    let path = file.path().to_str().unwrap();
    let (code, json) = run(&["check", dir, "--format", "json", "--html", path]);
    assert_eq!(code, 0);
    assert!(
        serde_json::from_str::<Value>(&json).is_ok(),
        "stdout stays JSON"
    );
    let (_, page) = run(&["check", dir, "--format", "html"]);
    assert_eq!(std::fs::read_to_string(path).unwrap(), page);
    let (code, _) = run(&["check", dir, "--html", "/nonexistent/folder/page.html"]);
    assert_eq!(code, 2, "a page that cannot be written is an error");
}
