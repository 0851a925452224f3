//! The tasks, one function each; every one prints to stdout and returns a message on misuse.

use intake_lint::check::{judge_source, Detail};
use intake_lint::dev::{Decoded, Layout, LineIndex, Reach};
use intake_lint::{judge_text, load_ruleset, Model, RuleSet, Scorer, Weighing};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn builtin_rules() -> Result<RuleSet, String> {
    load_ruleset(&[] as &[PathBuf]).map_err(|e| format!("built-in rules: {e}"))
}

/// Time spent judging a folder's files in memory, on one thread, without reading or reporting.
pub(crate) fn judge_time(args: &[String]) -> Result<(), String> {
    let dir = PathBuf::from(args.first().ok_or("usage: judge-time DIR [ROUNDS]")?);
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let rules = builtin_rules()?;
    let texts: Vec<Decoded> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "INDEX.md")
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|text| Decoded::plain(text, "UTF-8"))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.text.len()).sum();
    let weighing = Weighing::default();
    let scorer = Scorer::new(Model::builtin(), &rules);
    let detail = Detail {
        excerpts: false,
        weighed: false,
        statements: false,
    };
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        for decoded in &texts {
            std::hint::black_box(judge_source(
                &rules, &scorer, "x", decoded, &weighing, false, detail,
            ));
        }
        best = best.min(start.elapsed());
    }
    println!(
        "{} files, {} bytes: best of {rounds} rounds {best:?} ({:.2} ns a byte)",
        texts.len(),
        bytes,
        best.as_nanos() as f64 / bytes.max(1) as f64
    );
    Ok(())
}

/// How long the stages of judging one long file take (the first MB megabytes of it).
pub(crate) fn layout_time(args: &[String]) -> Result<(), String> {
    let path = args.first().ok_or("usage: layout-time FILE [MB]")?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let megabytes = match args.get(1) {
        Some(m) => m.parse::<usize>().map_err(|_| "MB is a whole number")?,
        None => usize::MAX,
    };
    let mut end = text.len().min(megabytes.saturating_mul(1 << 20));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let rules = builtin_rules()?;
    let best = |f: &dyn Fn()| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::MAX, f64::min)
    };
    let index = best(&|| drop(std::hint::black_box(LineIndex::new(text))));
    let layout = best(&|| drop(std::hint::black_box(Layout::new(text))));
    let scorer = Scorer::new(Model::builtin(), &rules);
    let judge = best(&|| drop(std::hint::black_box(judge_text(&rules, &scorer, text))));
    println!(
        "{} MB: line index {index:.1} ms, layout {layout:.1} ms, judge {judge:.1} ms",
        text.len() >> 20
    );
    Ok(())
}

/// Hits, sections, lines and headings of each file.
pub(crate) fn hit_count(paths: &[String]) -> Result<(), String> {
    let rules = builtin_rules()?;
    let scorer = Scorer::new(Model::builtin(), &rules);
    // A closed pipe (`| head`) ends the run quietly.
    let mut out = std::io::stdout().lock();
    if writeln!(out, "literal automaton: {} bytes", rules.automaton_bytes()).is_err() {
        return Ok(());
    }
    for path in paths {
        let Ok(text) = std::fs::read_to_string(path) else {
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
            return Ok(());
        }
    }
    Ok(())
}

/// The literals of the matcher that fire most on the files.
pub(crate) fn trigger_stats(paths: &[String]) -> Result<(), String> {
    let rules = builtin_rules()?;
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut bytes = 0usize;
    for path in paths {
        let Ok(text) = std::fs::read_to_string(path) else {
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
    Ok(())
}

/// How each pattern of the built-in rules is searched.
pub(crate) fn pattern_reach() -> Result<(), String> {
    let rules = builtin_rules()?;
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
    Ok(())
}
