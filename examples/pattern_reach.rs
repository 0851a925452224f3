//! How each pattern is searched (a development aid for rule authors): triggered patterns with
//! their window, heading-only ones, and any that scan whole texts.
//! `cargo run --release --example pattern_reach`.

use intake_lint::engine::{load_ruleset, Reach};
use std::path::PathBuf;

fn main() {
    let rules = load_ruleset(&[] as &[PathBuf]).expect("rules load");
    for p in &rules.patterns {
        let reach = match p.reach {
            Reach::Triggered { max_len } => format!("window {max_len}"),
            Reach::TriggeredHeadings => "headings w/ trigger".to_owned(),
            Reach::Headings => "headings".to_owned(),
            Reach::Everywhere => "EVERYWHERE".to_owned(),
        };
        let verify = if p.is_anchored() {
            "anchored"
        } else {
            "window"
        };
        println!(
            "{:<20} {:<8} {:<32} {}",
            reach,
            verify,
            rules.rules[p.rule].id,
            p.source.chars().take(60).collect::<String>()
        );
    }
}
