//! Helpers shared by the CLI tests.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

/// The binary, with colour and terminal detection out of the way.
pub(crate) fn intake() -> Command {
    let mut cmd = Command::cargo_bin("intake-lint").expect("binary is built");
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

pub(crate) fn fixture(name: &str) -> String {
    format!("tests/cases/{name}/seeds")
}

/// Runs `check DIR --format json` and returns the exit code and parsed output.
pub(crate) fn check_json(dir: &str) -> (i32, Value) {
    let out = intake()
        .args(["check", dir, "--format", "json"])
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

pub(crate) fn codes(json: &Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .map(|d| {
            d.iter()
                .map(|x| x["code"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The first diagnostic with `code` (panics with the whole output when there is none).
pub(crate) fn finding<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|x| x["code"] == code))
        .unwrap_or_else(|| panic!("no `{code}` finding in {json:#}"))
}
