//! A text as the rest of the pipeline sees it: positions (lines, character columns), its
//! language, its layout (headings and sections), and excerpts of its lines for reports.

pub(crate) mod excerpt;
mod headings;
pub(crate) mod lang;
pub(crate) mod layout;
pub(crate) mod position;
