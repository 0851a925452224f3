//! Which literals of the matcher fire most on a set of files (a development aid for rule
//! authors chasing slow patterns): `cargo run --release --example trigger_stats -- FILE...`.

use intake_lint::engine::load_ruleset;
use std::collections::HashMap;
use std::path::PathBuf;

fn main() {
    let rules = load_ruleset(&[] as &[PathBuf]).expect("rules load");
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut bytes = 0usize;
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        bytes += text.len();
        for (literal, n) in rules.literal_hits(&text) {
            *counts.entry(literal).or_default() += n;
        }
    }
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    list.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    println!("{bytes} bytes");
    for (literal, n) in list.iter().take(40) {
        println!("{n:>8}  {literal:?}");
    }
}
