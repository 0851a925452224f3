//! How long the stages of judging one long file take (a development aid for the `single`
//! benchmark): `RAYON_NUM_THREADS=1 cargo run --release --example layout_time -- FILE [MB]`.

use intake_lint::engine::load_ruleset;
use intake_lint::judge::judge_text;
use intake_lint::model::{Model, Scorer};
use intake_lint::text::layout::Layout;
use intake_lint::text::position::LineIndex;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a file");
    let text = std::fs::read_to_string(path).expect("a UTF-8 file");
    let megabytes: usize = args
        .next()
        .map_or(usize::MAX, |m| m.parse().expect("a size in MB"));
    let mut end = text.len().min(megabytes.saturating_mul(1 << 20));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let rules = load_ruleset(&[] as &[PathBuf]).expect("rules load");
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
}
