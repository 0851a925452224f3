//! The bounds every rule pack is held to, and what a word is: shared by compiling and matching.

/// Size limits that keep any rule pack from making a run slow or large.
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 20;
pub(crate) const REGEX_CACHE_LIMIT: usize = 2 << 20;
pub(crate) const MAX_PATTERN_LEN: usize = 2000;
/// Bytes searched either side of a trigger. Patterns of unbounded length (`\s*`, `+`) are
/// searched this far, so a match is at most this long around its trigger: evidence longer
/// than a paragraph is not evidence of a convention.
pub(crate) const MATCH_WINDOW: usize = 256;

/// Whether a byte belongs to an ASCII word: a phrase that starts or ends with one must not
/// touch another (`said` does not match in `unsaid`).
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}
