//! Internals for the project's own development tools, fuzz targets and benchmarks
//! (`xtask/`, `fuzz/`, `benches/`): not a stable interface, and hidden from the docs.

pub use crate::engine::{scan, test_examples, Hit, Pattern, Reach};
pub use crate::input::decode::{decode, Decoded};
pub use crate::input::formats::Origins;
pub use crate::input::index::{links, stray_background_marks, Link};
pub use crate::input::target::{classify, Target};
pub use crate::inventory::gold;
pub use crate::rules::{parse_rules, rule_sources};
pub use crate::text::layout::Layout;
pub use crate::text::position::LineIndex;

/// Reads a document's bytes as `check` reads a source called `name` (its format told from
/// the bytes and the name), within the default limits: for fuzzing the format readers.
pub fn read_document(bytes: Vec<u8>, name: &str) -> Result<Decoded, String> {
    let limits = crate::input::formats::Limits::new(
        crate::input::open::DEFAULT_MAX_SOURCE_BYTES,
        std::time::Duration::from_secs(crate::input::formats::DEFAULT_EXTRACTION_SECONDS),
    );
    crate::input::formats::read_document(bytes, name, &limits).map_err(|p| p.describe(name))
}
