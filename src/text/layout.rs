//! Splitting a source into sections: markdown ATX headings and setext / reStructuredText
//! underlined titles. A newspaper page carries several articles under their own headings, and a
//! spec's news clipping sits in a section of its own, so judgement happens per section.

use crate::text::position::LineIndex;
use std::ops::Range;

/// How many non-blank lines after a heading count as the section's head (where datelines and
/// document headers stand).
pub const SECTION_HEAD_LINES: usize = 4;
/// Sections of one text beyond which they are made in parallel.
const PARALLEL_SECTIONS: usize = 4096;
/// Longest heading title kept for reports, in characters.
const TITLE_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Heading text, or the first line of text for the part before any heading.
    pub title: std::sync::Arc<str>,
    /// 1-based line of the heading (or of the first non-blank line).
    pub line: usize,
    /// Byte range of the whole section, heading included.
    pub range: Range<usize>,
    /// Byte range of the heading line(s), empty when the section has none.
    pub heading: Range<usize>,
    /// Bytes up to which a match counts as standing in the section's head.
    pub head_end: usize,
}

/// A text with its lines and sections, shared by matching and judging.
#[derive(Debug, Clone)]
pub struct Layout {
    pub lines: LineIndex,
    pub sections: Vec<Section>,
    /// Byte ranges of heading lines, in order.
    pub headings: Vec<Range<usize>>,
}

impl Layout {
    pub fn new(text: &str) -> Self {
        let index = LineIndex::new(text);
        let line_at = |i: usize| line_at(text, &index, i);
        // Titles are made only for the headings that start sections (a long file can have
        // hundreds of thousands of headings).
        let mut headings: Vec<FoundHeading> = Vec::new();
        let mut numbered: Vec<Range<usize>> = Vec::new();
        let mut fence: Option<(u8, usize)> = None;
        // A setext title consumes its underline: the line after it is not looked at again.
        let mut next_unread = 0;
        for (i, marker) in markers(text, &index, MARKER_PIECE_LINES) {
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
                    headings.push(FoundHeading {
                        range: start..start + line.len(),
                        line: line_number(i),
                        level,
                        atx: true,
                    });
                }
                Marker::Numbered => {
                    // A numbered heading of plain text is a heading for the rules, not a
                    // section boundary (outline numbers also number list items).
                    let (start, line) = line_at(i);
                    numbered.push(start..start + line.len());
                }
                Marker::Setext(level) => {
                    let (start, _) = line_at(i);
                    let (next_start, next) = line_at(i + 1);
                    headings.push(FoundHeading {
                        range: start..next_start + next.len(),
                        line: line_number(i),
                        level,
                        atx: false,
                    });
                    next_unread = i + 2;
                }
            }
        }

        let level = split_level(&headings);
        let bounds: Vec<&FoundHeading> = headings.iter().filter(|h| h.level <= level).collect();
        let mut sections = Vec::with_capacity(bounds.len() + 1);
        let first_heading_start = bounds.first().map_or(text.len(), |h| h.range.start);
        let preamble = &text[..first_heading_start];
        if !preamble.trim().is_empty() || bounds.is_empty() {
            let first = preamble
                .lines()
                .position(|l| !l.trim().is_empty())
                .unwrap_or(0);
            let title = preamble
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(clip_title)
                .unwrap_or_default();
            sections.push(Section {
                title: title.into(),
                line: first + 1,
                range: 0..first_heading_start,
                heading: 0..0,
                head_end: head_end(text, &index, 0, first_heading_start),
            });
        }
        let section = |k: usize, h: &&FoundHeading| {
            let end = bounds.get(k + 1).map_or(text.len(), |h| h.range.start);
            Section {
                title: h.title(text).into(),
                line: h.line as usize,
                range: h.range.start..end,
                heading: h.range.clone(),
                head_end: head_end(text, &index, h.range.end, end),
            }
        };
        // A long file's many sections (titles, heads) are made in parallel, in order.
        if bounds.len() > PARALLEL_SECTIONS {
            use rayon::prelude::*;
            sections.par_extend(bounds.par_iter().enumerate().map(|(k, h)| section(k, h)));
        } else {
            sections.extend(bounds.iter().enumerate().map(|(k, h)| section(k, h)));
        }
        Layout {
            lines: index,
            sections,
            // A new vector at its size: collecting in place would keep the larger records'
            // allocation for as long as the layout lives.
            headings: {
                let mut ranges = Vec::with_capacity(headings.len() + numbered.len());
                ranges.extend(headings.iter().map(|h| h.range.clone()));
                if !numbered.is_empty() {
                    ranges.extend(numbered);
                    ranges.sort_unstable_by_key(|r| r.start);
                }
                ranges
            },
        }
    }

    /// Index of the section holding a byte offset.
    pub fn section_of(&self, offset: usize) -> usize {
        self.sections
            .partition_point(|s| s.range.start <= offset)
            .saturating_sub(1)
    }

    pub fn is_heading(&self, offset: usize) -> bool {
        self.heading_at(offset).is_some()
    }

    /// The heading line that holds `offset`, if any.
    pub fn heading_at(&self, offset: usize) -> Option<Range<usize>> {
        let i = self.headings.partition_point(|h| h.start <= offset);
        let heading = self.headings.get(i.checked_sub(1)?)?;
        heading.contains(&offset).then(|| heading.clone())
    }
}

/// The heading level sections split at: the highest level used more than once (a page of
/// articles under `#` keeps its `##` sub-heads inside each article; a spec whose only `#` is its
/// title splits at `##`).
/// A heading line (or setext pair) found in a text.
struct FoundHeading {
    range: Range<usize>,
    /// 1-based line of its title.
    line: u32,
    level: u8,
    atx: bool,
}

impl FoundHeading {
    fn title(&self, text: &str) -> String {
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

fn split_level(headings: &[FoundHeading]) -> u8 {
    let mut counts = [0usize; 7];
    for h in headings {
        counts[usize::from(h.level).min(6)] += 1;
    }
    (1..=6u8)
        .find(|l| counts[usize::from(*l)] >= 2)
        .or_else(|| (1..=6u8).find(|l| counts[usize::from(*l)] == 1))
        .unwrap_or(6)
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

/// End of the first `SECTION_HEAD_LINES` non-blank lines from `from` (a line start) up to
/// `to`, read off the line index.
fn head_end(text: &str, index: &LineIndex, from: usize, to: usize) -> usize {
    let mut seen = 0;
    for line in index.line(from)..=index.line_count() {
        let range = index.line_range(line, text.len());
        if range.start >= to {
            break;
        }
        let end = range.end.min(to);
        if !text.get(range.start..end).unwrap_or("").trim().is_empty() {
            seen += 1;
            if seen == SECTION_HEAD_LINES {
                return end;
            }
        }
    }
    to
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

fn clip_title(title: &str) -> String {
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

        #[test]
        fn a_head_ends_after_its_first_non_blank_lines(
            lines in proptest::collection::vec(
                prop_oneof![Just(""), Just("  "), Just("text"), Just("# 标题"), Just("\t")],
                0..16,
            ),
            cut in 0usize..17,
            stop in 0usize..17,
            final_newline in any::<bool>(),
        ) {
            let mut text = lines.join("\n");
            if final_newline {
                text.push('\n');
            }
            let index = LineIndex::new(&text);
            let starts: Vec<usize> = (1..=index.line_count())
                .map(|l| index.line_start(l))
                .chain([text.len()])
                .collect();
            let from = starts[cut.min(starts.len() - 1)];
            let to = starts[stop.min(starts.len() - 1)].max(from);
            // The lines of the body, one by one.
            let reference = {
                let mut seen = 0;
                let mut pos = from;
                let mut end = to;
                for line in text[from..to].split_inclusive('\n') {
                    pos += line.len();
                    if !line.trim().is_empty() {
                        seen += 1;
                        if seen == SECTION_HEAD_LINES {
                            end = pos;
                            break;
                        }
                    }
                }
                end
            };
            prop_assert_eq!(head_end(&text, &index, from, to), reference);
        }
    }

    #[test]
    fn atx_and_setext_headings_split_sections() {
        let text = "intro line\n\n# One\nbody\n\nTwo\n===\nmore\n# Three\n";
        let layout = Layout::new(text);
        let titles: Vec<&str> = layout.sections.iter().map(|s| &*s.title).collect();
        assert_eq!(titles, ["intro line", "One", "Two", "Three"]);
        let lines: Vec<usize> = layout.sections.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 3, 6, 9]);
        assert_eq!(layout.sections[1].range.end, layout.sections[2].range.start);
        assert_eq!(layout.sections.last().unwrap().range.end, text.len());
    }

    #[test]
    fn sections_split_at_the_highest_repeated_level() {
        let page = "# A\nx\n## a1\ny\n# B\nz\n";
        let titles: Vec<String> = Layout::new(page)
            .sections
            .into_iter()
            .map(|s| s.title.to_string())
            .collect();
        assert_eq!(titles, ["A", "B"]);
        let spec = "# Spec\nintro\n## One\nx\n## Two\ny\n";
        let titles: Vec<String> = Layout::new(spec)
            .sections
            .into_iter()
            .map(|s| s.title.to_string())
            .collect();
        assert_eq!(titles, ["Spec", "One", "Two"]);
        // Sub-heads still count as headings for heading-scoped rules.
        assert!(Layout::new(page).is_heading(page.find("## a1").unwrap()));
    }

    #[test]
    fn restructuredtext_adornments_are_headings() {
        let text = "Software Requirements\n#####################\n\nUse Cases\n*********\n\nx\n\nFunctional Requirements\n***********************\n";
        let layout = Layout::new(text);
        let titles: Vec<&str> = layout.sections.iter().map(|s| &*s.title).collect();
        assert_eq!(
            titles,
            [
                "Software Requirements",
                "Use Cases",
                "Functional Requirements"
            ]
        );
    }

    #[test]
    fn numbered_headings() {
        for yes in [
            "3.1 功能需求",
            "2. Overall Description",
            "第一章 总则",
            "一、背景",
            "（二）目标",
            "1 简介",
            "4.2.1 性能需求",
        ] {
            assert!(is_numbered_heading(yes), "{yes}");
        }
        for no in [
            "1. 用户可以登录系统。",
            "2024年1月6日",
            "10.5 percent of users said so.",
            "一个问题",
            "第二天上午",
        ] {
            assert!(!is_numbered_heading(no), "{no}");
        }
        // Headings for the rules, not section boundaries.
        let text = "# 需求\n3.1 功能需求\n系统应支持登录。\n";
        let layout = Layout::new(text);
        assert_eq!(layout.sections.len(), 1);
        assert!(layout.is_heading(text.find("3.1").unwrap()));
        assert!(!layout.is_heading(text.find("系统").unwrap()));
    }

    #[test]
    fn chinese_headings_may_omit_the_space_after_the_hashes() {
        let text = "#一、引言\n正文\n##（一）编写目的\n正文\n#hashtag\n";
        let layout = Layout::new(text);
        let titles: Vec<&str> = layout.sections.iter().map(|s| &*s.title).collect();
        assert_eq!(titles, ["一、引言"]);
        assert!(layout.is_heading(text.find("##（一）").unwrap()));
        assert!(!layout.is_heading(text.find("#hashtag").unwrap()));
    }

    #[test]
    fn hashes_inside_code_fences_are_not_headings() {
        let text = "# Real\n```sh\n# comment\n```\n";
        let layout = Layout::new(text);
        assert_eq!(layout.sections.len(), 1);
    }

    #[test]
    fn text_without_headings_is_one_section() {
        let text = "标题\n\n　　本报讯 正文。\n";
        let layout = Layout::new(text);
        assert_eq!(layout.sections.len(), 1);
        assert_eq!(&*layout.sections[0].title, "标题");
        assert_eq!(layout.section_of(text.len() - 1), 0);
    }

    #[test]
    fn empty_text_has_one_empty_section() {
        let layout = Layout::new("");
        assert_eq!(layout.sections.len(), 1);
        assert_eq!(layout.section_of(0), 0);
    }
}
