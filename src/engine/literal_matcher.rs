//! Every phrase and trigger of every rule in one literal matcher: searched ASCII
//! case-insensitively in one pass over a text by our literal DFA (`literal_dfa`), or by the
//! `aho-corasick` crate's automaton for key sets too large for it.

use super::gate::{KeyGate, KeyGateBuilder, TriggerGate};
use super::literal_dfa::LiteralDfa;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::ops::Range;

/// What an automaton match stands for.
#[derive(Debug, Clone)]
pub(crate) enum Owner {
    /// A literal phrase of a rule; word-boundary checks at its start and end.
    Phrase {
        rule: usize,
        word_start: bool,
        word_end: bool,
    },
    /// A trigger of these patterns.
    Trigger(Vec<usize>),
}

/// Every phrase and trigger of every rule in one automaton.
#[derive(Debug)]
pub(crate) struct LiteralMatcher {
    /// Searches ASCII case-insensitively: one pass finds every spelling of a case-insensitive
    /// literal, and the entries of a case-sensitive one check the bytes matched.
    search: Search,
    /// The longest literal, in bytes.
    longest: usize,
    /// The automaton's literals, lower-cased.
    pub keys: Vec<String>,
    /// What each literal stands for: key `k`'s entries are
    /// `entries[entry_start[k]..entry_start[k + 1]]`. Stored flat, with spellings and pattern
    /// lists in arenas: an occurrence reads one or two cache lines, not a pointer per entry
    /// (half of all occurrences are turned away by their spelling).
    entry_start: Vec<u32>,
    entries: Vec<LiteralEntry>,
    spellings: Vec<u8>,
    patterns: Vec<u32>,
    /// By key: what any of its entries allows around it. Half of all occurrences (a lower
    /// case `and` for a Gherkin `And `, `app` inside `application`) stop here.
    gates: Vec<KeyGate>,
}

/// The automaton: our own DFA (16-bit states, interleaved streams; it builds in about 2 ms
/// from the built-in rules, less than the crate's compact automaton), unless the literals need
/// more states than it has ids for.
#[derive(Debug)]
enum Search {
    Own(Box<LiteralDfa>),
    Crate(AhoCorasick),
}

impl LiteralMatcher {
    /// Calls `found(literal, span)` for every literal occurrence that starts in `range` (it
    /// may end past it), in any ASCII case, that some entry of the literal could accept there
    /// (its key gate admits it).
    pub(crate) fn for_each(
        &self,
        text: &str,
        range: Range<usize>,
        mut found: impl FnMut(usize, Range<usize>),
    ) {
        let bytes = text.as_bytes();
        let mut admitted = |key: usize, span: Range<usize>| {
            if self.gates.get(key).is_some_and(|g| g.admits(bytes, &span)) {
                found(key, span);
            }
        };
        let automaton = match &self.search {
            Search::Own(dfa) => return dfa.for_each(bytes, range, admitted),
            Search::Crate(ac) => ac,
        };
        let reach = range
            .end
            .saturating_add(self.longest.saturating_sub(1))
            .min(text.len());
        let input = aho_corasick::Input::new(text).range(range.start.min(reach)..reach);
        for m in automaton.find_overlapping_iter(input) {
            if m.start() < range.end {
                admitted(m.pattern().as_usize(), m.span().range());
            }
        }
    }

    /// Heap bytes of the automaton.
    pub(crate) fn memory_usage(&self) -> usize {
        match &self.search {
            Search::Own(dfa) => dfa.memory_usage(),
            Search::Crate(ac) => ac.memory_usage(),
        }
    }
}

/// One thing a literal stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LiteralEntry {
    /// The exact spelling required (`spelling_len` bytes of the spellings arena from
    /// `spelling_at`), or any case when `spelling_len` is 0.
    spelling_at: u32,
    spelling_len: u32,
    pub meaning: Meaning,
}

/// A phrase of a rule, or a trigger of patterns (`count` pattern ids of the patterns arena
/// from `first`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Meaning {
    Phrase {
        rule: u32,
        word_start: bool,
        word_end: bool,
    },
    Trigger {
        first: u32,
        count: u32,
    },
}

impl LiteralMatcher {
    /// What literal `key` stands for.
    pub(crate) fn entries(&self, key: usize) -> &[LiteralEntry] {
        let from = self.entry_start[key] as usize;
        let to = self.entry_start[key + 1] as usize;
        &self.entries[from..to]
    }

    /// Whether `entry` holds for the bytes `matched` (its spelling, when it has one).
    pub(crate) fn accepts(&self, entry: &LiteralEntry, matched: &[u8]) -> bool {
        let len = entry.spelling_len as usize;
        if len == 0 {
            return true;
        }
        let at = entry.spelling_at as usize;
        // An inlined loop: literals are a few bytes, shorter than a call to memcmp.
        len == matched.len()
            && self.spellings[at..at + len]
                .iter()
                .zip(matched)
                .all(|(a, b)| a == b)
    }

    /// The patterns a trigger entry stands for.
    pub(crate) fn patterns(&self, first: u32, count: u32) -> &[u32] {
        &self.patterns[first as usize..(first + count) as usize]
    }
}

/// One literal's meaning while the matcher is built: its exact spelling (when case matters)
/// and what it stands for.
struct Building {
    spelling: Option<Vec<u8>>,
    owner: Owner,
}

/// The literals grouped by key (lower-cased), in first-seen order; a trigger shared by several
/// patterns, with the same spelling, becomes one entry.
fn group_by_key(literals: Vec<(String, bool, Owner)>) -> (Vec<String>, Vec<Vec<Building>>) {
    let mut keys: Vec<String> = Vec::new();
    let mut entries: Vec<Vec<Building>> = Vec::new();
    let mut slots: std::collections::HashMap<String, usize> = Default::default();
    for (literal, case_matters, owner) in literals {
        let key = literal.to_ascii_lowercase();
        let slot = *slots.entry(key.clone()).or_insert_with(|| {
            keys.push(key);
            entries.push(Vec::new());
            entries.len() - 1
        });
        let spelling = case_matters.then(|| literal.into_bytes());
        let list = &mut entries[slot];
        if let Owner::Trigger(ids) = &owner {
            let same = list
                .iter_mut()
                .find(|e| e.spelling == spelling && matches!(e.owner, Owner::Trigger(_)));
            if let Some(Building {
                owner: Owner::Trigger(existing),
                ..
            }) = same
            {
                existing.extend(ids);
                continue;
            }
        }
        list.push(Building { spelling, owner });
    }
    (keys, entries)
}

/// What any of a key's entries allows around it.
fn key_gate<'g>(
    key: &str,
    list: &[Building],
    gate_of: &impl Fn(usize) -> Option<&'g TriggerGate>,
) -> KeyGate {
    let mut gate = KeyGateBuilder::new(key);
    for e in list {
        gate.spelling(e.spelling.as_deref());
        match &e.owner {
            Owner::Phrase {
                word_start,
                word_end,
                ..
            } => {
                gate.phrase(*word_start, *word_end);
            }
            Owner::Trigger(ids) => {
                for id in ids {
                    gate.pattern(gate_of(*id));
                }
            }
        }
    }
    gate.build()
}

/// The flat entries of the matcher, with their spellings and pattern lists in arenas.
struct Arenas {
    entry_start: Vec<u32>,
    entries: Vec<LiteralEntry>,
    spellings: Vec<u8>,
    patterns: Vec<u32>,
}

impl Arenas {
    fn new() -> Self {
        Arenas {
            entry_start: vec![0],
            entries: Vec::new(),
            spellings: Vec::new(),
            patterns: Vec::new(),
        }
    }

    /// Adds one key's entries.
    fn push_key(&mut self, list: Vec<Building>) -> Result<(), String> {
        let too_many = |_| "too many literals".to_owned();
        for e in list {
            let spelling = e.spelling.unwrap_or_default();
            let spelling_at = u32::try_from(self.spellings.len()).map_err(too_many)?;
            let spelling_len = u32::try_from(spelling.len()).map_err(too_many)?;
            self.spellings.extend(spelling);
            let meaning = match e.owner {
                Owner::Phrase {
                    rule,
                    word_start,
                    word_end,
                } => Meaning::Phrase {
                    rule: u32::try_from(rule).map_err(too_many)?,
                    word_start,
                    word_end,
                },
                Owner::Trigger(ids) => {
                    let first = u32::try_from(self.patterns.len()).map_err(too_many)?;
                    for id in &ids {
                        self.patterns.push(u32::try_from(*id).map_err(too_many)?);
                    }
                    Meaning::Trigger {
                        first,
                        count: u32::try_from(ids.len()).map_err(too_many)?,
                    }
                }
            };
            self.entries.push(LiteralEntry {
                spelling_at,
                spelling_len,
                meaning,
            });
        }
        let end = u32::try_from(self.entries.len()).map_err(too_many)?;
        self.entry_start.push(end);
        Ok(())
    }
}

/// One automaton over all literals; a trigger shared by several patterns is searched once.
/// `gate_of` gives a pattern's trigger gate (None when it has none: anything may stand around
/// its triggers).
pub(crate) fn build_automaton<'g>(
    literals: Vec<(String, bool, Owner)>,
    gate_of: impl Fn(usize) -> Option<&'g TriggerGate>,
) -> Result<Option<LiteralMatcher>, String> {
    if literals.is_empty() {
        return Ok(None);
    }
    let (keys, entries) = group_by_key(literals);
    let mut arenas = Arenas::new();
    let mut gates = Vec::with_capacity(keys.len());
    for (key, list) in keys.iter().zip(entries) {
        gates.push(key_gate(key, &list, &gate_of));
        arenas.push_key(list)?;
    }
    let search = match LiteralDfa::new(&keys) {
        Some(dfa) => Search::Own(Box::new(dfa)),
        None => Search::Crate(literal_automaton(&keys, AhoCorasickKind::ContiguousNFA)?),
    };
    Ok(Some(LiteralMatcher {
        search,
        longest: keys.iter().map(String::len).max().unwrap_or(0),
        keys,
        entry_start: arenas.entry_start,
        entries: arenas.entries,
        spellings: arenas.spellings,
        patterns: arenas.patterns,
        gates,
    }))
}

fn literal_automaton(keys: &[String], kind: AhoCorasickKind) -> Result<AhoCorasick, String> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .kind(Some(kind))
        .build(keys)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::limits::is_word_byte;
    use proptest::prelude::*;

    /// Occurrences found by the matcher over `text`, in chunks of 64 KiB.
    fn occurrences(m: &LiteralMatcher, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let end = (start + (64 << 10)).min(text.len());
            m.for_each(text, start..end, |key, span| {
                out.push((span.start, span.end, key))
            });
            start = end;
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn every_automaton_finds_the_same_literals() {
        // Our DFA, or for keys needing more than 32,767 states (12,000 keys with 7-byte tails
        // of their own) the crate's automaton.
        for (count, own) in [(50, true), (12_000, false)] {
            let keys: Vec<String> = (0..count).map(|i| format!("k{i:05}{i:05}yz")).collect();
            let literals = keys
                .iter()
                .map(|k| (k.clone(), false, Owner::Trigger(vec![0])))
                .collect();
            let m = build_automaton(literals, |_| None).unwrap().unwrap();
            let text = (0..40_000)
                .map(|i| {
                    format!(
                        "K{0:05}{0:05}YZ k{1:05}{1:05}yz ",
                        (i * 7) % count,
                        i % 9000
                    )
                })
                .collect::<String>();
            let found = occurrences(&m, &text);
            assert_eq!(matches!(m.search, Search::Own(_)), own);
            let reference = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&m.keys)
                .unwrap();
            let mut expected: Vec<_> = reference
                .find_overlapping_iter(&text)
                .map(|x| (x.start(), x.end(), x.pattern().as_usize()))
                .collect();
            expected.sort_unstable();
            assert_eq!(found, expected, "{count} keys");
        }
    }

    /// Every occurrence of every literal, key gates or not.
    fn all_occurrences(m: &LiteralMatcher, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        match &m.search {
            Search::Own(dfa) => {
                dfa.for_each(text.as_bytes(), 0..text.len(), |k, s| out.push((k, s)))
            }
            Search::Crate(ac) => {
                for x in ac.find_overlapping_iter(text) {
                    out.push((x.pattern().as_usize(), x.span().range()));
                }
            }
        }
        out
    }

    /// Whether some entry of the literal found at `span` gets past its own checks: its
    /// spelling, a phrase's word boundaries, a pattern's trigger gate.
    fn some_entry_goes_on(
        rules: &crate::engine::RuleSet,
        m: &LiteralMatcher,
        text: &[u8],
        key: usize,
        span: &Range<usize>,
    ) -> bool {
        m.entries(key).iter().any(|e| {
            m.accepts(e, &text[span.clone()])
                && match e.meaning {
                    Meaning::Phrase {
                        word_start,
                        word_end,
                        ..
                    } => {
                        let word_before = span.start > 0 && is_word_byte(text[span.start - 1]);
                        let word_after = text.get(span.end).is_some_and(|b| is_word_byte(*b));
                        !((word_start && word_before) || (word_end && word_after))
                    }
                    Meaning::Trigger { first, count } => {
                        m.patterns(first, count).iter().any(|&p| {
                            rules.patterns[p as usize]
                                .gate
                                .as_ref()
                                .is_none_or(|g| g.admits(text, span.clone()))
                        })
                    }
                }
        })
    }

    fn builtin() -> &'static crate::engine::RuleSet {
        static RULES: std::sync::OnceLock<crate::engine::RuleSet> = std::sync::OnceLock::new();
        RULES.get_or_init(|| crate::engine::load_ruleset(&[] as &[std::path::PathBuf]).unwrap())
    }

    /// Pieces of text next to which the built-in rules' literals stand or do not.
    fn piece() -> impl Strategy<Value = String> {
        let keys = &builtin().literals.as_ref().unwrap().keys;
        prop_oneof![
            3 => (0..keys.len(), any::<u32>()).prop_map(move |(k, case)| {
                // The literal in some mix of cases.
                keys[k]
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if case >> (i % 32) & 1 == 1 { c.to_ascii_uppercase() } else { c })
                    .collect()
            }),
            2 => "[ \\n,.:;()\"'a-zA-Z0-9_\\-#*]{1,3}",
            1 => "[，。：、“”「」（）\u{3000}系统应当记者说表示本报讯]{1,2}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// A key gate turns away only occurrences that no entry of the literal would take.
        #[test]
        fn key_gates_turn_away_only_what_every_entry_would(
            pieces in proptest::collection::vec(piece(), 1..24),
        ) {
            let rules = builtin();
            let m = rules.literals.as_ref().unwrap();
            let text = pieces.concat();
            for (key, span) in all_occurrences(m, &text) {
                if some_entry_goes_on(rules, m, text.as_bytes(), key, &span) {
                    prop_assert!(
                        m.gates[key].admits(text.as_bytes(), &span),
                        "{:?} at {:?} in {:?}", m.keys[key], span, text
                    );
                }
            }
        }
    }
}
