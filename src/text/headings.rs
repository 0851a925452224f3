//! The headings of a text: markdown ATX headings, setext and reStructuredText underlined
//! titles, and numbered headings of plain text (`3.1 功能需求`, `第一章 总则`); lines inside
//! code fences are none of these.

use crate::text::position::LineIndex;
use std::ops::Range;

/// Longest heading title kept for reports, in characters.
const TITLE_CHARS: usize = 60;

/// The headings of a text, in order.
pub(super) struct Headings {
    /// Headings of markup, which may start sections.
    pub found: Vec<FoundHeading>,
    /// Numbered headings of plain text: headings for the rules, not section boundaries
    /// (outline numbers also number list items).
    pub numbered: Vec<Range<usize>>,
}

/// Finds the headings of `text`. Titles are made later, only for the headings that start
/// sections (a long file can have hundreds of thousands of headings).
pub(super) fn find_headings(text: &str, index: &LineIndex) -> Headings {
    let line_at = |i: usize| line_at(text, index, i);
    let mut found: Vec<FoundHeading> = Vec::new();
    let mut numbered: Vec<Range<usize>> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    // A setext title consumes its underline: the line after it is not looked at again.
    let mut next_unread = 0;
    for (i, marker) in markers(text, index, MARKER_PIECE_LINES) {
        let i = i as usize;
        if i < next_unread {
            continue;
        }
        match marker {
            Marker::Fence(c, n) => match fence {
                None => fence = Some((c, n)),
                Some((open, len)) if open == c && n >= len => fence = None,
                Some(_) => {}
            },
            _ if fence.is_some() => {}
            Marker::Atx(level) => {
                let (start, line) = line_at(i);
                found.push(FoundHeading {
                    range: start..start + line.len(),
                    line: line_number(i),
                    level,
                    atx: true,
                });
            }
            Marker::Numbered => {
                let (start, line) = line_at(i);
                numbered.push(start..start + line.len());
            }
            Marker::Setext(level) => {
                let (start, _) = line_at(i);
                let (next_start, next) = line_at(i + 1);
                found.push(FoundHeading {
                    range: start..next_start + next.len(),
                    line: line_number(i),
                    level,
                    atx: false,
                });
                next_unread = i + 2;
            }
        }
    }
    Headings { found, numbered }
}

/// A heading line (or setext pair) found in a text.
pub(super) struct FoundHeading {
    pub range: Range<usize>,
    /// 1-based line of its title.
    pub line: u32,
    pub level: u8,
    atx: bool,
}

impl FoundHeading {
    pub(crate) fn title(&self, text: &str) -> String {
        let first = text[self.range.clone()].lines().next().unwrap_or("");
        if self.atx {
            atx_title(first).map(|(t, _)| t).unwrap_or_default()
        } else {
            clip_title(first.trim())
        }
    }
}

/// The 1-based number of 0-based line `i` (saturating: four billion lines are not met).
fn line_number(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

fn underline_level(line: &str) -> u8 {
    match line.chars().next() {
        Some('#') => 1,
        Some('=') => 1,
        Some('*') => 2,
        Some('-') => 2,
        Some('~') => 3,
        Some('^') => 4,
        _ => 5,
    }
}

/// Lines looked at by one task when a text's lines are sorted out in parallel.
const MARKER_PIECE_LINES: usize = 1 << 16;

/// Line `i` (0-based) of `text` with its start offset, newline included.
fn line_at<'t>(text: &'t str, index: &LineIndex, i: usize) -> (usize, &'t str) {
    let range = index.line_range(i + 1, text.len());
    (range.start, text.get(range).unwrap_or(""))
}

/// What a line is to the outline, on its own: whether it is inside a fence is decided later,
/// in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// A code fence of this character, this many long.
    Fence(u8, usize),
    /// An ATX heading of this level.
    Atx(u8),
    /// A title underlined (on the next line) for this level.
    Setext(u8),
    /// A numbered heading of plain text (`3.1 功能需求`, `第一章 总则`).
    Numbered,
}

/// Lines (0-based) that open or close a fence or can be a heading, in order. Most lines cannot,
/// and their first bytes (and the next line's) tell cheaply; the lines of a long text are
/// looked at in parallel pieces.
fn markers(text: &str, index: &LineIndex, piece_lines: usize) -> Vec<(u32, Marker)> {
    use rayon::prelude::*;
    let bytes = text.as_bytes();
    let count = index.line_count();
    let marker = |i: u32| {
        let i = i as usize;
        let lead = first_byte(bytes, index.line_start(i + 1), 3);
        // An underline is one character repeated (a list item's `- ` is not).
        let next = index.line_start(i + 2);
        let underlined = i + 1 < count
            && matches!(
                bytes.get(next..next + 2),
                Some(&[a, b]) if a == b && matches!(a, b'=' | b'-' | b'~' | b'^' | b'*' | b'#' | b'+' | b'"')
            );
        // Outline numbers start with a digit, a bracket or a Han character (第, 一…十).
        let numbered_lead = matches!(lead, Some(b'0'..=b'9' | b'(' | 0xe4..=0xef));
        if !matches!(lead, Some(b'`' | b'~' | b'#')) && !underlined && !numbered_lead {
            return None;
        }
        let (_, line) = line_at(text, index, i);
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if let Some((c, n)) = fence_marker(trimmed) {
            return Some((i as u32, Marker::Fence(c, n)));
        }
        if let Some(level) = atx_level(trimmed) {
            return Some((i as u32, Marker::Atx(level)));
        }
        let (_, next) = line_at(text, index, i + 1);
        let next = next.trim_end_matches(['\r', '\n']);
        if underlined && is_underline(next, trimmed) && is_setext_title(trimmed) {
            return Some((i as u32, Marker::Setext(underline_level(next))));
        }
        (numbered_lead && is_numbered_heading(trimmed.trim_start_matches(' ')))
            .then_some((i as u32, Marker::Numbered))
    };
    // Line numbers fit in 32 bits but for a 4 GiB source made only of newlines, whose last
    // line would not be looked at.
    let lines = 0..u32::try_from(count).unwrap_or(u32::MAX);
    if count <= piece_lines {
        return lines.filter_map(marker).collect();
    }
    lines
        .into_par_iter()
        .with_min_len(piece_lines)
        .filter_map(marker)
        .collect()
}

/// The first byte of the line at `start` after at most `max_indent` spaces.
fn first_byte(bytes: &[u8], start: usize, max_indent: usize) -> Option<u8> {
    let line = bytes.get(start..)?;
    let spaces = line
        .iter()
        .take(max_indent + 1)
        .take_while(|b| **b == b' ')
        .count();
    line.get(spaces).copied()
}

fn fence_marker(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|b| *b == c).count();
    (n >= 3).then_some((c, n))
}

/// The level of an ATX heading line, without making its title.
fn atx_level(line: &str) -> Option<u8> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    let rest = &t[hashes.min(t.len())..];
    ((1..=6).contains(&hashes) && opens_title(rest)).then_some(hashes as u8)
}

/// Whether what follows an ATX heading's hashes opens its title: nothing, a space, or (as
/// Chinese documents write `#一、引言`) a character beyond ASCII. `#hashtag` and `#12` are not
/// headings.
fn opens_title(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with([' ', '\t']) || !rest.as_bytes()[0].is_ascii()
}

fn atx_title(line: &str) -> Option<(String, u8)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &t[hashes..];
    if !opens_title(rest) {
        return None;
    }
    let title = rest.trim().trim_end_matches('#').trim();
    Some((clip_title(title), hashes as u8))
}

fn is_setext_title(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !line.starts_with("    ")
        && !t.starts_with(['-', '*', '+', '>', '|'])
        && t.chars().count() <= 120
}

fn is_underline(line: &str, title: &str) -> bool {
    let t = line.trim_end();
    if t.len() < 3 || line.starts_with(' ') {
        return false;
    }
    let Some(c) = t.chars().next() else {
        return false;
    };
    // `-` and `=` are markdown's; the others are reStructuredText's section adornments.
    matches!(c, '=' | '-' | '~' | '^' | '*' | '#' | '+' | '"')
        && t.chars().all(|x| x == c)
        && (c == '=' || c == '-' || t.chars().count() + 2 >= title.trim().chars().count())
}

/// A numbered heading of a text without markup: `3.1 功能需求`, `2. Overall Description`,
/// `第一章 总则`, `一、背景`, `（二）目标`: a number of the outline, then a short title without
/// the punctuation that ends a sentence.
pub(crate) fn is_numbered_heading(line: &str) -> bool {
    if line.len() > 4 * MAX_NUMBERED_HEADING_CHARS
        || line.chars().count() > MAX_NUMBERED_HEADING_CHARS
    {
        return false;
    }
    let Some(title) = strip_outline_number(line) else {
        return false;
    };
    let title = title.trim();
    !title.is_empty()
        && !title.ends_with([
            '。', '.', ';', '；', '，', ',', ':', '：', '?', '？', '!', '！',
        ])
        && !title.starts_with(|c: char| c.is_ascii_digit())
}

/// The rest of a line after an outline number (`1`, `1.2.3`, `1.`, `一、`, `第三章`, `（一）`).
fn strip_outline_number(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        let mut rest = &line[digits..];
        while let Some(r) = rest.strip_prefix('.') {
            let more = r.bytes().take_while(u8::is_ascii_digit).count();
            rest = &r[more..];
            if more == 0 {
                break;
            }
        }
        return rest
            .starts_with([' ', '\t', '　'])
            .then_some(rest)
            .or_else(|| rest.starts_with(crate::text::lang::is_han).then_some(rest));
    }
    const NUMERALS: &str = "一二三四五六七八九十";
    if let Some(r) = line.strip_prefix('第') {
        let n = r
            .chars()
            .take_while(|c| NUMERALS.contains(*c) || c.is_ascii_digit())
            .count();
        let r = r.get(r.char_indices().nth(n).map_or(r.len(), |(i, _)| i)..)?;
        return (n > 0 && r.starts_with(['章', '节', '部', '篇'])).then(|| &r[3..]);
    }
    let inner = line.strip_prefix(['(', '（']).unwrap_or(line);
    let n = inner.chars().take_while(|c| NUMERALS.contains(*c)).count();
    if n == 0 || n > 3 {
        return None;
    }
    let r = &inner[3 * n..];
    r.strip_prefix(['、', ')', '）'])
        .or_else(|| r.strip_prefix('.'))
}

/// Longest numbered heading, in characters: a longer numbered line is a list item or prose.
const MAX_NUMBERED_HEADING_CHARS: usize = 40;

/// A title cut to `TITLE_CHARS` characters, with an ellipsis when cut.
pub(super) fn clip_title(title: &str) -> String {
    let kept = crate::text::position::first_chars(title, TITLE_CHARS);
    if kept.len() < title.len() {
        format!("{kept}…")
    } else {
        kept.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn markers_are_the_same_in_parallel_pieces(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just("# Title"), Just("```"), Just("~~~"), Just("==="), Just("---"),
                    Just("Text"), Just("- item"), Just(""), Just("## 需求"), Just("**"),
                ],
                0..40,
            ),
            piece in 1usize..6,
        ) {
            let text = lines.join("\n");
            let index = LineIndex::new(&text);
            prop_assert_eq!(
                markers(&text, &index, piece),
                markers(&text, &index, usize::MAX)
            );
        }

    }
}
