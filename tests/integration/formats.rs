//! `--format sarif|github|json` from real runs: SARIF and JSON validate against their schemas.

use crate::common::{fixture, intake};
use serde_json::Value;

fn output(dir: &str, format: &str) -> (i32, String) {
    let out = intake()
        .args(["check", dir, "--format", format])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn validator(path: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

/// Asserts that `json` validates, listing every violation with its place.
fn assert_valid(v: &jsonschema::Validator, json: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

const CASES: &[&str] = &[
    "seeds",
    "tests/cases/mixed/seeds",
    "tests/cases/broken-link/seeds",
    "tests/cases/background/seeds",
];

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let v = validator("tests/schemas/sarif-schema-2.1.0.json");
    for dir in CASES {
        let (_, text) = output(dir, "sarif");
        assert_valid(&v, &serde_json::from_str(&text).unwrap(), dir);
    }
}

#[test]
fn sarif_describes_every_rule_that_fired_and_carries_the_verdict() {
    let (code, text) = output("seeds", "sarif");
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&text).unwrap();
    let run = &json["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert!(rules.contains(&id), "{id} not described");
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], id);
    }
    let verdict = &results[0];
    assert_eq!(verdict["ruleId"], "intake::blocked::news-reports");
    assert_eq!(verdict["level"], "error");
    assert!(verdict["message"]["text"]
        .as_str()
        .unwrap()
        .contains("news-reports"));
    let dateline = results
        .iter()
        .find(|r| r["ruleId"] == "news.zh.dateline-own")
        .expect("dateline result");
    let region = &dateline["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64().unwrap() >= 1);
    assert_eq!(region["startColumn"], 1);
}

#[test]
fn json_output_validates_against_its_documented_schema() {
    let v = validator("docs/json-output.schema.json");
    for dir in CASES.iter().copied().chain([
        "tests/cases/no-index/seeds",
        "tests/cases/french-spec/seeds",
        "tests/cases/requirements-only/seeds",
    ]) {
        let (_, text) = output(dir, "json");
        assert_valid(&v, &serde_json::from_str(&text).unwrap(), dir);
    }
}

#[test]
fn check_json_lists_the_inventory_of_the_run() {
    let dir = "tests/cases/requirements-only/seeds";
    let (_, text) = output(dir, "json");
    let check: Value = serde_json::from_str(&text).unwrap();
    let out = intake()
        .args(["inventory", dir, "--format", "json"])
        .output()
        .unwrap();
    let inventory: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!check["requirements"].as_array().unwrap().is_empty());
    assert_eq!(check["requirements"], inventory["requirements"]);
    assert!(check.get("requirements_truncated").is_none());
    // The two schemas describe a statement alike.
    let schema = |path: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    assert_eq!(
        schema("docs/json-output.schema.json")["definitions"]["statement"],
        schema("docs/inventory.schema.json")["definitions"]["statement"]
    );
}

#[test]
fn check_json_lists_at_most_two_thousand_statements_and_says_so() {
    let seeds = tempfile::tempdir().unwrap();
    let mut spec =
        String::from("# Software requirements specification\n\n## 3 Functional requirements\n\n");
    for i in 1..=2100 {
        spec.push_str(&format!(
            "- FR-{i}: The system shall export report number {i} as CSV.\n"
        ));
    }
    std::fs::write(seeds.path().join("srs.md"), spec).unwrap();
    std::fs::write(
        seeds.path().join("INDEX.md"),
        "# Seeds\n\n- [SRS](srs.md)\n",
    )
    .unwrap();
    let (code, text) = output(seeds.path().to_str().unwrap(), "json");
    assert_eq!(code, 0, "{text}");
    let json: Value = serde_json::from_str(&text).unwrap();
    let listed = json["requirements"].as_array().unwrap();
    assert_eq!(listed.len(), 2000);
    assert_eq!(listed[1999]["id"], "FR-2000");
    assert_eq!(json["requirements_truncated"], true);
    assert_valid(
        &validator("docs/json-output.schema.json"),
        &json,
        "truncated",
    );
}

#[test]
fn inventory_json_validates_against_its_schema() {
    let v = validator("docs/inventory.schema.json");
    for dir in [
        "tests/cases/requirements-only/seeds",
        "tests/cases/news-only/seeds",
    ] {
        let out = intake()
            .args(["inventory", dir, "--format", "json"])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_valid(&v, &json, dir);
    }
}

#[test]
fn github_annotations_one_per_finding_plus_the_verdict() {
    let (code, text) = output(&fixture("broken-link"), "github");
    assert_eq!(code, 1);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.iter().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")),
        "{text}"
    );
    assert!(lines.iter().any(|l| l.starts_with("::error file=tests/cases/broken-link/seeds/INDEX.md,line=4,col=3,title=intake%3A%3Asource%3A%3Aunreadable::")));
    assert!(lines
        .last()
        .unwrap()
        .starts_with("::error title=intake-lint verdict::intake blocked (unreadable-sources)"));

    let (_, text) = output("seeds", "github");
    assert!(text.contains(
        "::error file=seeds/000_5e5759a10dc1248c.txt,line=141,col=1,title=news.zh.dateline-own::"
    ));
}

/// `docs/codes.md` is the list of codes of `src/codes.rs`; `UPDATE_DOCS=1 cargo test` writes it.
#[test]
fn the_reference_of_codes_is_fresh() {
    let fresh = intake_lint::codes::reference();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write("docs/codes.md", &fresh).unwrap();
    }
    let committed = std::fs::read_to_string("docs/codes.md").unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/codes.md is stale: `UPDATE_DOCS=1 cargo test` writes it"
    );
}

/// `docs/rules.md` is `intake-lint rules --markdown` on the built-in packs; `UPDATE_DOCS=1
/// cargo test` writes it.
#[test]
fn the_reference_of_rules_is_fresh() {
    let out = intake().args(["rules", "--markdown"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let fresh = String::from_utf8(out.stdout).unwrap();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write("docs/rules.md", &fresh).unwrap();
    }
    let committed = std::fs::read_to_string("docs/rules.md").unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/rules.md is stale: `UPDATE_DOCS=1 cargo test` writes it"
    );
    assert!(fresh.contains("### `news.zh.dateline-own`"));
}
