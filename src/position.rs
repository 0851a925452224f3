//! Byte offsets to 1-based lines and character columns.
//!
//! miette's `file:line:col` header counts bytes; JSON, SARIF and GitHub consumers expect
//! characters, so every machine-readable position goes through here.

/// Line starts of one text, for repeated lookups: 32-bit offsets for texts under 4 GiB (half
/// the memory on a long file of short lines), native ones beyond.
#[derive(Debug, Clone)]
pub enum LineIndex {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes());
        // Counted first, so that the index is allocated once at its size (growing by doubling
        // would hold up to three times the memory at the moment it moves).
        let count = newlines.clone().count() + 1;
        match u32::try_from(text.len()) {
            Ok(_) => {
                let mut starts = Vec::with_capacity(count);
                starts.push(0u32);
                // Offsets are below the text's length, which fits.
                starts.extend(newlines.map(|i| (i + 1) as u32));
                LineIndex::Narrow(starts)
            }
            Err(_) => {
                let mut starts = Vec::with_capacity(count);
                starts.push(0usize);
                starts.extend(newlines.map(|i| i + 1));
                LineIndex::Wide(starts)
            }
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        let found = match self {
            LineIndex::Narrow(starts) => match u32::try_from(offset) {
                Ok(o) => starts.binary_search(&o),
                Err(_) => Err(starts.len()),
            },
            LineIndex::Wide(starts) => starts.binary_search(&offset),
        };
        match found {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where the (1-based) line starts.
    pub fn line_start(&self, line: usize) -> usize {
        let i = line.saturating_sub(1);
        match self {
            LineIndex::Narrow(starts) => starts.get(i).map_or(0, |s| *s as usize),
            LineIndex::Wide(starts) => starts.get(i).copied().unwrap_or(0),
        }
    }

    /// 1-based line and character column of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line(offset);
        let start = self.line_start(line);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    pub fn line_count(&self) -> usize {
        match self {
            LineIndex::Narrow(starts) => starts.len(),
            LineIndex::Wide(starts) => starts.len(),
        }
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or above `offset`.
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let text = "ab\n本报讯x\n\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        // "x" after three Han characters (9 bytes) is the 4th character.
        assert_eq!(idx.line_col(text, 12), (2, 4));
        assert_eq!(idx.line_col(text, 14), (3, 1));
        assert_eq!(idx.line_col(text, 15), (4, 1));
        assert_eq!(idx.line_count(), 4);
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "本报";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 1), (1, 1));
        assert_eq!(idx.line_col(text, 4), (1, 2));
        assert_eq!(idx.line_col(text, 99), (1, 3));
    }
}
