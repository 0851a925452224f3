//! An Aho-Corasick DFA over every literal of the rules, built for this scan: 16-bit states over
//! compressed byte classes (ASCII case folded into them), and eight interleaved streams.
//!
//! A DFA over a thousand Chinese and English literals has thousands of states, more than the
//! L1 cache holds: each byte waits for the load of the next state. With 16-bit states and no
//! power-of-two padding a row is a quarter of the general-purpose crate's, and eight parts of a
//! text are walked in one loop, so eight such loads are in flight at once (four streams walked
//! about 3x the bytes per second of one on the benchmark corpus, eight 12% more again), with
//! the table indexed without bounds checks (what makes that sound is checked once, when it is
//! built). It holds the first `DEPTH` bytes of each key and compares the rest of a longer key
//! where they matched: 1.2 MB of table instead of 1.8, which leaves more of the cache to the
//! verifications that follow.

use std::collections::VecDeque;
use std::ops::Range;

/// The bit of a state id that says the state ends at least one key.
const MATCH: u16 = 0x8000;

/// Bytes walked at a time (as `STREAMS` streams).
const SEGMENT: usize = 256 << 10;

/// Parts of a segment walked at once: each waits on its own table loads, so the loads of the
/// others overlap them (8 measured faster than 4, 6 and 12 on the benchmark corpus; 16 ran out
/// of registers and took twice as long).
const STREAMS: usize = 8;

thread_local! {
    /// The matches each stream holds back while a segment is walked, reused from segment to
    /// segment on one thread.
    static HELD: std::cell::Cell<[Vec<(u16, usize)>; STREAMS]> =
        const { std::cell::Cell::new([const { Vec::new() }; STREAMS]) };
}

/// Most matches a stream's vector keeps room for between segments (64 KiB).
const MAX_KEPT_HELD: usize = 1 << 12;

/// Texts shorter than this are walked as one stream.
const MIN_INTERLEAVED: usize = 1024;

/// Bytes of a key the automaton holds (three Chinese characters, a nine-letter word); the
/// rest of a longer key is compared where they matched. Few texts hold a key's first nine bytes
/// without the rest, and the states of long keys' tails were a third of the table.
const DEPTH: usize = 9;

/// The part of a key the automaton holds.
fn head(key: &[u8]) -> &[u8] {
    &key[..key.len().min(DEPTH)]
}

#[derive(Debug)]
pub(crate) struct LiteralDfa {
    /// Class of each byte, ASCII upper case folded to lower.
    classes: [u8; 256],
    stride: usize,
    /// Next state, `table[state * stride + class]`.
    table: Vec<u16>,
    /// States from here on end at least one key (they are stored with the `MATCH` bit).
    first_match: u16,
    /// Keys ending in match state `first_match + i`: `outputs[out_start[i]..out_start[i + 1]]`.
    out_start: Vec<u32>,
    outputs: Vec<u32>,
    /// Each key's head length (what the automaton holds), and the rest of the longer keys,
    /// lower-cased, compared where their heads matched: key `k`'s rest is
    /// `tails[tail_start[k]..tail_start[k + 1]]`.
    head_len: Vec<u8>,
    tail_start: Vec<u32>,
    tails: Vec<u8>,
    /// The longest head, in bytes: how far a stream reads past its end.
    longest_head: usize,
}

/// The byte classes of `keys`: bytes of some key (lower-cased) get classes of their own, all
/// others share class 0; and the number of classes (the row width).
fn byte_classes(keys: &[String]) -> Option<([u8; 256], usize)> {
    let mut in_keys = [false; 256];
    for key in keys {
        for &b in head(key.as_bytes()) {
            in_keys[usize::from(b.to_ascii_lowercase())] = true;
        }
    }
    // Classes are numbered by script, so that the transitions a text of one script takes from
    // a state lie in one or two cache lines of its row: space and lower-case letters first,
    // then digits and punctuation, then UTF-8 continuation and lead bytes.
    let by_script = std::iter::once(b' ')
        .chain(b'a'..=b'z')
        .chain((0..0x80u8).filter(|b| *b != b' ' && !b.is_ascii_lowercase()))
        .chain(0x80..=0xFF);
    let mut class_of = [0u8; 256];
    let mut stride = 1usize;
    for b in by_script.filter(|b| in_keys[usize::from(*b)]) {
        class_of[usize::from(b)] = u8::try_from(stride).ok()?;
        stride += 1;
    }
    Some((class_of, stride))
}

/// The trie of the keys' heads, sparse: each state's children by class. The dense table is
/// made once, at its size and in its final numbering (a dense trie grown state by state held
/// up to three times the table's memory while it was built).
struct Trie {
    children: Vec<Vec<(u8, u32)>>,
    /// The keys each state ends (after `link_failures`, those of its failure states too).
    ends: Vec<Vec<u32>>,
}

impl Trie {
    fn new(keys: &[String], class_of: &[u8; 256]) -> Option<Self> {
        let mut trie = Trie {
            children: vec![Vec::new()],
            ends: vec![Vec::new()],
        };
        for (id, key) in keys.iter().enumerate() {
            let mut s = 0usize;
            for &b in head(key.as_bytes()) {
                let c = class_of[usize::from(b.to_ascii_lowercase())];
                s = match trie.child(s, c) {
                    Some(t) => t,
                    None => {
                        let t = trie.children.len();
                        trie.children[s].push((c, u32::try_from(t).ok()?));
                        trie.children.push(Vec::new());
                        trie.ends.push(Vec::new());
                        t
                    }
                };
            }
            trie.ends[s].push(u32::try_from(id).ok()?);
        }
        Some(trie)
    }

    fn child(&self, s: usize, c: u8) -> Option<usize> {
        self.children[s]
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, t)| *t as usize)
    }

    /// The failure link of each state, and the states in breadth-first order. A state's
    /// failure state is shallower, so it is complete first; a state also ends the keys its
    /// failure state ends.
    fn link_failures(&mut self) -> (Vec<u32>, Vec<usize>) {
        let states = self.ends.len();
        let mut fail = vec![0u32; states];
        let mut by_depth = Vec::with_capacity(states);
        let mut queue = VecDeque::from([0usize]);
        while let Some(s) = queue.pop_front() {
            by_depth.push(s);
            for i in 0..self.children[s].len() {
                let (c, t) = self.children[s][i];
                let t = t as usize;
                fail[t] = if s == 0 {
                    0
                } else {
                    let mut f = fail[s] as usize;
                    loop {
                        if let Some(next) = self.child(f, c) {
                            break next as u32;
                        }
                        if f == 0 {
                            break 0;
                        }
                        f = fail[f] as usize;
                    }
                };
                let f = fail[t] as usize;
                if !self.ends[f].is_empty() {
                    let inherited = self.ends[f].clone();
                    self.ends[t].extend(inherited);
                }
                queue.push_back(t);
            }
        }
        (fail, by_depth)
    }
}

/// The states renumbered so that match states come last (one comparison tells a match), each
/// part in breadth-first order: the shallow states, where a text spends most of its time,
/// share cache lines and pages.
struct Numbering {
    /// New id of each old state.
    id: Vec<u16>,
    /// Old states in new order.
    order: Vec<usize>,
    first_match: u16,
}

impl Numbering {
    fn new(trie: &Trie, by_depth: &[usize]) -> Option<Self> {
        let ends = &trie.ends;
        let order: Vec<usize> = by_depth
            .iter()
            .copied()
            .filter(|s| ends[*s].is_empty())
            .chain(by_depth.iter().copied().filter(|s| !ends[*s].is_empty()))
            .collect();
        let mut id = vec![0u16; ends.len()];
        for (new, &old) in order.iter().enumerate() {
            id[old] = u16::try_from(new).ok()?;
        }
        let first_match =
            u16::try_from(order.iter().filter(|s| ends[**s].is_empty()).count()).ok()?;
        Some(Numbering {
            id,
            order,
            first_match,
        })
    }

    /// The new id of `old`, with the match bit when it ends a key.
    fn tagged(&self, old: usize) -> u16 {
        let new = self.id[old];
        if new >= self.first_match {
            new | MATCH
        } else {
            new
        }
    }
}

/// The dense table, rows in breadth-first order: a missing edge goes where the failure
/// state's goes, whose row is already filled.
fn dense_table(
    trie: &Trie,
    fail: &[u32],
    by_depth: &[usize],
    numbering: &Numbering,
    stride: usize,
) -> Vec<u16> {
    let mut table = vec![0u16; trie.ends.len() * stride];
    for &s in by_depth {
        let row = usize::from(numbering.id[s]) * stride;
        if s != 0 {
            let from = usize::from(numbering.id[fail[s] as usize]) * stride;
            table.copy_within(from..from + stride, row);
        }
        for &(c, t) in &trie.children[s] {
            table[row + usize::from(c)] = numbering.tagged(t as usize);
        }
    }
    table
}

impl LiteralDfa {
    /// The DFA of `keys` (lower-cased in their ASCII letters); None when a key is empty or it
    /// needs more than 32,767 states (15 bits of id beside the match bit).
    pub(crate) fn new(keys: &[String]) -> Option<Self> {
        if keys.iter().any(String::is_empty) {
            return None;
        }
        let (class_of, stride) = byte_classes(keys)?;
        let mut trie = Trie::new(keys, &class_of)?;
        if trie.ends.len() > usize::from(!MATCH) {
            return None;
        }
        let (fail, by_depth) = trie.link_failures();
        let numbering = Numbering::new(&trie, &by_depth)?;
        let table = dense_table(&trie, &fail, &by_depth, &numbering, stride);
        let mut out_start = Vec::new();
        let mut outputs = Vec::new();
        for &old in &numbering.order[usize::from(numbering.first_match)..] {
            out_start.push(u32::try_from(outputs.len()).ok()?);
            outputs.extend(&trie.ends[old]);
        }
        out_start.push(u32::try_from(outputs.len()).ok()?);
        let mut head_len = Vec::with_capacity(keys.len());
        let mut tail_start = vec![0u32];
        let mut tails = Vec::new();
        for key in keys {
            let bytes = key.as_bytes();
            let held = head(bytes).len();
            head_len.push(u8::try_from(held).ok()?);
            tails.extend(bytes[held..].iter().map(u8::to_ascii_lowercase));
            tail_start.push(u32::try_from(tails.len()).ok()?);
        }
        let mut classes = [0u8; 256];
        for (b, class) in classes.iter_mut().enumerate() {
            *class = class_of[usize::from((b as u8).to_ascii_lowercase())];
        }
        let dfa = LiteralDfa {
            classes,
            stride,
            table,
            first_match: numbering.first_match,
            out_start,
            outputs,
            head_len,
            tail_start,
            tails,
            longest_head: keys
                .iter()
                .map(|k| head(k.as_bytes()).len())
                .max()
                .unwrap_or(0),
        };
        dfa.indexes_in_bounds().then_some(dfa)
    }

    /// What `step` relies on to index the table unchecked, checked once.
    fn indexes_in_bounds(&self) -> bool {
        let rows = self.table.len() / self.stride;
        self.table.len() == rows * self.stride
            && self.classes.iter().all(|&c| usize::from(c) < self.stride)
            && self.table.iter().all(|&t| usize::from(t & !MATCH) < rows)
    }

    pub(crate) fn memory_usage(&self) -> usize {
        self.table.len() * 2
            + (self.out_start.len() + self.outputs.len() + self.tail_start.len()) * 4
            + self.head_len.len()
            + self.tails.len()
    }

    /// The next state (with the match bit when it ends a key).
    fn step(&self, state: u16, byte: u8) -> u16 {
        let i = usize::from(state & !MATCH) * self.stride
            + usize::from(self.classes[usize::from(byte)]);
        debug_assert!(i < self.table.len());
        // SAFETY: `new` returns a DFA only when every class is below `stride` and every entry
        // of `table` (with its match bit cleared) is a row of it, and walks start in row 0:
        // `i` is in bounds. The bounds check this skips was a quarter of the walk's time.
        unsafe { *self.table.get_unchecked(i) }
    }

    /// Keys whose heads end at `end` in match state `state`, starting in `starts`: those whose
    /// rest follows in `text`.
    fn report(
        &self,
        state: u16,
        text: &[u8],
        end: usize,
        starts: &Range<usize>,
        found: &mut impl FnMut(usize, Range<usize>),
    ) {
        let i = usize::from((state & !MATCH) - self.first_match);
        for &key in &self.outputs[self.out_start[i] as usize..self.out_start[i + 1] as usize] {
            let k = key as usize;
            let start = end - usize::from(self.head_len[k]);
            if !starts.contains(&start) {
                continue;
            }
            let tail = &self.tails[self.tail_start[k] as usize..self.tail_start[k + 1] as usize];
            let key_end = end + tail.len();
            let follows = tail.is_empty()
                || text.get(end..key_end).is_some_and(|t| {
                    t.iter()
                        .zip(tail.iter())
                        .all(|(a, b)| a.to_ascii_lowercase() == *b)
                });
            if follows {
                found(key as usize, start..key_end);
            }
        }
    }

    /// Calls `found(key, span)` for every key occurrence starting in `range` (it may end past
    /// it), ASCII case-insensitively.
    pub(crate) fn for_each(
        &self,
        text: &[u8],
        range: Range<usize>,
        mut found: impl FnMut(usize, Range<usize>),
    ) {
        self.for_each_in_segments(text, range, SEGMENT, &mut found);
    }

    /// `for_each`, `segment` bytes at a time, so that the matches held back for text order
    /// stay few however long the range (a 36 MB line of triggers once held 64 MB of them).
    fn for_each_in_segments(
        &self,
        text: &[u8],
        range: Range<usize>,
        segment: usize,
        found: &mut impl FnMut(usize, Range<usize>),
    ) {
        let end = range.end.min(text.len());
        let mut start = range.start.min(end);
        while start < end {
            let stop = end.min(start.saturating_add(segment.max(1)));
            self.walk_segment(text, start..stop, found);
            start = stop;
        }
    }

    /// `for_each` over one segment, in up to `STREAMS` interleaved streams.
    fn walk_segment(
        &self,
        text: &[u8],
        range: Range<usize>,
        found: &mut impl FnMut(usize, Range<usize>),
    ) {
        let (start, end) = (range.start, range.end);
        // Each stream starts in the root state at its own start, so it sees no key that
        // starts before it; it reads on for the longest head, for keys that start in it.
        let reach = |to: usize| {
            to.saturating_add(self.longest_head.saturating_sub(1))
                .min(text.len())
        };
        if end - start < MIN_INTERLEAVED {
            self.stream(0, text, start..reach(end), &(start..end), found);
            return;
        }
        let part = (end - start) / STREAMS;
        let bounds: [Range<usize>; STREAMS] = std::array::from_fn(|k| {
            let from = start + k * part;
            from..if k == STREAMS - 1 { end } else { from + part }
        });
        let scans: [Range<usize>; STREAMS] =
            std::array::from_fn(|k| bounds[k].start..reach(bounds[k].end));
        let common = scans.iter().map(|r| r.len()).min().unwrap_or(0);
        // Matches are held per stream and given out stream by stream, in text order, in
        // vectors this thread keeps from text to text (eight allocations a text were a tenth
        // of all a run made).
        let mut held = HELD.try_with(|h| h.take()).unwrap_or_default();
        for list in &mut held {
            list.clear();
        }
        let parts: [&[u8]; STREAMS] =
            std::array::from_fn(|k| &text[scans[k].start..scans[k].start + common]);
        let mut states = [0u16; STREAMS];
        for i in 0..common {
            let mut any = 0u16;
            for (state, part) in states.iter_mut().zip(&parts) {
                *state = self.step(*state, part[i]);
                any |= *state;
            }
            if any & MATCH != 0 {
                for (k, &s) in states.iter().enumerate() {
                    if s & MATCH != 0 {
                        held[k].push((s, scans[k].start + i + 1));
                    }
                }
            }
        }
        for (k, s) in states.into_iter().enumerate() {
            for &(state, at) in &held[k] {
                self.report(state, text, at, &bounds[k], found);
            }
            self.stream(
                s,
                text,
                scans[k].start + common..scans[k].end,
                &bounds[k],
                found,
            );
        }
        // A segment dense with matches leaves large vectors: those are not kept.
        for list in &mut held {
            if list.capacity() > MAX_KEPT_HELD {
                *list = Vec::new();
            }
        }
        let _ = HELD.try_with(|h| h.set(held));
    }

    /// One stream from state `s` over `text[walk]`, reporting keys that start in `starts`.
    fn stream(
        &self,
        mut s: u16,
        text: &[u8],
        walk: Range<usize>,
        starts: &Range<usize>,
        found: &mut impl FnMut(usize, Range<usize>),
    ) {
        let from = walk.start;
        for (i, &byte) in text[walk].iter().enumerate() {
            s = self.step(s, byte);
            if s & MATCH != 0 {
                self.report(s, text, from + i + 1, starts, found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};
    use proptest::prelude::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn found(dfa: &LiteralDfa, text: &str, range: Range<usize>) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        dfa.for_each(text.as_bytes(), range, |k, s| out.push((s.start, s.end, k)));
        out.sort_unstable();
        out
    }

    fn reference(keys: &[String], text: &str, range: Range<usize>) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(keys)
            .unwrap();
        let mut out: Vec<_> = ac
            .find_overlapping_iter(text)
            .filter(|m| range.contains(&m.start()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn finds_what_aho_corasick_finds() {
        let k = keys(&["shall", "all ", "系统应", "应当", "the system", "he", "§"]);
        let dfa = LiteralDfa::new(&k).unwrap();
        let unit = "The SYSTEM shall ALL be; 系统应当 § he said. ";
        let text = unit.repeat(200);
        for range in [0..text.len(), 7..text.len() - 3, 0..5, 100..1500] {
            assert_eq!(
                found(&dfa, &text, range.clone()),
                reference(&k, &text, range.clone()),
                "{range:?}"
            );
        }
    }

    #[test]
    fn keys_may_end_past_the_range_but_start_inside_it() {
        let dfa = LiteralDfa::new(&keys(&["abcd"])).unwrap();
        assert_eq!(found(&dfa, "xxabcd", 0..3), [(2, 6, 0)]);
        assert!(found(&dfa, "xxabcd", 3..6).is_empty());
    }

    proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Any keys, any text, any range: the same occurrences as the reference automaton.
        #[test]
        fn agrees_with_the_reference(
            raw_keys in proptest::collection::vec("[abAB系统应 ]{1,12}", 1..8),
            text in "[abAB系统应 x]{0,3000}",
            cut in 0usize..3000,
            len in 0usize..3000,
            segment in prop_oneof![Just(SEGMENT), 1usize..2000],
        ) {
            let k: Vec<String> = raw_keys.iter().map(|s| s.to_ascii_lowercase()).collect();
            let dfa = LiteralDfa::new(&k).unwrap();
            let start = crate::text::position::floor_char_boundary(&text, cut.min(text.len()));
            let end = crate::text::position::floor_char_boundary(&text, (start + len).min(text.len()));
            let mut got = Vec::new();
            dfa.for_each_in_segments(text.as_bytes(), start..end, segment, &mut |k, s| {
                got.push((s.start, s.end, k))
            });
            got.sort_unstable();
            proptest::prop_assert_eq!(got, reference(&k, &text, start..end));
        }
    }

    #[test]
    fn long_keys_are_matched_by_head_and_tail() {
        let k = keys(&[
            "系统应当提供",
            "系统应当记录",
            "the system shall",
            "the sys",
        ]);
        let dfa = LiteralDfa::new(&k).unwrap();
        let text = "系统应当提供 系统应当 THE SYSTEM SHALL the syst 系统应当记录";
        assert_eq!(
            found(&dfa, text, 0..text.len()),
            reference(&k, text, 0..text.len())
        );
        // A tail that would run past the end of the text.
        let cut = "x the system sha";
        assert_eq!(
            found(&dfa, cut, 0..cut.len()),
            reference(&k, cut, 0..cut.len())
        );
    }

    #[test]
    fn empty_keys_are_refused() {
        assert!(LiteralDfa::new(&keys(&["a", ""])).is_none());
    }
}
