//! Both sides of a trigger searched at once: the prefix backwards and the rest forwards, a byte
//! of each in turn. A verification's searches are short and wait on memory (the lazy DFAs'
//! tables of a hundred patterns do not stay in cache): two independent searches stepped
//! together overlap their waits, and the side that fails first ends both.
//!
//! Each side follows what `regex_automata`'s own anchored searches do (matches are delayed by
//! one byte; the byte past the range, or the end of the text, settles the last one): the rest
//! finds the leftmost-first end, the reversed prefix the leftmost start (its DFA matches all).

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::{Anchored, Input, MatchError};
use std::ops::Range;

/// One anchored search, a byte at a time: forwards from `span.start` to `span.end`, or
/// backwards from `span.end` to `span.start`.
struct Walk<'h, const FORWARD: bool> {
    haystack: &'h [u8],
    sid: LazyStateID,
    /// The next byte read is `haystack[at]` forwards, `haystack[at - 1]` backwards.
    at: usize,
    /// Where the range ends, in the search's direction.
    stop: usize,
    /// The match so far: its end forwards, its start backwards.
    found: Option<usize>,
}

/// Where a walk stands after a step.
enum Step {
    Going,
    Done(Option<usize>),
}

impl<'h, const FORWARD: bool> Walk<'h, FORWARD> {
    fn new(
        dfa: &DFA,
        cache: &mut Cache,
        haystack: &'h [u8],
        span: Range<usize>,
    ) -> Result<Self, MatchError> {
        let input = Input::new(haystack)
            .range(span.clone())
            .anchored(Anchored::Yes);
        // Start states are never match states: matches are delayed by a byte.
        let (sid, at, stop) = if FORWARD {
            (
                dfa.start_state_forward(cache, &input)?,
                span.start,
                span.end,
            )
        } else {
            (
                dfa.start_state_reverse(cache, &input)?,
                span.end,
                span.start,
            )
        };
        Ok(Walk {
            haystack,
            sid,
            at,
            stop,
            found: None,
        })
    }

    /// Reads one byte, or settles the search at the end of its range.
    fn step(&mut self, dfa: &DFA, cache: &mut Cache) -> Result<Step, MatchError> {
        if self.at != self.stop {
            let i = if FORWARD { self.at } else { self.at - 1 };
            let byte = self.haystack[i];
            self.sid = dfa
                .next_state(cache, self.sid, byte)
                .map_err(|_| MatchError::gave_up(i))?;
            self.at = if FORWARD { i + 1 } else { i };
            if self.sid.is_tagged() {
                if self.sid.is_match() {
                    // The match ended before this byte (forwards) or starts after it.
                    self.found = Some(if FORWARD { i } else { i + 1 });
                } else if self.sid.is_dead() {
                    return Ok(Step::Done(self.found));
                } else if self.sid.is_quit() {
                    return Err(MatchError::quit(byte, i));
                }
            }
            return Ok(Step::Going);
        }
        // The byte just past the range (or the text's edge) settles a match at its end.
        let past = if FORWARD {
            self.haystack.get(self.stop).copied()
        } else {
            self.stop
                .checked_sub(1)
                .and_then(|i| self.haystack.get(i).copied())
        };
        self.sid = match past {
            Some(byte) => dfa
                .next_state(cache, self.sid, byte)
                .map_err(|_| MatchError::gave_up(self.stop))?,
            None => dfa
                .next_eoi_state(cache, self.sid)
                .map_err(|_| MatchError::gave_up(self.stop))?,
        };
        if self.sid.is_match() {
            self.found = Some(self.stop);
        } else if let (true, Some(byte)) = (self.sid.is_quit(), past) {
            return Err(MatchError::quit(byte, self.stop));
        }
        Ok(Step::Done(self.found))
    }
}

/// The match around a trigger at `at` within `bounds`: the prefix searched backwards by
/// `prefix` and the rest forwards by `rest`, interleaved. None when either side fails, or
/// when the start found does not satisfy `start_counts`.
pub(super) fn both_sides(
    prefix: (&DFA, &mut Cache),
    rest: (&DFA, &mut Cache),
    haystack: &[u8],
    at: usize,
    bounds: &Range<usize>,
    start_counts: Option<&dyn Fn(usize) -> bool>,
) -> Result<Option<Range<usize>>, MatchError> {
    let (prefix_dfa, prefix_cache) = prefix;
    let (rest_dfa, rest_cache) = rest;
    let mut backward = Walk::<false>::new(prefix_dfa, prefix_cache, haystack, bounds.start..at)?;
    let mut forward = Walk::<true>::new(rest_dfa, rest_cache, haystack, at..bounds.end)?;
    let (mut start, mut end) = (None, None);
    loop {
        if start.is_none() {
            if let Step::Done(found) = backward.step(prefix_dfa, prefix_cache)? {
                match found {
                    Some(s) if start_counts.is_none_or(|counts| counts(s)) => start = Some(s),
                    _ => return Ok(None),
                }
            }
        }
        if end.is_none() {
            if let Step::Done(found) = forward.step(rest_dfa, rest_cache)? {
                match found {
                    Some(e) => end = Some(e),
                    None => return Ok(None),
                }
            }
        }
        if let (Some(s), Some(e)) = (start, end) {
            return Ok(Some(s..e));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::nfa::thompson;
    use regex_automata::MatchKind;

    fn dfa(pattern: &str, reverse: bool) -> DFA {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .reverse(reverse)
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build(pattern)
            .unwrap();
        let kind = if reverse {
            MatchKind::All
        } else {
            MatchKind::LeftmostFirst
        };
        DFA::builder()
            .configure(DFA::config().match_kind(kind))
            .build_from_nfa(nfa)
            .unwrap()
    }

    /// Both sides one after the other, by the crate's own searches.
    fn one_then_other(
        prefix: (&DFA, &mut Cache),
        rest: (&DFA, &mut Cache),
        haystack: &[u8],
        at: usize,
        bounds: &Range<usize>,
    ) -> Option<Range<usize>> {
        let backward = Input::new(haystack)
            .range(bounds.start..at)
            .anchored(Anchored::Yes);
        let forward = Input::new(haystack)
            .range(at..bounds.end)
            .anchored(Anchored::Yes);
        let start = prefix.0.try_search_rev(prefix.1, &backward).unwrap()?;
        let end = rest.0.try_search_fwd(rest.1, &forward).unwrap()?;
        Some(start.offset()..end.offset())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// The same match as the crate's searches, whatever the text, trigger and bounds.
        #[test]
        fn agrees_with_the_crate(
            text in "[abT he,.\n系统shalmutno]{0,40}",
            at in 0usize..60,
            from in 0usize..60,
            to in 0usize..60,
            which in 0usize..3,
        ) {
            let (prefix, rest) = [
                (r"(?:[a-c]+ )?[Tt]he ", r"(?:shall|must)(?: not)?(?-u:\b)"),
                (r"(?-u:\b)[a-z]*", r"[^.\n]{0,8}[,.]"),
                (r"系统?", r"(?:应|必须)?[a-z]*"),
            ][which];
            let (prefix, rest) = (dfa(prefix, true), dfa(rest, false));
            let (mut prefix_cache, mut rest_cache) = (prefix.create_cache(), rest.create_cache());
            let bytes = text.as_bytes();
            // Triggers and bounds stand on character boundaries (where the crate also drops
            // empty matches that would split a character, which a walk does not look for).
            let floor = |i: usize| crate::text::position::floor_char_boundary(&text, i);
            let at = floor(at);
            let bounds = floor(from.min(at))..floor(to.max(at));
            let expected = one_then_other(
                (&prefix, &mut prefix_cache),
                (&rest, &mut rest_cache),
                bytes,
                at,
                &bounds,
            );
            let mut both = |start_counts: Option<&dyn Fn(usize) -> bool>| {
                both_sides(
                    (&prefix, &mut prefix_cache),
                    (&rest, &mut rest_cache),
                    bytes,
                    at,
                    &bounds,
                    start_counts,
                )
                .unwrap()
            };
            prop_assert_eq!(both(None), expected.clone());
            // A condition on the start drops what it refuses, and nothing else.
            let even = |start: usize| start.is_multiple_of(2);
            let got = both(Some(&even));
            prop_assert_eq!(got, expected.filter(|m| even(m.start)));
        }
    }
}
