//! What the model sees of a text (a whole source, or one of its sections): how often each rule
//! matched, the layout statistics, and the words at its start and in its headings.

use super::style::{self, Amount, Style};
use super::tokens::{for_each_token, Token};
use crate::engine::Hit;
use crate::text::layout::Layout;
use std::ops::Range;

/// Characters at the start of a text whose words are counted. The opening of a document (its
/// title, front matter, dateline, first paragraphs) says most about its genre; a bounded window
/// also bounds the cost on long files (measured by grouped cross-validation: windows of 600
/// to 3,000 characters score alike).
pub(crate) const WORD_WINDOW_CHARS: usize = 1000;
/// Heading lines of a text whose words are counted.
const MAX_HEADINGS: usize = 200;

/// How much of a text is looked at: the characters at its start whose words and characters
/// are counted, and the lines whose layout is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub chars: usize,
    pub lines: usize,
}

impl Window {
    /// The window of a whole source (its opening says most about it).
    pub(crate) fn whole(chars: usize) -> Window {
        Window {
            chars,
            lines: style::MAX_LINES,
        }
    }

    /// The window of one section: smaller, since a section is read in the context of its
    /// source, and a long file has thousands of them.
    pub(crate) fn section(whole_chars: usize) -> Window {
        Window {
            chars: whole_chars.min(SECTION_WINDOW_CHARS),
            lines: SECTION_LINES,
        }
    }
}

/// Characters and lines of a section's window.
const SECTION_WINDOW_CHARS: usize = 300;
const SECTION_LINES: usize = 100;

/// A token counted in a text: how often, and where it first stands (byte range in the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub token: Token,
    pub count: u32,
    pub first: (u32, u32),
}

/// A text as the model observes it, before any vocabulary is applied.
#[derive(Debug, Clone, Default)]
pub struct Observation {
    /// (rule index, hits), by rule index.
    pub rules: Vec<(u32, u32)>,
    pub style: Style,
    /// What the statistics rest on.
    pub amount: Amount,
    /// Words of the window and of heading lines (marked), in the order they first stand in
    /// the text: an order that does not depend on which words are counted, so that sums over
    /// them come out the same whichever vocabulary picked them.
    pub tokens: Vec<Counted>,
    /// Byte range of the word window in the text.
    pub window: Range<usize>,
}

/// Observes `range` of `text`: `hits` are the text's hits (in text order); the words of its
/// first `window_chars` characters and of its headings are counted where `keep` says so (it
/// sees each token with its text: those of a vocabulary; during training, all).
pub(crate) fn observe(
    text: &str,
    range: Range<usize>,
    layout: &Layout,
    hits: &[Hit],
    window: Window,
    mut keep: impl FnMut(Token, &str) -> bool,
) -> Observation {
    let body = text.get(range.clone()).unwrap_or("");
    let from = hits.partition_point(|h| h.start() < range.start);
    let to = hits.partition_point(|h| h.start() < range.end);
    // Matches counted by rule index (a few hundred rules at most): no copy of a long text's
    // hundreds of thousands of hits, and no sort.
    let mut counts: Vec<u32> = Vec::new();
    for h in &hits[from..to] {
        let rule = h.rule();
        if rule >= counts.len() {
            counts.resize(rule + 1, 0);
        }
        counts[rule] = counts[rule].saturating_add(1);
    }
    let rules = counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(rule, n)| (rule as u32, *n))
        .collect();

    let (window_len, tokens) = COUNTS.with(|cell| {
        let mut counts = cell.borrow_mut();
        counts.clear();
        let window_len = for_each_token(body, window.chars, |t, r| {
            if keep(t, &body[r.clone()]) {
                counts.add(t, range.start + r.start..range.start + r.end);
            }
        });
        for heading in heading_lines(text, &range, layout).take(MAX_HEADINGS) {
            let at = heading.as_ptr() as usize - text.as_ptr() as usize;
            for_each_token(heading, usize::MAX, |t, r| {
                let t = t.in_heading();
                if keep(t, &heading[r.clone()]) {
                    counts.add(t, at + r.start..at + r.end);
                }
            });
        }
        (window_len, counts.in_order())
    });
    let (style, amount) = style::style(
        body,
        window_len,
        window.lines,
        &heading_ranges(layout, &range),
    );
    Observation {
        rules,
        style,
        amount,
        tokens,
        window: range.start..range.start + window_len,
    }
}

thread_local! {
    /// Each thread's table for counting tokens, kept from text to text.
    static COUNTS: std::cell::RefCell<TokenCounts> = std::cell::RefCell::new(TokenCounts::default());
}

/// Counts of tokens in an open-addressing table (a text's window holds a few hundred distinct
/// tokens among up to a few thousand: counting them in place costs less than sorting them).
#[derive(Default)]
struct TokenCounts {
    /// Index + 1 into `entries` by hash slot; 0 marks an empty slot. A power of two long.
    slots: Vec<u32>,
    /// The tokens counted, in the order they were first met.
    entries: Vec<Counted>,
}

impl TokenCounts {
    const INITIAL_SLOTS: usize = 1024;

    fn clear(&mut self) {
        if self.slots.len() > Self::INITIAL_SLOTS || self.slots.is_empty() {
            self.slots = vec![0; Self::INITIAL_SLOTS];
        } else {
            self.slots.iter_mut().for_each(|s| *s = 0);
        }
        self.entries.clear();
    }

    fn slot(&self, token: Token) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (token.key().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
        while let Some(e) = self.slots[i].checked_sub(1) {
            if self.entries[e as usize].token == token {
                break;
            }
            i = (i + 1) & mask;
        }
        i
    }

    fn add(&mut self, token: Token, at: Range<usize>) {
        let i = self.slot(token);
        match self.slots[i].checked_sub(1) {
            Some(e) => self.entries[e as usize].count += 1,
            None => {
                self.entries.push(Counted {
                    token,
                    count: 1,
                    first: (offset32(at.start), offset32(at.end)),
                });
                self.slots[i] = self.entries.len() as u32;
                // Kept under half full.
                if 2 * self.entries.len() > self.slots.len() {
                    self.grow();
                }
            }
        }
    }

    fn grow(&mut self) {
        self.slots = vec![0; 2 * self.slots.len()];
        for e in 0..self.entries.len() {
            let i = self.slot(self.entries[e].token);
            self.slots[i] = e as u32 + 1;
        }
    }

    fn in_order(&self) -> Vec<Counted> {
        self.entries.clone()
    }
}

/// An offset as 32 bits (sources are at most 4 GiB).
fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// The heading lines in `range`, as byte ranges of the text from `range.start`.
fn heading_ranges(layout: &Layout, range: &Range<usize>) -> Vec<Range<usize>> {
    let first = layout.headings.partition_point(|h| h.start < range.start);
    let last = layout.headings.partition_point(|h| h.start < range.end);
    layout.headings[first..last]
        .iter()
        .take(style::MAX_LINES)
        .map(|h| h.start - range.start..h.end - range.start)
        .collect()
}

/// The text of the heading lines in `range` (markdown headings and numbered ones).
fn heading_lines<'t>(
    text: &'t str,
    range: &Range<usize>,
    layout: &'t Layout,
) -> impl Iterator<Item = &'t str> {
    let first = layout.headings.partition_point(|h| h.start < range.start);
    let last = layout.headings.partition_point(|h| h.start < range.end);
    layout.headings[first..last]
        .iter()
        .filter_map(move |h| text.get(h.clone()))
        .map(|h| {
            h.lines()
                .next()
                .unwrap_or("")
                .trim_start_matches(['#', ' '])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_counted_in_the_range_and_words_in_the_window() {
        let text = "# 功能需求\n系统应支持登录。\n## 2 新闻\n本报讯 记者说。\n";
        let layout = Layout::new(text);
        let hits = vec![
            Hit::new(3, 10..20).unwrap(),
            Hit::new(3, 12..22).unwrap(),
            Hit::new(7, 45..50).unwrap(),
        ];
        let o = observe(text, 0..40, &layout, &hits, Window::whole(1000), |_, _| {
            true
        });
        assert_eq!(o.rules, vec![(3, 2)]);
        assert!(o.tokens.iter().any(|c| c.token.is_heading()));
        assert_eq!(o.window, 0..40);
        // The window bounds the words counted, not the rules.
        let short = observe(text, 0..40, &layout, &hits, Window::whole(3), |_, _| true);
        assert_eq!(short.window, 0..5);
        assert_eq!(short.rules, o.rules);
    }
}
