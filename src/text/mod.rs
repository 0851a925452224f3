//! A text as the rest of the pipeline sees it: positions (lines, character columns), its
//! language, its layout (headings and sections), and excerpts of its lines for reports.

pub mod excerpt;
mod headings;
pub mod lang;
pub mod layout;
pub mod position;
