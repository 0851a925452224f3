//! The requirement statements of a run's sources, listed by reading them again when a report
//! asks for them (`check --format json` writes them under `requirements`). A run over
//! thousands of sources keeps no text once a source is judged: holding every statement until
//! the report is written would cost more memory than the run itself, so the report reads each
//! source again, a batch at a time, and lists its statements from the calls the run made.

use super::source::requirement_parts;
use super::SourceReport;
use crate::input::open::{read_source, Confinement};
use crate::inventory::Statement;
use crate::text::layout::Layout;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where a run's sources are, and the limits they were read within.
#[derive(Debug)]
pub struct SourceFiles {
    dir: PathBuf,
    confinement: Confinement,
    /// The path of each source relative to the folder, by the path reports show.
    rel: HashMap<String, PathBuf>,
    max_bytes: u64,
    extraction: Duration,
}

impl SourceFiles {
    pub(super) fn new(
        dir: &Path,
        confinement: Confinement,
        rel: HashMap<String, PathBuf>,
        max_bytes: u64,
        extraction: Duration,
    ) -> Self {
        SourceFiles {
            dir: dir.to_path_buf(),
            confinement,
            rel,
            max_bytes,
            extraction,
        }
    }

    /// The first `limit` statements of `source` as the run called it: read again, split
    /// again, listed. None when it can no longer be read as it was (moved, changed), or is
    /// larger than a report reads again.
    pub(crate) fn statements(&self, source: &SourceReport, limit: usize) -> Option<Vec<Statement>> {
        // No file of the run's links: INDEX.md, whose statements were listed from its text.
        let Some(rel) = self.rel.get(&source.path) else {
            return Some(Vec::new());
        };
        let max_bytes = self.max_bytes.min(MAX_REREAD_BYTES);
        let decoded = read_source(
            &self.dir,
            &self.confinement,
            rel,
            max_bytes,
            self.extraction,
        )
        .ok()?;
        let layout = Layout::new(&decoded.text);
        // A file changed since it was judged no longer fits the calls made on it.
        if layout.sections.len() != source.sections.len() {
            return None;
        }
        let parts = requirement_parts(&layout, source.genre, &source.sections);
        let mut out = Vec::new();
        crate::inventory::for_each_statement(&decoded.text, &layout, &parts, |s| {
            out.push(s);
            match out.len() < limit {
                true => std::ops::ControlFlow::Continue(()),
                false => std::ops::ControlFlow::Break(()),
            }
        });
        Some(out)
    }
}

/// Largest source a report reads again for its statements: one larger (a 200 MB dump) is a
/// `intake-lint inventory` away, not in every `check` report.
pub(crate) const MAX_REREAD_BYTES: u64 = 8 << 20;

/// Whether a report lists statements of `source`: not background, and called requirements
/// as a whole or in a section.
pub(crate) fn may_list(source: &SourceReport) -> bool {
    !source.background
        && (source.genre == crate::rules::Genre::Requirements
            || source
                .sections
                .iter()
                .any(|s| s.genre == crate::rules::Genre::Requirements))
}
