//! How long splitting one long file into lines and sections takes (a development aid for the
//! `single` benchmark): `cargo run --release --example layout_time -- FILE`.

fn main() {
    let path = std::env::args().nth(1).expect("path");
    let text = std::fs::read_to_string(path).expect("read");
    let (mut best, mut best_index) = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let index = intake_lint::position::LineIndex::new(&text);
        best_index = best_index.min(t.elapsed().as_secs_f64());
        std::hint::black_box(index);
        let t = std::time::Instant::now();
        let layout = intake_lint::sections::Layout::new(&text);
        best = best.min(t.elapsed().as_secs_f64());
        std::hint::black_box(layout);
    }
    println!(
        "layout {:.1} ms, line index {:.1} ms",
        best * 1e3,
        best_index * 1e3
    );
}
