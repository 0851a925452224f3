//! Verifying a pattern at one trigger with two anchored lazy-DFA searches: backwards from the
//! trigger over the pattern's prefix, forwards from it over the rest (stepped together when
//! both are needed). They read only the bytes of a match, where an unanchored search reads a
//! whole window around each trigger.

use super::limits::{is_word_byte, REGEX_SIZE_LIMIT};
use super::literals::Split;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input, MatchError, MatchKind};
use regex_syntax::hir::{Hir, HirKind, Look};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Mutex;

/// Most memory one lazy DFA of an anchored pattern keeps for its states: anchored searches
/// read a few dozen bytes, so few states are ever built (a fuller cache is cleared and refilled).
const ANCHORED_CACHE_LIMIT: usize = 256 << 10;

/// A pattern compiled for anchored verification.
#[derive(Debug)]
pub struct AnchoredRegex {
    /// Reversed prefix, longest match (the leftmost start); None when the prefix is empty or
    /// only a word boundary.
    prefix: Option<DFA>,
    /// Whether an ASCII word boundary precedes the trigger (when `prefix` is None).
    boundary_before: bool,
    /// The trigger and what follows it, leftmost-first; None when nothing but a word boundary
    /// follows the trigger and no trigger literal begins another: the match then ends where
    /// the trigger does (if the boundary is there).
    rest: Option<DFA>,
    /// Whether an ASCII word boundary follows the trigger (when `rest` is None).
    boundary_after: bool,
}

/// Lazy-DFA state of one `AnchoredRegex`, reused across searches on one thread.
#[derive(Debug, Clone)]
pub struct AnchoredCache {
    prefix: Option<Cache>,
    rest: Option<Cache>,
}

impl AnchoredRegex {
    /// Compiles a split pattern; `built` shares the pieces that branches of one pattern have
    /// in common (they are compiled once).
    pub fn build(split: &Split, built: &BuiltDfas) -> Result<Self, String> {
        let boundary_before = matches!(split.prefix.kind(), HirKind::Look(Look::WordAscii));
        let prefix = if is_empty(&split.prefix) || boundary_before {
            None
        } else {
            Some(built.get(&split.prefix, true)?)
        };
        let boundary_after = matches!(split.after.kind(), HirKind::Look(Look::WordAscii));
        let ends_with_trigger =
            (is_empty(&split.after) || boundary_after) && prefix_free(&split.triggers.literals);
        let rest = if ends_with_trigger {
            None
        } else {
            Some(built.get(&split.rest, false)?)
        };
        Ok(AnchoredRegex {
            prefix,
            boundary_before,
            rest,
            boundary_after,
        })
    }

    pub fn create_cache(&self) -> AnchoredCache {
        AnchoredCache {
            prefix: self.prefix.as_ref().map(DFA::create_cache),
            rest: self.rest.as_ref().map(DFA::create_cache),
        }
    }

    /// The match around the trigger at `trigger`, within `bounds`, if it starts where
    /// `start_counts` says a match counts (a line start, say: other matches are dropped by
    /// their rule's scope anyway). An error means the lazy DFA could not search (the caller
    /// then searches the window another way).
    ///
    /// When both sides need a search, they are stepped together (`walk`), and the first to
    /// fail, or a start that does not count, ends both. Otherwise the side that needs no
    /// search (a word boundary, nothing) is checked first, on the bytes at the trigger's edge:
    /// a line-start rule's trigger in mid-line (`as a` in prose for a user story) then costs
    /// nothing, not a forward search over the 60 characters the story may run to.
    pub fn find_at(
        &self,
        cache: &mut AnchoredCache,
        text: &str,
        trigger: Range<usize>,
        bounds: Range<usize>,
        start_counts: Option<&dyn Fn(usize) -> bool>,
    ) -> Result<Option<Range<usize>>, MatchError> {
        let at = trigger.start;
        if !(bounds.start <= at && at <= bounds.end && bounds.end <= text.len()) {
            return Ok(None);
        }
        if let (Some(prefix), Some(rest), Some(prefix_cache), Some(rest_cache)) =
            (&self.prefix, &self.rest, &mut cache.prefix, &mut cache.rest)
        {
            return super::two_sided::both_sides(
                (prefix, prefix_cache),
                (rest, rest_cache),
                text.as_bytes(),
                at,
                &bounds,
                start_counts,
            );
        }
        let counts = |start: &usize| start_counts.is_none_or(|counts| counts(*start));
        if self.prefix.is_none() {
            let Some(start) = self.start(cache, text, at, &bounds)?.filter(counts) else {
                return Ok(None);
            };
            return Ok(self
                .end(cache, text, &trigger, &bounds)?
                .map(|end| start..end));
        }
        let Some(end) = self.end(cache, text, &trigger, &bounds)? else {
            return Ok(None);
        };
        Ok(self
            .start(cache, text, at, &bounds)?
            .filter(counts)
            .map(|start| start..end))
    }

    /// Where the match ends, searched forwards from the trigger (None: no match).
    fn end(
        &self,
        cache: &mut AnchoredCache,
        text: &str,
        trigger: &Range<usize>,
        bounds: &Range<usize>,
    ) -> Result<Option<usize>, MatchError> {
        match (&self.rest, &mut cache.rest) {
            (Some(dfa), Some(cache)) => {
                let forward = Input::new(text)
                    .range(trigger.start..bounds.end)
                    .anchored(Anchored::Yes);
                Ok(dfa.try_search_fwd(cache, &forward)?.map(|end| end.offset()))
            }
            // The literal found is the whole rest of the match, if a boundary that must follow
            // it does (one byte either side, as the regex engine looks past its range).
            _ => Ok((trigger.end <= bounds.end
                && (!self.boundary_after || word_boundary_at(text.as_bytes(), trigger.end)))
            .then_some(trigger.end)),
        }
    }

    /// Where the match starts, searched backwards from the trigger at `at` (None: no match).
    fn start(
        &self,
        cache: &mut AnchoredCache,
        text: &str,
        at: usize,
        bounds: &Range<usize>,
    ) -> Result<Option<usize>, MatchError> {
        match (&self.prefix, &mut cache.prefix) {
            (Some(dfa), Some(cache)) => {
                let backward = Input::new(text)
                    .range(bounds.start..at)
                    .anchored(Anchored::Yes);
                Ok(dfa
                    .try_search_rev(cache, &backward)?
                    .map(|start| start.offset()))
            }
            _ => Ok((!self.boundary_before || word_boundary_at(text.as_bytes(), at)).then_some(at)),
        }
    }
}

/// Whether no literal (in any ASCII case) begins another: then at most one of them matches
/// at a place, and the one found there is the whole match of their alternation.
fn prefix_free(literals: &[String]) -> bool {
    let lower: Vec<String> = literals.iter().map(|l| l.to_ascii_lowercase()).collect();
    lower.iter().enumerate().all(|(i, a)| {
        lower
            .iter()
            .enumerate()
            .all(|(j, b)| i == j || a == b || !b.starts_with(a.as_str()))
    })
}

fn is_empty(hir: &Hir) -> bool {
    matches!(hir.kind(), HirKind::Empty)
}

/// Whether an ASCII word boundary stands at `at`: a word byte on one side only.
fn word_boundary_at(bytes: &[u8], at: usize) -> bool {
    let word = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(|b| is_word_byte(*b))
    };
    word(at.checked_sub(1)) != word(Some(at))
}

/// Lazy DFAs compiled so far, by direction and pattern.
#[derive(Debug, Default)]
pub struct BuiltDfas {
    dfas: Mutex<HashMap<(bool, String), DFA>>,
}

impl BuiltDfas {
    /// The DFA of `hir`: reversed, finding the leftmost start, or forwards, leftmost-first.
    fn get(&self, hir: &Hir, reverse: bool) -> Result<DFA, String> {
        let key = (reverse, hir.to_string());
        if let Some(dfa) = self.dfas.lock().ok().and_then(|d| d.get(&key).cloned()) {
            return Ok(dfa);
        }
        let kind = if reverse {
            MatchKind::All
        } else {
            MatchKind::LeftmostFirst
        };
        let built = dfa(hir, reverse, kind)?;
        if let Ok(mut dfas) = self.dfas.lock() {
            dfas.insert(key, built.clone());
        }
        Ok(built)
    }
}

fn dfa(hir: &Hir, reverse: bool, kind: MatchKind) -> Result<DFA, String> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .reverse(reverse)
                .which_captures(thompson::WhichCaptures::None)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
        )
        .build_from_hir(hir)
        .map_err(|e| e.to_string())?;
    DFA::builder()
        .configure(
            DFA::config()
                .match_kind(kind)
                .cache_capacity(ANCHORED_CACHE_LIMIT),
        )
        .build_from_nfa(nfa)
        .map_err(|e| e.to_string())
}

/// A thread's set of caches, one slot per pattern (boxed: a slot is read for every
/// verification, and a cache is hundreds of bytes).
pub(crate) type CacheSet = Vec<Option<Box<AnchoredCache>>>;

/// Caches of every anchored pattern, one set per thread at work: a chunk takes its thread's
/// set, fills what it needs, and gives it back, so lazy DFAs stay warm across chunks and files.
/// A set stays with its thread: one handed between threads is cold in the other core's cache
/// (measured: a shared pool cost 15% more CPU on two cores than one thread did).
#[derive(Debug)]
pub(crate) struct CachePool {
    /// One slot per rayon worker of the global pool, by worker index.
    workers: Vec<Mutex<CacheSet>>,
    /// Sets of threads outside that pool.
    free: Mutex<Vec<CacheSet>>,
}

impl Default for CachePool {
    fn default() -> Self {
        CachePool {
            workers: (0..rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
            free: Mutex::default(),
        }
    }
}

impl CachePool {
    pub(crate) fn take(&self, patterns: usize) -> CacheSet {
        let own = self.worker().and_then(|slot| {
            slot.try_lock()
                .ok()
                .map(|mut set| std::mem::take(&mut *set))
        });
        let mut caches = match own {
            Some(set) => set,
            None => self
                .free
                .lock()
                .ok()
                .and_then(|mut free| free.pop())
                .unwrap_or_default(),
        };
        caches.resize_with(patterns, || None);
        caches
    }

    pub(crate) fn give(&self, caches: CacheSet) {
        if let Some(Ok(mut set)) = self.worker().map(Mutex::try_lock) {
            if set.is_empty() {
                *set = caches;
                return;
            }
        }
        if let Ok(mut free) = self.free.lock() {
            free.push(caches);
        }
    }

    /// This thread's slot, when it is a worker of the pool the slots were made for.
    fn worker(&self) -> Option<&Mutex<CacheSet>> {
        rayon::current_thread_index().and_then(|i| self.workers.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::literals::split;

    fn anchored(pattern: &str) -> (AnchoredRegex, Vec<String>) {
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .build()
            .parse(pattern)
            .unwrap();
        let mut splits = split(&hir).unwrap();
        assert_eq!(splits.len(), 1, "{pattern} splits into one branch");
        let split = splits.remove(0);
        (
            AnchoredRegex::build(&split, &BuiltDfas::default()).unwrap(),
            split.triggers.literals,
        )
    }

    fn find(pattern: &str, text: &str) -> Option<String> {
        let (re, literals) = anchored(pattern);
        let mut cache = re.create_cache();
        let at = literals
            .iter()
            .filter_map(|l| text.find(l.as_str()))
            .min()?;
        let end = at
            + literals
                .iter()
                .find(|l| text[at..].starts_with(l.as_str()))
                .map_or(0, |l| l.len());
        re.find_at(&mut cache, text, at..end, 0..text.len(), None)
            .unwrap()
            .map(|r| text[r].to_owned())
    }

    #[test]
    fn matches_grow_both_ways_from_the_trigger() {
        let p = r"(?-u:\b)(?:[Tt]he|[Aa]n?) (?:[a-z]+ )?system (?:shall|must)(?-u:\b)";
        assert_eq!(
            find(p, "Then the new system shall log."),
            Some("the new system shall".to_owned())
        );
        assert_eq!(find(p, "Then the new system shallow."), None);
        assert_eq!(find(p, "Thethe system shall."), None);
    }

    #[test]
    fn a_match_that_ends_with_its_trigger_needs_no_forward_search() {
        let p = r"(?:当|如果)[^。\n]{1,10}(?:系统|平台)";
        let (re, literals) = anchored(p);
        assert_eq!(literals, ["平台", "系统"]);
        assert!(re.rest.is_none());
        assert_eq!(
            find(p, "。如果用户登录系统"),
            Some("如果用户登录系统".to_owned())
        );
        assert_eq!(find(p, "。用户登录系统"), None);
        // A word boundary after the trigger is checked on the bytes around its end.
        let p = r"(?-u:\b)(?:he|she) (?:said|says)(?-u:\b)";
        let (re, _) = anchored(p);
        assert!(re.rest.is_none() && re.boundary_after);
        assert_eq!(find(p, "Then she said."), Some("she said".to_owned()));
        assert_eq!(find(p, "Then she said"), Some("she said".to_owned()));
        assert_eq!(find(p, "Then she saidx"), None);
        // So is one before it.
        let p = r"(?-u:\b)(?:MUST|SHALL)(?-u:\b)";
        let (re, _) = anchored(p);
        assert!(re.prefix.is_none() && re.boundary_before && re.rest.is_none());
        assert_eq!(find(p, "It MUST be."), Some("MUST".to_owned()));
        assert_eq!(find(p, "ItMUST be."), None);
        assert_eq!(find(p, "MUST"), Some("MUST".to_owned()));
        // A trigger literal that begins another keeps the search: the longer may be preferred.
        assert!(!prefix_free(&["系统".to_owned(), "系统应".to_owned()]));
        assert!(prefix_free(&[
            "The".to_owned(),
            "the".to_owned(),
            "a".to_owned()
        ]));
    }

    #[test]
    fn chinese_prefixes_are_searched_backwards() {
        let p = r"\p{Han}{2,4}(?:系统|平台)应(?:当|该)?支持";
        assert_eq!(
            find(p, "。管理系统应当支持导出"),
            Some("管理系统应当支持".to_owned())
        );
        assert_eq!(find(p, "。系统应支持"), None);
    }

    #[test]
    fn the_bytes_around_the_trigger_are_searched_too() {
        let p = r"[该本](?:系统|app)应[0-9]";
        let (_, literals) = anchored(p);
        assert_eq!(literals, ["app应", "系统应"]);
        assert_eq!(find(p, "该app应3"), Some("该app应3".to_owned()));
        assert_eq!(find(p, "该app应x"), None);
        assert_eq!(find(p, "一app应3"), None);
    }

    #[test]
    fn searches_stay_inside_their_bounds() {
        let (re, _) = anchored(r"[a-z]+ shall");
        let mut cache = re.create_cache();
        let text = "system shall";
        assert_eq!(
            re.find_at(&mut cache, text, 6..12, 3..text.len(), None)
                .unwrap(),
            Some(3..12)
        );
        assert_eq!(
            re.find_at(&mut cache, text, 6..12, 7..12, None).unwrap(),
            None
        );
    }

    #[test]
    fn a_start_that_does_not_count_ends_the_search() {
        let (re, literals) = anchored(r"(?:\*\*)?[Aa]s an? [a-z ]{1,20}, I want");
        let mut cache = re.create_cache();
        let text = "such as a guest, I want";
        let (at, len) = literals
            .iter()
            .find_map(|l| text.find(l.as_str()).map(|at| (at, l.len())))
            .unwrap();
        let trigger = at..at + len;
        let matched = Some(5..text.len());
        let everywhere = |_: usize| true;
        let at_zero = |start: usize| start == 0;
        let mut find = |counts: Option<&dyn Fn(usize) -> bool>| {
            re.find_at(&mut cache, text, trigger.clone(), 0..text.len(), counts)
                .unwrap()
        };
        assert_eq!(find(None), matched);
        assert_eq!(find(Some(&everywhere)), matched);
        assert_eq!(find(Some(&at_zero)), None);
    }
}
