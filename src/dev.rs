//! Internals for the project's own development tools, fuzz targets and benchmarks
//! (`xtask/`, `fuzz/`, `benches/`): not a stable interface, and hidden from the docs.

pub use crate::engine::{scan, test_examples, Hit, Pattern, Reach};
pub use crate::input::decode::{decode, Decoded};
pub use crate::input::index::{links, stray_background_marks, Link};
pub use crate::input::target::{classify, Target};
pub use crate::rules::{parse_rules, rule_sources};
pub use crate::text::layout::Layout;
pub use crate::text::position::LineIndex;
