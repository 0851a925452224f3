//! What may stand next to a trigger: the last bytes a pattern's prefix can end with and the
//! first bytes its rest can go on with. Checking up to four bytes on each side turns away most
//! triggers (a `shall` after a person, a `系统` not followed by `应`) before any search starts.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Hir;

/// Most bytes of a neighbour compared: one 32-bit load.
const MAX_LEN: usize = 4;

/// Most neighbours kept per side: enough for a list of nouns before `shall`; the extractor
/// shortens literals (keeping the bytes nearest the trigger) to stay under it.
const MAX_NEIGHBOURS: usize = 512;

/// The byte strings of which one must stand on one side of a trigger, by length (1 to 4
/// bytes), each packed little-endian into a `u32` and sorted for binary search: those of
/// length `n + 1` are `packed[starts[n]..starts[n + 1]]`, all in one allocation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Neighbours {
    packed: Box<[u32]>,
    starts: [u32; MAX_LEN + 1],
}

/// Which side of the trigger a `Neighbours` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The end of what precedes the trigger (a pattern's prefix).
    Before,
    /// The start of what follows it.
    After,
}

impl Neighbours {
    /// What every match of `hir` ends with (`Before`) or starts with (`After`), cut to the
    /// four bytes nearest the trigger. None when a match can be empty or its edge is not a
    /// small known set of strings (a `\p{Han}` run, a `[a-z]+` word).
    pub(crate) fn of(hir: &Hir, side: Side) -> Option<Neighbours> {
        let kind = match side {
            Side::Before => ExtractKind::Suffix,
            Side::After => ExtractKind::Prefix,
        };
        let seq = Extractor::new()
            .kind(kind)
            .limit_literal_len(MAX_LEN)
            .limit_total(MAX_NEIGHBOURS)
            .extract(hir);
        let literals = seq.literals()?;
        let mut by_len: [Vec<u32>; MAX_LEN] = Default::default();
        for literal in literals {
            let bytes = literal.as_bytes();
            // An empty literal lets anything through: no filter at all.
            let len = bytes.len().min(MAX_LEN).checked_sub(1)?;
            let near = match side {
                Side::Before => &bytes[bytes.len() - (len + 1)..],
                Side::After => &bytes[..=len],
            };
            by_len[len].push(pack(near));
        }
        let mut packed = Vec::new();
        let mut starts = [0u32; MAX_LEN + 1];
        for (n, list) in by_len.iter_mut().enumerate() {
            list.sort_unstable();
            list.dedup();
            packed.extend_from_slice(list);
            starts[n + 1] = u32::try_from(packed.len()).ok()?;
        }
        Some(Neighbours {
            packed: packed.into_boxed_slice(),
            starts,
        })
    }

    /// The neighbours `len + 1` bytes long.
    fn of_len(&self, len: usize) -> &[u32] {
        &self.packed[self.starts[len] as usize..self.starts[len + 1] as usize]
    }

    /// Whether `bytes` (what stands on this side, the trigger at its end for `Before` and at
    /// its start for `After`) begins or ends with one of the neighbours.
    pub(crate) fn fit(&self, bytes: &[u8], side: Side) -> bool {
        (0..MAX_LEN).any(|n| {
            let list = self.of_len(n);
            let len = n + 1;
            if list.is_empty() || bytes.len() < len {
                return false;
            }
            let near = match side {
                Side::Before => &bytes[bytes.len() - len..],
                Side::After => &bytes[..len],
            };
            list.binary_search(&pack(near)).is_ok()
        })
    }
}

/// Up to four bytes as one number.
fn pack(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .rev()
        .fold(0, |acc, &b| (acc << 8) | u32::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hir(pattern: &str) -> Hir {
        regex_syntax::parse(pattern).unwrap()
    }

    #[test]
    fn after_a_trigger_the_first_bytes_are_checked() {
        let n = Neighbours::of(&hir("(?:应当|必须|须)[^用]"), Side::After).unwrap();
        assert!(n.fit("应当支持".as_bytes(), Side::After));
        assert!(n.fit("须".as_bytes(), Side::After));
        assert!(!n.fit("应".as_bytes(), Side::After));
        assert!(!n.fit("可以".as_bytes(), Side::After));
        assert!(!n.fit(b"", Side::After));
    }

    #[test]
    fn before_a_trigger_the_last_bytes_are_checked() {
        let n = Neighbours::of(&hir("(?:[Tt]he|[Aa]) (?:system|servers?) "), Side::Before).unwrap();
        assert!(n.fit(b"so the system ", Side::Before));
        assert!(n.fit(b"servers ", Side::Before));
        assert!(!n.fit(b"the licensee ", Side::Before));
        assert!(!n.fit(b"em ", Side::Before));
    }

    #[test]
    fn open_or_empty_edges_give_no_filter() {
        assert!(Neighbours::of(&hir(r"\p{Han}{2,6}社"), Side::After).is_none());
        assert!(Neighbours::of(&hir(r"[a-z]+ "), Side::After).is_none());
        assert!(Neighbours::of(&hir(r"(?: not)?"), Side::After).is_none());
        // A large class at the edge is still a known set of first bytes.
        let n = Neighbours::of(&hir(r"[0-9]+x"), Side::After).unwrap();
        assert!(n.fit(b"7x", Side::After) && !n.fit(b"ax", Side::After));
    }
}
