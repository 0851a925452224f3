//! The inventory against the gold set marked by hand (`tests/inventory/`): the first five
//! requirements documents of each language in `../shared/corpus` and in `../shared/train`, by
//! file name, every statement marked. Recall and precision of statements must stay at 90% or
//! more; the table is printed (`cargo test inventory_gold -- --nocapture`).

use crate::common::intake;
use intake_lint::dev::gold::{self, Listed, Score};
use std::path::Path;

const GOLD: &str = "tests/inventory";

/// The inventory of one document, as `intake-lint inventory --format json` lists it.
fn listed(doc: &Path) -> Vec<Listed> {
    let seeds = tempfile::tempdir().unwrap();
    let name = doc.file_name().unwrap().to_str().unwrap();
    std::fs::copy(doc, seeds.path().join(name)).unwrap();
    std::fs::write(
        seeds.path().join("INDEX.md"),
        format!("# Seeds\n\n- [{name}](<{name}>)\n"),
    )
    .unwrap();
    let out = intake()
        .args([
            "inventory",
            seeds.path().to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Listed {
            line: s["line"].as_u64().unwrap() as usize,
            end_line: s["end_line"].as_u64().unwrap() as usize,
            kind: s["kind"].as_str().unwrap().to_owned(),
            text: s["text"].as_str().unwrap().to_owned(),
        })
        .collect()
}

fn row(name: &str, s: &gold::Tally) -> String {
    format!(
        "{name:<44} {:>5} {:>6} {:>7.3} {:>9.3}",
        s.marked,
        s.listed,
        s.recall(),
        s.precision()
    )
}

#[test]
fn the_inventory_finds_the_marked_statements() {
    let sources = std::fs::read_to_string(format!("{GOLD}/SOURCES.tsv")).unwrap();
    let mut total = Score::default();
    let mut table = vec![format!(
        "{:<44} {:>5} {:>6} {:>7} {:>9}",
        "document", "marked", "listed", "recall", "precision"
    )];
    for name in sources.lines().skip(1).filter_map(|l| l.split('\t').next()) {
        let marks =
            gold::parse(&std::fs::read_to_string(format!("{GOLD}/gold/{name}.tsv")).unwrap())
                .unwrap_or_else(|e| panic!("{name}.tsv: {e}"));
        let score = gold::score(&marks, &listed(&Path::new(GOLD).join("docs").join(name)));
        table.push(row(name, &score.statements));
        total.add(&score);
    }
    table.push(row("all statements", &total.statements));
    table.push(row("all statements, kinds matching", &total.kinds));
    for (kind, tally) in &total.by_kind {
        table.push(row(&format!("  {kind}"), tally));
    }
    println!("{}", table.join("\n"));
    let all = total.statements;
    assert!(
        all.recall() >= 0.90 && all.precision() >= 0.90,
        "the inventory fell below 90% recall or precision:\n{}",
        table.join("\n")
    );
    // Kinds are fuzzier at their edges (a modal word in a list item); a guard, not a target.
    assert!(
        total.kinds.recall() >= 0.80 && total.kinds.precision() >= 0.80,
        "{}",
        table.join("\n")
    );
}
