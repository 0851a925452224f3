//! Hits, sections and lines of one file (a development aid for memory work):
//! `cargo run --release --example hit_count -- FILE`.

use intake_lint::engine::load_ruleset;
use intake_lint::judge::judge_text;
use intake_lint::model::{Model, Scorer};
use std::io::Write;
use std::path::PathBuf;

fn main() {
    let rules = load_ruleset(&[] as &[PathBuf]).expect("rules load");
    let scorer = Scorer::new(Model::builtin(), &rules);
    // A closed pipe (`| head`) ends the run quietly.
    let mut out = std::io::stdout().lock();
    if writeln!(out, "literal automaton: {} bytes", rules.automaton_bytes()).is_err() {
        return;
    }
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let j = judge_text(&rules, &scorer, &text);
        let line = writeln!(
            out,
            "{path}: {} bytes, {} hits, {} sections, {} lines, {} headings",
            text.len(),
            j.hits.len(),
            j.sections.len(),
            j.layout.lines.line_count(),
            j.layout.headings.len()
        );
        if line.is_err() {
            return;
        }
    }
}
