//! Byte offsets to 1-based lines and character columns.
//!
//! miette's `file:line:col` header counts bytes; JSON, SARIF and GitHub consumers expect
//! characters, so every machine-readable position goes through here.

/// Line starts of one text, for repeated lookups: 32-bit offsets for texts under 4 GiB (half
/// the memory on a long file of short lines), native ones beyond.
#[derive(Debug, Clone)]
pub enum LineIndex {
    /// Line starts of a text under 4 GiB.
    Narrow(Vec<u32>),
    /// Line starts of a longer text.
    Wide(Vec<usize>),
}

impl LineIndex {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        match u32::try_from(text.len()) {
            Ok(_) => LineIndex::Narrow(line_starts(bytes, LINE_PIECE, |i| i as u32)),
            Err(_) => LineIndex::Wide(line_starts(bytes, LINE_PIECE, |i| i)),
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

    /// Byte range of a (1-based) line of a text `text_len` bytes long, its newline included.
    pub fn line_range(&self, line: usize, text_len: usize) -> std::ops::Range<usize> {
        let end = if line < self.line_count() {
            self.line_start(line + 1)
        } else {
            text_len
        };
        self.line_start(line)..end
    }

    /// 1-based line and character column of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line(offset);
        let start = self.line_start(line);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        match self {
            LineIndex::Narrow(starts) => starts.len(),
            LineIndex::Wide(starts) => starts.len(),
        }
    }
}

/// Bytes of text whose newlines are found by one task.
const LINE_PIECE: usize = 8 << 20;

/// Texts up to this long have their line index grown as newlines are found, not allocated at
/// its size after counting them: a growing index holds at most twice its size for a moment,
/// which matters only for long texts.
const UNCOUNTED_MAX: usize = 1 << 20;

/// Offsets where lines start (0 and after each newline), as `T`. Newlines are counted first,
/// so that the index is allocated once at its size (growing by doubling would hold up to three
/// times the memory at the moment it moves); a long text is counted and filled in parallel
/// pieces, each writing its own part of the index.
fn line_starts<T: Copy + Default + Send>(
    bytes: &[u8],
    piece: usize,
    at: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    if bytes.len() <= piece {
        // One piece, on this thread. A short text (most sources) is not counted first: a pass
        // of its own cost more than the vector's few moves as it grows.
        let lines = if bytes.len() <= UNCOUNTED_MAX {
            bytes.len() / 64
        } else {
            memchr::memchr_iter(b'\n', bytes).count()
        };
        let mut starts = Vec::with_capacity(lines + 1);
        starts.push(at(0));
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| at(i + 1)));
        return starts;
    }
    let pieces: Vec<&[u8]> = bytes.chunks(piece.max(1)).collect();
    let counts: Vec<usize> = pieces
        .par_iter()
        .map(|p| memchr::memchr_iter(b'\n', p).count())
        .collect();
    let mut starts = vec![T::default(); counts.iter().sum::<usize>() + 1];
    let (first, mut rest) = starts.split_at_mut(1);
    first[0] = at(0);
    let mut parts = Vec::with_capacity(pieces.len());
    for (k, n) in counts.iter().enumerate() {
        let (part, tail) = rest.split_at_mut(*n);
        parts.push((k * piece.max(1), pieces[k], part));
        rest = tail;
    }
    parts.into_par_iter().for_each(|(offset, piece, part)| {
        for (slot, i) in part.iter_mut().zip(memchr::memchr_iter(b'\n', piece)) {
            *slot = at(offset + i + 1);
        }
    });
    starts
}

/// The first `n` characters of `s` (all of it when shorter).
pub(crate) fn first_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(end, _)| &s[..end])
}

/// The largest char boundary at or below `offset`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or above `offset`.
pub(crate) fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
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
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn pieces_find_the_same_line_starts(text in "[a\n本]{0,60}", piece in 1usize..9) {
            let expected: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            prop_assert_eq!(line_starts(text.as_bytes(), piece, |i| i), expected);
        }
    }

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
