//! Development aids for intake-lint, kept out of the product: `cargo xtask TASK [ARGS]`
//! (an alias for `cargo run --release --package xtask --`).
//!
//! | task | what it shows |
//! |---|---|
//! | `judge-time DIR [ROUNDS]` | time spent judging a folder's files in memory, on one thread, best of several rounds: the engine's cost alone, for changes too small for the noise of whole runs |
//! | `layout-time FILE [MB]` | how long the stages of judging one long file take (line index, layout, judgement) |
//! | `hit-count FILE...` | hits, sections, lines and headings of each file, and the automaton's size (memory work) |
//! | `trigger-stats FILE...` | which literals of the matcher fire most (rule authors chasing slow patterns) |
//! | `pattern-reach` | how each pattern is searched: its trigger window, headings only, or whole texts |

mod tasks;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask judge-time DIR [ROUNDS] | layout-time FILE [MB] | \
                     hit-count FILE... | trigger-stats FILE... | pattern-reach";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let result = match task.as_str() {
        "judge-time" => tasks::judge_time(&rest),
        "layout-time" => tasks::layout_time(&rest),
        "hit-count" => tasks::hit_count(&rest),
        "trigger-stats" => tasks::trigger_stats(&rest),
        "pattern-reach" => tasks::pattern_reach(),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
