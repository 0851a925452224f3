//! Hits, sections and lines of one file (a development aid for memory work):
//! `cargo run --release --example hit_count -- FILE`.

use intake_lint::judge::{judge_text, Weighing};
use intake_lint::rules::load_ruleset;
use std::path::PathBuf;

fn main() {
    let rules = load_ruleset(&[] as &[PathBuf]).expect("rules load");
    println!("literal automaton: {} bytes", rules.automaton_bytes());
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let j = judge_text(&rules, &text, &Weighing::default());
        println!(
            "{path}: {} bytes, {} hits, {} sections, {} lines, {} headings",
            text.len(),
            j.hits.len(),
            j.sections.len(),
            j.layout.lines.line_count(),
            j.layout.headings.len()
        );
    }
}
