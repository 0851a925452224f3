//! Cutting a span's line down to what fits an 80-column report, CJK-wide characters counted
//! as two columns.

use crate::text::position::{ceil_char_boundary, floor_char_boundary, LineIndex};
use unicode_width::UnicodeWidthChar;

/// A line of text around a span, clipped for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// 1-based line number in the file.
    pub line: usize,
    /// The line, possibly clipped with `…` at either end.
    pub text: String,
    /// Byte range of the span within `text`.
    pub start: usize,
    /// Byte length of the span within `text`.
    pub len: usize,
}

/// Display columns an excerpt may take (80 minus miette's gutter and margins).
pub(crate) const EXCERPT_COLUMNS: usize = 64;

/// Whether every character of `s` is printable ASCII, one column wide (most lines of an
/// English text): its width is its length, and it is cut anywhere.
fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7F).contains(&b))
}

fn width(s: &str) -> usize {
    if is_printable_ascii(s) {
        return s.len();
    }
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The line holding `start..start+len`, clipped around the span.
pub(crate) fn excerpt(text: &str, lines: &LineIndex, start: usize, len: usize) -> Excerpt {
    let start = floor_char_boundary(text, start);
    let end = ceil_char_boundary(text, start + len);
    let line = lines.line(start);
    let line_start = lines.line_start(line);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    // A span that runs past its line is shown up to the line's end.
    let end = end.min(line_end).max(start);

    let span = &text[start..end];
    let budget = EXCERPT_COLUMNS.saturating_sub(2);
    let span = clip_right(span, budget);
    let span_width = width(span);
    let room = budget.saturating_sub(span_width);
    // At least a third of the room before the span; more when the rest of the line is short.
    let before_full = &text[line_start..start];
    let after_full = &text[start + span.len()..line_end];
    let before = clip_left(
        before_full,
        (room / 3).max(room.saturating_sub(width(after_full))),
    );
    let after = clip_right(after_full, room - width(before));

    let mut out = String::new();
    if before.len() < before_full.len() {
        out.push('…');
    }
    out.push_str(before);
    let span_start = out.len();
    out.push_str(span);
    out.push_str(after);
    if after.len() < after_full.len() {
        out.push('…');
    }
    Excerpt {
        line,
        text: out,
        start: span_start,
        len: span.len(),
    }
}

/// The longest prefix of `s` that fits in `columns`.
fn clip_right(s: &str, columns: usize) -> &str {
    if is_printable_ascii(s) {
        return &s[..s.len().min(columns)];
    }
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.width().unwrap_or(0);
        if used > columns {
            return &s[..i];
        }
    }
    s
}

/// The longest suffix of `s` that fits in `columns`.
fn clip_left(s: &str, columns: usize) -> &str {
    if is_printable_ascii(s) {
        return &s[s.len().saturating_sub(columns)..];
    }
    let mut used = 0;
    for (i, c) in s.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > columns {
            return &s[i + c.len_utf8()..];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Width and clipping as they are computed for any text.
    fn width_by_char(s: &str) -> usize {
        s.chars().map(|c| c.width().unwrap_or(0)).sum()
    }

    proptest::proptest! {
        #[test]
        fn printable_ascii_takes_the_short_way(s in "[ -~\t]{0,90}", columns in 0usize..100) {
            proptest::prop_assert_eq!(width(&s), width_by_char(&s));
            let right = clip_right(&s, columns);
            proptest::prop_assert!(s.starts_with(right) && width_by_char(right) <= columns);
            proptest::prop_assert!(right.len() == s.len() || width_by_char(&s[..right.len() + 1]) > columns);
            let left = clip_left(&s, columns);
            proptest::prop_assert!(s.ends_with(left) && width_by_char(left) <= columns);
            let cut = s.len() - left.len();
            proptest::prop_assert!(cut == 0 || width_by_char(&s[cut - 1..]) > columns);
        }
    }

    #[test]
    fn short_lines_are_kept_whole() {
        let text = "a\n(本报记者 金梁)\n";
        let lines = LineIndex::new(text);
        let e = excerpt(text, &lines, 2, "(本报记者".len());
        assert_eq!(e.line, 2);
        assert_eq!(e.text, "(本报记者 金梁)");
        assert_eq!(&e.text[e.start..e.start + e.len], "(本报记者");
    }

    #[test]
    fn a_line_that_fits_is_not_clipped_before_a_late_span() {
        let text = "# Parking Platform: Software Requirements Specification";
        let lines = LineIndex::new(text);
        let at = text.find("Software").unwrap();
        let e = excerpt(text, &lines, at, 8);
        assert_eq!(e.text, text);
    }

    #[test]
    fn long_cjk_lines_are_clipped_to_the_budget() {
        let line = "前".repeat(30) + "本报讯" + &"后".repeat(100);
        let lines = LineIndex::new(&line);
        let at = line.find("本报讯").unwrap();
        let e = excerpt(&line, &lines, at, "本报讯".len());
        assert!(width(&e.text) <= EXCERPT_COLUMNS, "{}", width(&e.text));
        assert!(e.text.starts_with('…') && e.text.ends_with('…'));
        assert_eq!(&e.text[e.start..e.start + e.len], "本报讯");
    }
}
