//! Time spent judging a folder's files in memory, on one thread, without reading or
//! reporting: the engine's cost alone, the least of several rounds (a development aid for
//! changes too small for the noise of whole runs): `cargo run --release --example judge_time
//! -- DIR [ROUNDS]`.

use intake_lint::check::judge_source;
use intake_lint::engine::load_ruleset;
use intake_lint::input::decode::Decoded;
use intake_lint::judge::Weighing;
use intake_lint::model::{Model, Scorer};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: judge_time DIR [ROUNDS]"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let rules = load_ruleset(&[] as &[PathBuf]).expect("rules load");
    let texts: Vec<Decoded> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "INDEX.md")
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|text| Decoded {
            text,
            encoding: "UTF-8",
        })
        .collect();
    let bytes: usize = texts.iter().map(|t| t.text.len()).sum();
    let weighing = Weighing::default();
    let scorer = Scorer::new(Model::builtin(), &rules);
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        for decoded in &texts {
            std::hint::black_box(judge_source(
                &rules,
                &scorer,
                "x",
                decoded,
                &weighing,
                false,
                intake_lint::check::Detail {
                    excerpts: false,
                    weighed: false,
                },
            ));
        }
        best = best.min(start.elapsed());
    }
    println!(
        "{} files, {} bytes: best of {rounds} rounds {best:?} ({:.2} ns a byte)",
        texts.len(),
        bytes,
        best.as_nanos() as f64 / bytes as f64
    );
}
