//! `intake-lint text FILE`: the text a document is read as, the same way `check` reads a
//! source, so a user can see what the rules saw in a Word file or a web page.

use super::{write_all, Exit};
use crate::error::IntakeError;
use crate::input::formats::DEFAULT_EXTRACTION_SECONDS;
use crate::input::open::{read_source, Confinement, MAX_SOURCE_BYTES};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// Prints the text of `file`, each line prefixed with its origin when `origins` is set.
pub(super) fn run(file: &Path, origins: bool, out: &mut dyn Write) -> Result<Exit, IntakeError> {
    let shown = file.display().to_string();
    let problem = |reason: String| IntakeError::Unreadable(reason);
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = file.file_name().map(Path::new).unwrap_or(file);
    let root = std::fs::canonicalize(dir).map_err(|e| problem(format!("`{shown}`: {e}")))?;
    let decoded = read_source(
        dir,
        &Confinement::new(root),
        name,
        MAX_SOURCE_BYTES,
        Duration::from_secs(DEFAULT_EXTRACTION_SECONDS),
    )
    .map_err(|p| problem(p.describe_as(("document", "its folder"), &shown)))?;
    if !origins || decoded.origins.is_empty() {
        write_all(out, &decoded.text)?;
        return Ok(Exit::Pass);
    }
    let mut text = String::with_capacity(decoded.text.len() * 2);
    let mut offset = 0;
    for line in decoded.text.split_inclusive('\n') {
        let place = match decoded.origins.at(offset) {
            Some(origin) if !line.trim().is_empty() => origin.describe(),
            _ => String::new(),
        };
        text.push_str(&format!("{place:<24} | {line}"));
        offset += line.len();
    }
    write_all(out, &text)?;
    Ok(Exit::Pass)
}
