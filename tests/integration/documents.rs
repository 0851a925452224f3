//! The documents of `../shared/formats` (real PDF, Word, OpenDocument, spreadsheet, CSV, HTML
//! and EPUB files, each labelled), read and judged in one run as `check` reads a seeds folder:
//! each English or Chinese file with text gets its label's call, with evidence placed in the
//! original; files in other languages are read and reported as such; files that cannot be
//! read get their specific error. Skipped with a note when `../shared` is not beside the
//! checkout, except under CI.

use crate::common::intake;
use serde_json::Value;
use std::path::Path;

const FORMATS: &str = "../shared/formats";

/// Files whose call differs from their label today, each with what it gets and why. The test
/// fails when one of them starts to get its label (take it off the list) or changes its miss.
const KNOWN_MISSES: &[(&str, &str, &str)] = &[
    // The model's judgement, not the reading: the text taken out is the newsletter's.
    (
        "civil-chronicles-college-newsletter-2023.pdf",
        "other",
        "a college newsletter: event reports without datelines",
    ),
];

struct Row {
    file: String,
    label: String,
    lang: String,
    format: String,
    notes: String,
}

impl Row {
    /// The file's name, as it is linked in the seeds folder.
    fn name(&self) -> String {
        let name = Path::new(&self.file).file_name().unwrap_or_default();
        name.to_string_lossy().into_owned()
    }
}

fn rows() -> Option<Vec<Row>> {
    let labels = Path::new(FORMATS).join("labels.tsv");
    let Ok(text) = std::fs::read_to_string(&labels) else {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI must have ../shared/formats beside the checkout"
        );
        eprintln!("skipped: {FORMATS} is not here");
        return None;
    };
    Some(
        text.lines()
            .skip(1)
            .filter_map(|line| {
                let f: Vec<&str> = line.split('\t').collect();
                (f.len() >= 5).then(|| Row {
                    file: f[0].to_owned(),
                    label: f[1].to_owned(),
                    lang: f[2].to_owned(),
                    format: f[3].to_owned(),
                    notes: f[4].to_owned(),
                })
            })
            .collect(),
    )
}

/// All the documents in one seeds folder, named by their file name, checked at once.
fn check_all(rows: &[Row]) -> (tempfile::TempDir, Value) {
    let root = tempfile::tempdir().expect("temp dir");
    let mut index = String::from("# Formats\n\n");
    for row in rows {
        let name = row.name();
        std::fs::copy(Path::new(FORMATS).join(&row.file), root.path().join(&name)).unwrap();
        index.push_str(&format!("- [{name}](<{name}>)\n"));
    }
    std::fs::write(root.path().join("INDEX.md"), index).unwrap();
    let out = intake()
        .arg("check")
        .arg(root.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json = serde_json::from_slice(&out.stdout).expect("JSON output");
    (root, json)
}

/// What a file got: its genre, `no-rules` (a language without a rule pack), or
/// `unreadable: why` (`legacy`, `lock file`, `no text layer`, `other`).
fn outcome(json: &Value, name: &str) -> String {
    let ends = |p: &Value| p.as_str().is_some_and(|p| p.ends_with(&format!("/{name}")));
    let diagnostics = json["diagnostics"].as_array().unwrap();
    // An unreadable source is reported at its link in INDEX.md, naming the file.
    let message = |code: &str| {
        diagnostics
            .iter()
            .map(|d| (d, d["message"].as_str().unwrap_or_default()))
            .find(|(d, m)| {
                d["code"] == code && (ends(&d["path"]) || m.contains(&format!("/{name}`")))
            })
            .map(|(_, m)| m.to_owned())
    };
    if let Some(m) = message("intake::source::unreadable") {
        let why = if m.contains("old binary Word document") {
            "legacy"
        } else if m.contains("is not a Word document") {
            "lock file"
        } else if m.contains("no text layer") {
            "no text layer"
        } else {
            "other"
        };
        return format!("unreadable: {why}");
    }
    if message("intake::language::unsupported").is_some() {
        return "no-rules".to_owned();
    }
    let source = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| ends(&s["path"]))
        .unwrap_or_else(|| panic!("{name} neither judged nor reported"));
    source["genre"].as_str().unwrap().to_owned()
}

#[test]
fn every_document_gets_its_labels_call_or_its_specific_error() {
    let Some(rows) = rows() else { return };
    let (_root, json) = check_all(&rows);
    let mut wrong = Vec::new();
    for row in &rows {
        let name = row.name();
        let got = outcome(&json, &name);
        let expected = if row.format == "doc" {
            // Old binary Word files and a lock file: unreadable, whatever their label.
            if row.notes.contains("BROKEN") {
                "unreadable: lock file"
            } else {
                "unreadable: legacy"
            }
        } else if row.notes.contains("text layer: NONE") {
            "unreadable: no text layer"
        } else if row.lang != "en" && row.lang != "zh" {
            "no-rules"
        } else {
            row.label.as_str()
        };
        let got_label = match (got.as_str(), expected) {
            // An `other` document is blocked whatever it is called, but never passed.
            ("news", "other") => "other",
            (g, _) => g,
        };
        let known = KNOWN_MISSES.iter().find(|(file, _, _)| *file == name);
        match known {
            Some((_, miss, why)) if got_label != *miss => wrong.push(format!(
                "{name}: listed as a known miss ({why}) getting {miss}, now gets {got}: \
                 update KNOWN_MISSES"
            )),
            Some(_) => {}
            None if got_label != expected => {
                wrong.push(format!("{name}: expected {expected}, got {got}"));
            }
            None => {}
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn evidence_is_placed_in_the_original() {
    let Some(rows) = rows() else { return };
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| {
            ["docx", "odt", "xlsx", "csv", "html", "epub", "pdf"].contains(&r.format.as_str())
        })
        .filter(|r| !r.notes.contains("text layer: NONE"))
        .filter(|r| r.lang == "en" || r.lang == "zh")
        .collect();
    let (_root, json) = check_all(&rows);
    let expected_field = |format: &str| match format {
        "docx" | "odt" => "paragraph",
        "xlsx" | "csv" => "sheet",
        "epub" => "chapter",
        "pdf" => "page",
        _ => "line",
    };
    for row in &rows {
        let name = row.name();
        let source = json["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(&name))
            .unwrap();
        assert_eq!(source["format"], row.format, "{name}");
        let evidence = source["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty(), "{name} has evidence");
        for e in evidence {
            let field = expected_field(&row.format);
            assert!(
                !e["origin"][field].is_null(),
                "{name}: evidence without its {field}: {e:#}"
            );
        }
    }
}
