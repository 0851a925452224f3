//! Colour: `--color always|never|auto`, and NO_COLOR honoured with auto.

use crate::common::fixture;

#[test]
fn colour_follows_the_flag_and_no_color() {
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("intake-lint").unwrap();
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd
            .args(["check", &fixture("news-only")])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&["--color", "always"], true).contains('\u{1b}'));
    assert!(!run(&["--color", "never"], false).contains('\u{1b}'));
    // auto: stdout is not a terminal here, so no colour.
    assert!(!run(&[], false).contains('\u{1b}'));
}
