//! Matching: one pass of the literal automaton over a text finds every phrase and every
//! pattern trigger. A pattern cut at its trigger is verified there by two anchored searches
//! (backwards over what precedes the trigger, forwards over the rest); any other runs in merged
//! windows around its triggers (or on heading lines). Each match is then checked against its
//! rule's scope and exceptions.

use super::anchored::CacheSet;
use super::compile::{Matching, Reach, RuleSet};
use super::limits::{is_word_byte, MATCH_WINDOW};
use super::literal_matcher::Meaning;
use crate::rules::Scope;
use crate::text::layout::Layout;
use crate::text::position::{ceil_char_boundary, floor_char_boundary};
use regex_automata::Input;
use std::ops::Range;

/// One rule matching one span of a text. Offsets are 32-bit (sources are at most 4 GiB): a
/// long file holds hundreds of thousands of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    start: u32,
    end: u32,
    rule: u32,
}

impl Hit {
    /// None when the span or rule does not fit in 32 bits.
    pub fn new(rule: usize, span: Range<usize>) -> Option<Hit> {
        Some(Hit {
            start: u32::try_from(span.start).ok()?,
            end: u32::try_from(span.end).ok()?,
            rule: u32::try_from(rule).ok()?,
        })
    }

    /// Byte offset where the match starts.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset where the match ends.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The index of the rule matched.
    pub fn rule(&self) -> usize {
        self.rule as usize
    }
}

/// Bytes of text matched at a time: a chunk's literal pass and its pattern windows run while
/// it is in cache, and chunks of a large text run in parallel.
const CHUNK: usize = 1 << 20;

/// All hits of all rules in `text`, ordered by position then rule.
pub fn scan(rules: &RuleSet, text: &str, layout: &Layout) -> Vec<Hit> {
    let chunks = chunks(text);
    let mut hits: Vec<Hit> = if chunks.len() == 1 {
        scan_chunk(rules, text, layout, 0..text.len())
    } else {
        use rayon::prelude::*;
        // Each chunk's hits are sorted by its own task: joined, they are sorted but near the
        // chunk edges, which the final sort then costs little.
        let parts: Vec<Vec<Hit>> = chunks
            .into_par_iter()
            .map(|c| {
                let mut part = scan_chunk(rules, text, layout, c);
                part.sort_unstable();
                part
            })
            .collect();
        // Joined at their exact size: a growing vector holds up to three times its hits.
        let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            all.extend(part);
        }
        all
    };
    hits.sort_unstable();
    hits.dedup_by(|a, b| a.rule == b.rule && a.start < b.end && b.start < a.end);
    hits
}

/// The text cut into ranges of about `CHUNK` bytes, each ending after a newline.
fn chunks(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let target = (start + CHUNK).min(bytes.len());
        let end = if target == bytes.len() {
            target
        } else {
            memchr::memchr(b'\n', &bytes[target..]).map_or(bytes.len(), |i| target + i + 1)
        };
        out.push(start..end);
        start = end;
    }
    if out.is_empty() {
        out.push(0..0);
    }
    out
}

/// Hits whose trigger (or heading, or whole-text search) falls in `chunk`.
fn scan_chunk(rules: &RuleSet, text: &str, layout: &Layout, chunk: Range<usize>) -> Vec<Hit> {
    let mut scan = ChunkScan {
        rules,
        text,
        layout,
        hits: Vec::new(),
        windows: Vec::new(),
        windowed: Vec::new(),
        caches: rules.caches.take(rules.patterns.len()),
    };
    if let Some(literals) = &rules.literals {
        let bytes = text.as_bytes();
        literals.for_each(text, chunk.clone(), |key, span| {
            let matched = &bytes[span.clone()];
            for entry in literals.entries(key) {
                if !literals.accepts(entry, matched) {
                    continue;
                }
                match entry.meaning {
                    Meaning::Phrase {
                        rule,
                        word_start,
                        word_end,
                    } => scan.phrase(rule as usize, span.clone(), word_start, word_end),
                    Meaning::Trigger { first, count } => {
                        scan.trigger(literals.patterns(first, count), span.clone())
                    }
                }
            }
        });
    }
    // Headings are in text order: the chunk's own are one slice of them.
    let first = layout.headings.partition_point(|h| h.start < chunk.start);
    let last = layout.headings.partition_point(|h| h.start < chunk.end);
    scan.search_windows(&layout.headings[first..last], chunk);
    rules.caches.give(scan.caches);
    scan.hits
}

/// The work on one chunk: hits so far, windows still to search, lazy-DFA caches.
struct ChunkScan<'a> {
    rules: &'a RuleSet,
    text: &'a str,
    layout: &'a Layout,
    hits: Vec<Hit>,
    /// Windows to search, by pattern (allocated at the first: most chunks have none), and
    /// the patterns that have some.
    windows: Vec<Vec<Range<usize>>>,
    windowed: Vec<usize>,
    caches: CacheSet,
}

impl ChunkScan<'_> {
    fn push(&mut self, rule: usize, span: Range<usize>) {
        if span.start < span.end && keep(&self.rules.matching[rule], self.text, self.layout, &span)
        {
            self.hits.extend(Hit::new(rule, span));
        }
    }

    fn phrase(&mut self, rule: usize, span: Range<usize>, word_start: bool, word_end: bool) {
        let bytes = self.text.as_bytes();
        if word_start && span.start > 0 && is_word_byte(bytes[span.start - 1]) {
            return;
        }
        if word_end && span.end < bytes.len() && is_word_byte(bytes[span.end]) {
            return;
        }
        self.push(rule, span);
    }

    /// A trigger of `patterns` at `span`: each pattern is verified there, or gets a window.
    fn trigger(&mut self, patterns: &[u32], span: Range<usize>) {
        let bytes = self.text.as_bytes();
        let mut widest = None;
        for p in patterns.iter().map(|&p| p as usize) {
            let pattern = &self.rules.patterns[p];
            // Most triggers are turned away by the bytes next to them, before any window (also
            // for a cut pattern whose anchored searches could not be built: no match of its
            // can stand around a trigger its gate refuses); a line-start rule's trigger (on
            // common words: "and", "by") also when it stands mid-line, where no match of its
            // could count.
            if pattern.gate.as_ref().is_some_and(|gate| {
                !gate.admits(bytes, span.clone())
                    || !could_start_in_scope(
                        pattern.scope,
                        self.text,
                        span.start,
                        gate.starts_within(),
                    )
            }) {
                continue;
            }
            let anchored = pattern.anchored();
            let bounds = match pattern.reach {
                Reach::Triggered { max_len } => {
                    let w = widest
                        .get_or_insert_with(|| window(bytes, span.start, span.end, MATCH_WINDOW));
                    narrow(w, span.start, span.end, max_len)
                }
                Reach::TriggeredHeadings => match self.layout.heading_at(span.start) {
                    Some(heading) => heading,
                    None => continue,
                },
                Reach::Headings | Reach::Everywhere => continue,
            };
            let bounds = floor_char_boundary(self.text, bounds.start)
                ..ceil_char_boundary(self.text, bounds.end);
            if let Some(re) = anchored {
                // Another branch of the rule already matched here: the hit would merge.
                if self.hits.last().is_some_and(|h| {
                    h.rule() == pattern.rule && h.start() <= span.start && span.end <= h.end()
                }) {
                    continue;
                }
                let cache = self.caches[p].get_or_insert_with(|| Box::new(re.create_cache()));
                // A match starting out of its rule's scope would be dropped by `push`: a
                // scoped pattern's start is found first, and its rest searched only from one
                // that counts.
                let (text, layout, scope) = (self.text, self.layout, pattern.scope);
                let counts = move |start: usize| in_scope(scope, text, layout, start);
                let start_counts =
                    (scope != Scope::Anywhere).then_some(&counts as &dyn Fn(usize) -> bool);
                if let Ok(found) =
                    re.find_at(cache, self.text, span.clone(), bounds.clone(), start_counts)
                {
                    if let Some(found) = found {
                        self.push(pattern.rule, found);
                    }
                    continue;
                }
                // The lazy DFA gave up: the window is searched instead.
            }
            self.add_window(p, bounds);
        }
    }

    fn add_window(&mut self, p: usize, w: Range<usize>) {
        if self.windows.is_empty() {
            self.windows
                .resize_with(self.rules.patterns.len(), Vec::new);
        }
        if self.windows[p].is_empty() {
            self.windowed.push(p);
        }
        push_window(&mut self.windows[p], w);
    }

    /// Runs the unsplit patterns over their windows, headings or the whole chunk.
    fn search_windows(&mut self, headings: &[Range<usize>], chunk: Range<usize>) {
        let mut todo: Vec<usize> = self.rules.untriggered.clone();
        todo.append(&mut self.windowed);
        todo.sort_unstable();
        for p in todo {
            let pattern = &self.rules.patterns[p];
            let whole = [chunk.clone()];
            let triggered = self
                .windows
                .get_mut(p)
                .map(std::mem::take)
                .unwrap_or_default();
            let ranges: &[Range<usize>] = match pattern.reach {
                Reach::Triggered { .. } | Reach::TriggeredHeadings => &triggered,
                Reach::Headings => headings,
                Reach::Everywhere => &whole,
            };
            if ranges.is_empty() {
                continue;
            }
            let Some(re) = pattern.regex() else {
                continue;
            };
            // Every range starts and ends on a character boundary: trigger windows are
            // widened to one when found, headings and chunks are whole lines.
            for range in ranges {
                for m in re.find_iter(Input::new(self.text).range(range.clone())) {
                    self.push(pattern.rule, m.range());
                }
            }
        }
    }
}

/// Where a pattern triggered at `start..end` can match: at most `max_len` bytes either side,
/// from the start of the trigger's line to the end of the line after it (a match may run onto
/// the next line, as in `key:\n  - value`). Bounded searches for newlines, so the cost does
/// not grow with the text.
fn window(bytes: &[u8], start: usize, end: usize, max_len: usize) -> Range<usize> {
    let lo = start.saturating_sub(max_len);
    let from = memchr::memrchr(b'\n', &bytes[lo..start]).map_or(lo, |i| lo + i + 1);
    let hi = end.saturating_add(max_len).min(bytes.len());
    let to = match memchr::memchr(b'\n', &bytes[end.min(hi)..hi]) {
        None => hi,
        Some(i) => {
            let next = end + i + 1;
            memchr::memchr(b'\n', &bytes[next.min(hi)..hi]).map_or(hi, |j| next + j)
        }
    };
    from..to.max(end)
}

/// A window of `MATCH_WINDOW` narrowed to `max_len` bytes either side of its trigger.
fn narrow(w: &Range<usize>, start: usize, end: usize, max_len: usize) -> Range<usize> {
    w.start.max(start.saturating_sub(max_len))..w.end.min(end.saturating_add(max_len)).max(end)
}

/// Adds a search window, merging it with the last one when they overlap (triggers arrive in
/// text order, so windows of one pattern mostly grow at the end).
fn push_window(list: &mut Vec<Range<usize>>, w: Range<usize>) {
    if let Some(last) = list.last_mut() {
        if w.start <= last.end && w.end >= last.start {
            last.start = last.start.min(w.start);
            last.end = last.end.max(w.end);
            return;
        }
    }
    list.push(w);
}

/// A match counts when it stands in the rule's scope and holds none of its exceptions.
fn keep(rule: &Matching, text: &str, layout: &Layout, span: &Range<usize>) -> bool {
    in_scope(rule.scope, text, layout, span.start)
        && (rule.exceptions.is_empty()
            || !rule
                .exceptions
                .iter()
                .any(|e| text[span.clone()].contains(e.as_str())))
}

/// Characters that may stand before a match and still leave it at the start of its line:
/// white space (also the ideographic space that indents Chinese paragraphs), markup, and an
/// opening bracket (a closing dateline is bracketed: （本报东京2月24日电）).
fn is_line_lead(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '*' | '+' | '>' | '|' | '#' | '(' | '（' | '[' | '【'
        )
}

fn in_scope(scope: Scope, text: &str, layout: &Layout, start: usize) -> bool {
    match scope {
        Scope::Anywhere => true,
        Scope::LineStart => at_line_start(text, start),
        Scope::ParagraphStart => {
            if !at_line_start(text, start) {
                return false;
            }
            let line = layout.lines.line(start);
            if line <= 1 {
                return true;
            }
            let prev_start = layout.lines.line_start(line - 1);
            let this_start = layout.lines.line_start(line);
            let prev = text.get(prev_start..this_start).unwrap_or("");
            prev.trim().is_empty()
                || layout.is_heading(prev_start)
                || line_is_indented(text, this_start)
        }
        Scope::Heading => layout.is_heading(start),
        Scope::SectionHead => {
            let s = &layout.sections[layout.section_of(start)];
            start < s.head_end
        }
    }
}

/// Longest prefix (bytes a match can start before its trigger) whose possible starts are
/// each checked against the rule's scope before verification; longer ones are verified.
const SCOPE_CHECK_REACH: usize = 16;

/// Whether a match starting at most `reach` bytes before `at` could stand in `scope`: a
/// necessary condition, checked before a trigger is verified (the match itself is checked
/// by `keep`). Only line and paragraph starts are checked; other scopes are cheap to verify.
fn could_start_in_scope(scope: Scope, text: &str, at: usize, reach: Option<usize>) -> bool {
    let Some(reach) = reach.filter(|r| *r <= SCOPE_CHECK_REACH) else {
        return true;
    };
    match scope {
        Scope::LineStart | Scope::ParagraphStart => (at.saturating_sub(reach)..=at)
            .any(|start| text.is_char_boundary(start) && at_line_start(text, start)),
        Scope::Anywhere | Scope::Heading | Scope::SectionHead => true,
    }
}

/// Longest run of line-lead characters looked at before a match.
const MAX_LINE_LEAD: usize = 256;

fn at_line_start(text: &str, start: usize) -> bool {
    // Most matches stand mid-line, after a character that leads no line.
    if text
        .get(..start)
        .and_then(|p| p.chars().next_back())
        .is_some_and(|c| !is_line_lead(c))
    {
        return false;
    }
    let before = &text.as_bytes()[start.saturating_sub(MAX_LINE_LEAD)..start];
    let Some(nl) = memchr::memrchr(b'\n', before) else {
        // No newline in reach: at line start only if the text starts within reach.
        return start <= MAX_LINE_LEAD
            && text
                .get(..start)
                .is_some_and(|p| p.chars().all(is_line_lead));
    };
    let line_start = start.saturating_sub(MAX_LINE_LEAD) + nl + 1;
    text.get(line_start..start)
        .is_some_and(|prefix| prefix.chars().all(is_line_lead))
}

/// Chinese newspaper text marks paragraphs by indenting, not by blank lines.
fn line_is_indented(text: &str, line_start: usize) -> bool {
    text.get(line_start..)
        .and_then(|t| t.chars().next())
        .is_some_and(|c| c == '\u{3000}' || c == ' ' || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_start_accepts_indentation_and_list_markers() {
        assert!(at_line_start("x\n　　本报讯", "x\n　　".len()));
        assert!(at_line_start("- As a user", 2));
        assert!(!at_line_start("he said As a user", 8));
        let long = format!("{}x", " ".repeat(1000));
        assert!(!at_line_start(&long, 1000));
    }

    #[test]
    fn windows_stop_at_the_trigger_line_and_the_next() {
        let text = "aaa\nbb TRIG cc\ndd\nee";
        let bytes = text.as_bytes();
        let at = 7;
        let w = window(bytes, at, at + 4, 100);
        assert_eq!(&text[w.clone()], "bb TRIG cc\ndd");
        assert_eq!(&text[narrow(&w, at, at + 4, 2)], "b TRIG c");
        let w = window(bytes, at, at + 4, 2);
        assert_eq!(&text[w], "b TRIG c");
        let w = window(bytes, 16, 18, 100);
        assert_eq!(&text[w], "dd\nee");
    }

    #[test]
    fn chunks_end_after_newlines_and_cover_the_text() {
        let text = format!("{}\n{}", "a".repeat(CHUNK + 10), "b".repeat(5));
        let c = chunks(&text);
        assert_eq!(c, [0..CHUNK + 11, CHUNK + 11..text.len()]);
        assert_eq!(chunks("").len(), 1);
    }

    #[test]
    fn windows_merge_when_they_overlap() {
        let mut w = Vec::new();
        push_window(&mut w, 0..10);
        push_window(&mut w, 5..20);
        push_window(&mut w, 30..40);
        assert_eq!(w, [0..20, 30..40]);
    }
}
