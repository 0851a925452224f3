//! Splitting a source into sections at its headings (`headings` finds them). A newspaper page
//! carries several articles under their own headings, and a spec's news clipping sits in a
//! section of its own, so judgement happens per section.

use crate::text::headings::{clip_title, find_headings, FoundHeading, Headings};
use crate::text::position::LineIndex;
use std::ops::Range;

/// How many non-blank lines after a heading count as the section's head (where datelines and
/// document headers stand).
pub(crate) const SECTION_HEAD_LINES: usize = 4;
/// Sections of one text beyond which they are made in parallel.
const PARALLEL_SECTIONS: usize = 4096;

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
    /// Where each line starts.
    pub lines: LineIndex,
    /// The sections, in order, tiling the text.
    pub sections: Vec<Section>,
    /// Byte ranges of heading lines, in order.
    pub headings: Vec<Range<usize>>,
}

impl Layout {
    /// The layout of `text`.
    pub fn new(text: &str) -> Self {
        let index = LineIndex::new(text);
        let Headings { found, numbered } = find_headings(text, &index);
        let sections = sections(text, &index, &found);
        // A new vector at its size: collecting in place would keep the larger records'
        // allocation for as long as the layout lives.
        let mut headings = Vec::with_capacity(found.len() + numbered.len());
        headings.extend(found.iter().map(|h| h.range.clone()));
        if !numbered.is_empty() {
            headings.extend(numbered);
            headings.sort_unstable_by_key(|r| r.start);
        }
        Layout {
            lines: index,
            sections,
            headings,
        }
    }

    /// Index of the section holding a byte offset.
    pub fn section_of(&self, offset: usize) -> usize {
        self.sections
            .partition_point(|s| s.range.start <= offset)
            .saturating_sub(1)
    }

    /// Whether `offset` stands on a heading line.
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

/// The sections of `text`: the part before the first heading (when it has text, or when there
/// is no heading), then one per heading of the level sections split at.
fn sections(text: &str, index: &LineIndex, headings: &[FoundHeading]) -> Vec<Section> {
    let level = split_level(headings);
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
            head_end: head_end(text, index, 0, first_heading_start),
        });
    }
    let section = |k: usize, h: &&FoundHeading| {
        let end = bounds.get(k + 1).map_or(text.len(), |h| h.range.start);
        Section {
            title: h.title(text).into(),
            line: h.line as usize,
            range: h.range.start..end,
            heading: h.range.clone(),
            head_end: head_end(text, index, h.range.end, end),
        }
    };
    // A long file's many sections (titles, heads) are made in parallel, in order.
    if bounds.len() > PARALLEL_SECTIONS {
        use rayon::prelude::*;
        sections.par_extend(bounds.par_iter().enumerate().map(|(k, h)| section(k, h)));
    } else {
        sections.extend(bounds.iter().enumerate().map(|(k, h)| section(k, h)));
    }
    sections
}

/// The heading level sections split at: the highest level used more than once (a page of
/// articles under `#` keeps its `##` sub-heads inside each article; a spec whose only `#` is its
/// title splits at `##`).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::markdownish;
    use crate::text::headings::is_numbered_heading;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn sections_tile_the_text(text in markdownish()) {
            let layout = Layout::new(&text);
            let mut at = layout.sections.first().map_or(0, |s| s.range.start);
            for s in &layout.sections {
                prop_assert_eq!(s.range.start, at);
                at = s.range.end;
            }
            prop_assert_eq!(at, text.len());
        }
    }

    proptest! {
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
