//! The command-line cases of `tests/cases/`: each folder holds its input, a `cmd` file (lines
//! of arguments to `intake-lint`, run in the folder; `#` lines say what the case shows) and
//! `output.snap`, the expected exit status, stdout and stderr of every line. A case that
//! differs fails with a diff; `INSTA_UPDATE=always cargo test cases` rewrites the snapshots
//! (review them with `git diff` or `cargo insta review`).

use crate::common::intake;
use std::path::{Path, PathBuf};

/// Runs each line of a case's `cmd` in the case's folder: the command, then its exit status,
/// stdout and stderr.
fn run_case(dir: &Path) -> String {
    let cmd = std::fs::read_to_string(dir.join("cmd")).expect("every case has a cmd file");
    let mut text = String::new();
    for line in cmd.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let out = intake()
            .current_dir(dir)
            .args(line.split_whitespace())
            .output()
            .expect("intake-lint runs");
        let status = out
            .status
            .code()
            .map_or("killed".to_owned(), |c| c.to_string());
        text.push_str(&format!(
            "$ intake-lint {line}\nexit: {status}\n--- stdout\n"
        ));
        text.push_str(&String::from_utf8_lossy(&out.stdout));
        text.push_str("--- stderr\n");
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        text.push('\n');
    }
    text
}

fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/cases exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("cmd").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_case_gives_its_recorded_output() {
    let dirs = case_dirs();
    assert!(dirs.len() >= 20, "the cases are missing: {dirs:?}");
    let mut failed = Vec::new();
    for dir in &dirs {
        let output = run_case(dir);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_input_file(dir.join("cmd"));
        let matched = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!("output", output));
        }));
        if matched.is_err() {
            failed.push(
                dir.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    assert!(
        failed.is_empty(),
        "cases that differ: {}",
        failed.join(", ")
    );
}
