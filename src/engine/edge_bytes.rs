//! What bytes may stand next to a trigger, position by position: the sets the first bytes of a
//! pattern's rest (or the last bytes of its prefix) fall in. Where `neighbours` needs a small
//! set of literal strings, this works on any pattern: a `\d` (hundreds of Unicode digits) still
//! says the next byte is a digit or the lead byte of one, and `[，,]\s*` that the byte before
//! the trigger ends a comma or a space. One bit test a position turns most triggers away.

use super::neighbours::Side;
use regex_syntax::hir::{Class, Hir, HirKind};
use regex_syntax::utf8::Utf8Sequences;

/// Most positions checked.
const MAX_POSITIONS: usize = 4;

/// A set of bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn add_range(&mut self, from: u8, to: u8) {
        for b in from..=to {
            self.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    fn union(mut self, other: ByteSet) -> ByteSet {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        self
    }

    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    fn is_full(&self) -> bool {
        self.0 == [u64::MAX; 4]
    }
}

/// The byte sets of the first (or last) positions of every match of a pattern part, kept
/// inline (they are read for every trigger).
#[derive(Debug, Clone)]
pub(crate) struct EdgeBytes {
    /// Position 0 is next to the trigger; `len` of them are a test.
    sets: [ByteSet; MAX_POSITIONS],
    len: usize,
}

impl EdgeBytes {
    /// The sets every match of `hir` falls in at its edge on `side` (its start for `After`,
    /// its end for `Before`). None when they say nothing (a match may be empty, or any byte
    /// may stand there).
    pub(crate) fn of(hir: &Hir, side: Side) -> Option<EdgeBytes> {
        let mut found = edge_sets(hir, side, MAX_POSITIONS);
        // Positions any byte fits are no test; those after them are still one.
        while found.last().is_some_and(ByteSet::is_full) {
            found.pop();
        }
        let mut sets = [ByteSet::default(); MAX_POSITIONS];
        for (slot, set) in sets.iter_mut().zip(&found) {
            *slot = *set;
        }
        let len = found.len().min(MAX_POSITIONS);
        (len > 0).then_some(EdgeBytes { sets, len })
    }

    /// Whether `b` can stand right next to the trigger.
    pub(crate) fn nearest_contains(&self, b: u8) -> bool {
        self.sets[0].contains(b)
    }

    /// Whether `bytes` (what stands on this side: the trigger at its end for `Before`, at its
    /// start for `After`) can hold such a match edge.
    pub(crate) fn fit(&self, bytes: &[u8], side: Side) -> bool {
        self.sets[..self.len].iter().enumerate().all(|(i, set)| {
            let at = match side {
                Side::After => Some(i),
                Side::Before => bytes.len().checked_sub(i + 1),
            };
            at.and_then(|at| bytes.get(at))
                .is_some_and(|b| set.contains(*b))
        })
    }
}

/// The parts of a concatenation in the order they are met going out from the trigger.
fn outward(items: &[Hir], side: Side) -> Vec<&Hir> {
    match side {
        Side::After => items.iter().collect(),
        Side::Before => items.iter().rev().collect(),
    }
}

/// Sets for up to `k` positions from the edge of every match of `hir`: each match is at least
/// that long and has its bytes there in them.
fn edge_sets(hir: &Hir, side: Side, k: usize) -> Vec<ByteSet> {
    if k == 0 {
        return Vec::new();
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Vec::new(),
        HirKind::Literal(lit) => {
            let bytes: Vec<u8> = match side {
                Side::After => lit.0.iter().copied().take(k).collect(),
                Side::Before => lit.0.iter().rev().copied().take(k).collect(),
            };
            bytes
                .into_iter()
                .map(|b| {
                    let mut set = ByteSet::default();
                    set.add_range(b, b);
                    set
                })
                .collect()
        }
        HirKind::Class(_) => {
            if hir.properties().minimum_len().is_some_and(|n| n > 0) {
                vec![edge_set(hir, side)]
            } else {
                Vec::new()
            }
        }
        HirKind::Capture(c) => edge_sets(&c.sub, side, k),
        HirKind::Repetition(r) => {
            if r.min == 0 {
                Vec::new()
            } else {
                edge_sets(&r.sub, side, k)
            }
        }
        HirKind::Alternation(alts) => {
            let seqs: Vec<Vec<ByteSet>> = alts.iter().map(|a| edge_sets(a, side, k)).collect();
            let n = seqs.iter().map(Vec::len).min().unwrap_or(0);
            (0..n)
                .map(|i| {
                    seqs.iter()
                        .fold(ByteSet::default(), |acc, s| acc.union(s[i]))
                })
                .collect()
        }
        HirKind::Concat(items) => concat_sets(&outward(items, side), side, k),
    }
}

/// `edge_sets` of the concatenation of `items`, given in the order met going out from the
/// trigger.
fn concat_sets(items: &[&Hir], side: Side, k: usize) -> Vec<ByteSet> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if out.len() == k {
            break;
        }
        let props = item.properties();
        if props.maximum_len() == Some(0) {
            // An assertion (`\b`, `^`): no bytes of its own.
            continue;
        }
        if props.minimum_len() == Some(0) {
            // Optional: the next byte is its first or, when it is left out, that of what
            // follows it; after that the positions are no longer aligned.
            if let Some(next) = concat_sets(&items[i + 1..], side, 1).first() {
                out.push(edge_set(item, side).union(*next));
            }
            break;
        }
        let sets = edge_sets(item, side, k - out.len());
        let fixed =
            props.minimum_len() == Some(sets.len()) && props.maximum_len() == Some(sets.len());
        out.extend(sets);
        if !fixed {
            break;
        }
    }
    out
}

/// Every byte a non-empty match of `hir` can start with (`After`) or end with (`Before`).
fn edge_set(hir: &Hir, side: Side) -> ByteSet {
    let mut set = ByteSet::default();
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => {
            let b = match side {
                Side::After => lit.0.first(),
                Side::Before => lit.0.last(),
            };
            if let Some(&b) = b {
                set.add_range(b, b);
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.iter() {
                set.add_range(r.start(), r.end());
            }
        }
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.iter() {
                for seq in Utf8Sequences::new(r.start(), r.end()) {
                    let ranges = seq.as_slice();
                    let edge = match side {
                        Side::After => ranges.first(),
                        Side::Before => ranges.last(),
                    };
                    if let Some(e) = edge {
                        set.add_range(e.start, e.end);
                    }
                }
            }
        }
        HirKind::Capture(c) => set = edge_set(&c.sub, side),
        HirKind::Repetition(r) => {
            if r.max != Some(0) {
                set = edge_set(&r.sub, side);
            }
        }
        HirKind::Alternation(alts) => {
            for a in alts {
                set = set.union(edge_set(a, side));
            }
        }
        HirKind::Concat(items) => {
            // Up to and including the first part that cannot be empty.
            for item in outward(items, side) {
                set = set.union(edge_set(item, side));
                if item.properties().minimum_len().is_some_and(|n| n > 0) {
                    break;
                }
            }
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hir(pattern: &str) -> Hir {
        regex_syntax::parse(pattern).unwrap()
    }

    fn fits(pattern: &str, side: Side, text: &str) -> bool {
        EdgeBytes::of(&hir(pattern), side).is_none_or(|e| e.fit(text.as_bytes(), side))
    }

    #[test]
    fn a_unicode_digit_after_the_trigger_is_a_digit_or_its_lead_byte() {
        assert!(fits(r"\d{1,4}\b", Side::After, "0075]"));
        assert!(fits(r"\d{1,4}\b", Side::After, "٣"));
        assert!(!fits(r"\d{1,4}\b", Side::After, "WS-0075]"));
        assert!(!fits(r"\d{1,4}\b", Side::After, ""));
        // Positions go on through fixed-length parts.
        assert!(fits(r" \d+ ?ms", Side::After, " 20 ms"));
        assert!(!fits(r" \d+ ?ms", Side::After, " the"));
    }

    #[test]
    fn before_the_trigger_an_optional_part_joins_what_precedes_it() {
        let p = r"(?:当|如果)[^。\n]{1,30}(?:时|后)[，,]\s*";
        assert!(fits(p, Side::Before, "当用户登录时，"));
        assert!(fits(p, Side::Before, "当用户登录时， "));
        // 管 and 名 end in bytes no comma or space ends in (理 would pass: its last byte
        // also ends U+2006, a space).
        assert!(!fits(p, Side::Before, "在管"));
        assert!(!fits(p, Side::Before, "用户名"));
    }

    #[test]
    fn assertions_are_passed_over_and_optional_edges_give_no_test() {
        assert!(!fits(r"\b(?:he|she) ", Side::Before, "they"));
        assert!(fits(r"\b(?:he|she) ", Side::Before, "she "));
        assert!(EdgeBytes::of(&hir(r"(?: not)?\b"), Side::After).is_none());
        assert!(EdgeBytes::of(&hir(r"x?"), Side::After).is_none());
        assert!(EdgeBytes::of(&hir(r""), Side::Before).is_none());
    }

    #[test]
    fn alternatives_of_different_lengths_share_their_common_positions() {
        let p = r"(?:ab|c)d";
        assert!(fits(p, Side::After, "ax"));
        assert!(fits(p, Side::After, "cd"));
        assert!(!fits(p, Side::After, "dd"));
    }
}
