//! Literal triggers of a regular expression: a set of strings, one of which every match
//! contains, and the longest a match can be. The matcher finds all triggers of all rules in one
//! Aho-Corasick pass and runs a pattern only in a window around each trigger, instead of
//! scanning the whole text once per pattern.

use regex_syntax::hir::{Class, Hir, HirKind};
use std::ops::Range;

/// Most literals a trigger set may hold before it is not worth using.
const MAX_LITERALS: usize = 128;
/// Largest character class expanded into literals.
const MAX_CLASS_CHARS: u32 = 16;

/// Literals one of which every match contains; `ascii_case_insensitive` when they were taken
/// from case-insensitive parts and must be searched so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triggers {
    pub literals: Vec<String>,
    pub ascii_case_insensitive: bool,
}

/// A piece of a concatenation: an exact string, or a string whose ASCII letters match either
/// case.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Set {
    literals: Vec<String>,
    folded: bool,
}

/// Points past which a trigger is selective enough: longer literals barely save verifications
/// and cost automaton states.
const QUALITY_CAP: usize = 8;

impl Set {
    /// How selective the set is: its least selective literal decides. A Han character is
    /// worth two ASCII letters (about as rare as a short syllable), punctuation and spaces
    /// little; past 8 points length barely matters. Fewer literals break ties.
    fn quality(&self) -> (usize, isize) {
        (
            self.score().min(QUALITY_CAP),
            -(self.literals.len() as isize),
        )
    }

    /// The least selective literal's points, uncapped.
    fn score(&self) -> usize {
        self.literals
            .iter()
            .map(|l| {
                l.chars()
                    .map(|c| match c {
                        c if c.is_ascii_alphanumeric() => 2,
                        c if c.is_ascii() => 1,
                        c if c.is_alphanumeric() => 4,
                        // CJK and full-width punctuation is everywhere in Chinese text; other
                        // symbols (§, ¶) are rare.
                        '\u{3000}'..='\u{303F}'
                        | '\u{FF00}'..='\u{FFEF}'
                        | '\u{2000}'..='\u{206F}' => 2,
                        _ => 4,
                    })
                    .sum::<usize>()
            })
            .min()
            .unwrap_or(0)
    }
}

/// The triggers of a parsed pattern, or None when it has none good enough (then the pattern
/// is searched over the whole text).
pub(crate) fn triggers(hir: &Hir) -> Option<Triggers> {
    let set = required(hir)?;
    let (quality, _) = set.quality();
    // At least two letters, or one Han character.
    if quality < 4 {
        return None;
    }
    let mut literals = set.literals;
    literals.sort();
    literals.dedup();
    Some(Triggers {
        literals,
        ascii_case_insensitive: set.folded,
    })
}

/// A pattern cut where its trigger starts: every match is a `prefix` match that ends where a
/// trigger literal starts, followed by a `rest` match that starts there. Each trigger is then
/// verified by two anchored searches, backwards over the prefix and forwards over the rest,
/// which read only the bytes of the match instead of a whole window.
#[derive(Debug, Clone)]
pub struct Split {
    pub prefix: Hir,
    pub rest: Hir,
    /// What follows the trigger run within `rest`.
    pub after: Hir,
    pub triggers: Triggers,
}

/// Most branches a pattern is expanded into to make each of them splittable.
const MAX_BRANCHES: usize = 32;

/// Splits a pattern for anchored verification: as it is, or as the branches of its
/// alternations (`a(?:b|c+)d` is `abd` or `ac+d`), each with triggers of its own. None when
/// some branch has no trigger as good as the pattern's best.
pub(crate) fn split(hir: &Hir) -> Option<Vec<Split>> {
    let mut done = Vec::new();
    let mut todo = vec![hir.clone()];
    while let Some(branch) = todo.pop() {
        if let Some(split) = split_branch(&branch) {
            done.push(split);
            continue;
        }
        let alternatives = alternatives(&branch)?;
        if done.len() + todo.len() + alternatives.len() > MAX_BRANCHES {
            return None;
        }
        todo.extend(alternatives);
    }
    Some(done)
}

/// The pattern as the alternatives of its first alternation that is not a set of literals.
fn alternatives(hir: &Hir) -> Option<Vec<Hir>> {
    let top = unwrap_captures(hir);
    match top.kind() {
        HirKind::Alternation(subs) => Some(subs.clone()),
        HirKind::Concat(subs) => {
            let k = subs.iter().position(|sub| {
                matches!(unwrap_captures(sub).kind(), HirKind::Alternation(_))
                    && exact_set(sub).is_none()
            })?;
            let HirKind::Alternation(alts) = unwrap_captures(&subs[k]).kind() else {
                return None;
            };
            Some(
                alts.iter()
                    .map(|alt| {
                        let mut parts = subs[..k].to_vec();
                        parts.push(alt.clone());
                        parts.extend_from_slice(&subs[k + 1..]);
                        Hir::concat(parts)
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

fn unwrap_captures(mut hir: &Hir) -> &Hir {
    while let HirKind::Capture(cap) = hir.kind() {
        hir = &cap.sub;
    }
    hir
}

/// Splits a pattern at its best run of exact top-level pieces (literals, small classes and
/// alternations of them), if that run is as selective as its best trigger anywhere.
fn split_branch(hir: &Hir) -> Option<Split> {
    let top = unwrap_captures(hir);
    let subs: &[Hir] = match top.kind() {
        HirKind::Concat(subs) => subs,
        _ => std::slice::from_ref(top),
    };
    // Each piece's literals once; runs are ranked from their sizes and scores alone (a
    // product's least selective literal joins the least selective of each part) and only the
    // best run is multiplied out.
    let pieces: Vec<Option<Set>> = subs.iter().map(exact_set).collect();
    let scores: Vec<usize> = pieces
        .iter()
        .map(|p| p.as_ref().map_or(0, Set::score))
        .collect();
    // Ranked by quality and, among equals, the shorter: past the quality cap a longer run
    // saves few verifications and costs automaton states, which every byte of every text
    // pays for.
    type Rank = ((usize, isize), usize);
    let mut best: Option<(Rank, Range<usize>)> = None;
    for first in 0..subs.len() {
        let (mut score, mut count) = (0usize, 1usize);
        for (end, piece) in pieces.iter().enumerate().skip(first) {
            let Some(piece) = piece else { break };
            count = count.saturating_mul(piece.literals.len());
            if count > MAX_LITERALS {
                break;
            }
            score += scores[end];
            let rank = (
                (score.min(QUALITY_CAP), -(count as isize)),
                usize::MAX - score,
            );
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, first..end + 1));
            }
        }
    }
    let (((quality, _), _), run) = best?;
    // A run at the quality cap cannot be outdone; below it, the pattern's best trigger
    // anywhere (costly to find in a large alternation) must be no better.
    if quality < 4
        || (quality < QUALITY_CAP && quality < required(hir).map_or(0, |s| s.quality().0))
    {
        return None;
    }
    let first = run.start;
    let run_end = run.end;
    let set = pieces[run].iter().try_fold(
        Set {
            literals: vec![String::new()],
            folded: false,
        },
        |acc, piece| product(&acc, piece.as_ref()?),
    )?;
    let mut literals = set.literals;
    literals.sort();
    literals.dedup();
    Some(Split {
        prefix: Hir::concat(subs[..first].to_vec()),
        rest: Hir::concat(subs[first..].to_vec()),
        after: Hir::concat(subs[run_end..].to_vec()),
        triggers: Triggers {
            literals,
            ascii_case_insensitive: set.folded,
        },
    })
}

/// Every string a piece can match, if it is a small finite set.
fn exact_set(hir: &Hir) -> Option<Set> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(Set {
            literals: vec![String::from_utf8_lossy(&lit.0).into_owned()],
            folded: false,
        }),
        HirKind::Class(class) => class_set(class),
        HirKind::Capture(cap) => exact_set(&cap.sub),
        // `x?`: x or nothing.
        HirKind::Repetition(rep) if rep.min == 0 && rep.max == Some(1) => {
            let mut set = exact_set(&rep.sub)?;
            set.literals.push(String::new());
            (set.literals.len() <= MAX_LITERALS).then_some(set)
        }
        HirKind::Alternation(subs) => union(subs, exact_set),
        HirKind::Concat(subs) => subs.iter().try_fold(
            Set {
                literals: vec![String::new()],
                folded: false,
            },
            |acc, sub| product(&acc, &exact_set(sub)?),
        ),
        _ => None,
    }
}

/// The sets of all `subs` together, if each has one and they are not too many.
fn union(subs: &[Hir], set_of: fn(&Hir) -> Option<Set>) -> Option<Set> {
    let mut literals = Vec::new();
    let mut folded = false;
    for sub in subs {
        let set = set_of(sub)?;
        folded |= set.folded;
        literals.extend(set.literals);
    }
    (literals.len() <= MAX_LITERALS).then_some(Set { literals, folded })
}

/// Every literal of `a` followed by every literal of `b`, if not too many.
fn product(a: &Set, b: &Set) -> Option<Set> {
    (a.literals.len() * b.literals.len() <= MAX_LITERALS).then(|| Set {
        literals: a
            .literals
            .iter()
            .flat_map(|x| b.literals.iter().map(move |y| format!("{x}{y}")))
            .collect(),
        folded: a.folded || b.folded,
    })
}

fn required(hir: &Hir) -> Option<Set> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(lit) => Some(Set {
            literals: vec![String::from_utf8_lossy(&lit.0).into_owned()],
            folded: false,
        }),
        HirKind::Class(class) => class_set(class),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Alternation(subs) => union(subs, required),
        HirKind::Concat(subs) => {
            // Candidates: each child's own set, and runs of exact children (literals, small
            // classes) multiplied out: `P[0-4]` gives P0…P4.
            let mut best: Option<Set> = None;
            let mut run: Option<Set> = None;
            let consider = |candidate: Set, best: &mut Option<Set>| {
                if best
                    .as_ref()
                    .is_none_or(|b| candidate.quality() > b.quality())
                {
                    *best = Some(candidate);
                }
            };
            for sub in subs {
                let set = required(sub);
                // `x+` starts with one exact `x`, then the run must end.
                let (exact, closes) = match sub.kind() {
                    HirKind::Repetition(rep) if rep.min >= 1 && is_exact(&rep.sub) => {
                        (set.as_ref(), true)
                    }
                    _ => (set.as_ref().filter(|_| is_exact(sub)), false),
                };
                match (exact, run.take()) {
                    (Some(s), Some(r)) => match product(&r, s) {
                        Some(joined) => run = Some(joined),
                        None => {
                            consider(r, &mut best);
                            run = Some(s.clone());
                        }
                    },
                    (Some(s), None) => run = Some(s.clone()),
                    (None, r) => {
                        if let Some(r) = r {
                            consider(r, &mut best);
                        }
                    }
                }
                if closes {
                    if let Some(r) = run.take() {
                        consider(r, &mut best);
                    }
                }
                if let Some(s) = set {
                    consider(s, &mut best);
                }
            }
            if let Some(r) = run.take() {
                consider(r, &mut best);
            }
            best
        }
    }
}

/// A child that matches exactly one of its literals (so it can be joined with its
/// neighbours).
fn is_exact(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Literal(_) => true,
        HirKind::Class(class) => class_set(class).is_some(),
        HirKind::Capture(cap) => is_exact(&cap.sub),
        HirKind::Alternation(subs) => subs.iter().all(is_exact),
        HirKind::Concat(subs) => subs.iter().all(is_exact),
        _ => false,
    }
}

/// A small class as literals; an ASCII letter in both cases as one case-folded literal.
fn class_set(class: &Class) -> Option<Set> {
    // Ranges as code points, so both class kinds are sized the same way.
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(c) => c
            .iter()
            .map(|r| (r.start().into(), r.end().into()))
            .collect(),
        Class::Bytes(c) => c
            .iter()
            .map(|r| (r.start().into(), r.end().into()))
            .collect(),
    };
    let size: u32 = ranges.iter().map(|(a, b)| b - a + 1).sum();
    if size > MAX_CLASS_CHARS {
        return None;
    }
    let bytes = matches!(class, Class::Bytes(_));
    let chars: Vec<char> = ranges
        .iter()
        .flat_map(|&(a, b)| a..=b)
        .filter(|&c| !bytes || c < 0x80)
        .filter_map(char::from_u32)
        .collect();
    // A case-insensitive ASCII letter: both cases, plus at most one Unicode fold (K and the
    // Kelvin sign, s and the long s). Searched case-insensitively; the regex decides.
    let ascii: Vec<char> = chars.iter().copied().filter(char::is_ascii).collect();
    if ascii.len() == 2
        && chars.len() <= 3
        && ascii[0].is_ascii_alphabetic()
        && ascii[0].eq_ignore_ascii_case(&ascii[1])
    {
        return Some(Set {
            literals: vec![ascii[0].to_ascii_lowercase().to_string()],
            folded: true,
        });
    }
    Some(Set {
        literals: chars.into_iter().map(String::from).collect(),
        folded: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(pattern: &str) -> Option<Triggers> {
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .build()
            .parse(pattern)
            .unwrap();
        triggers(&hir)
    }

    fn lits(pattern: &str) -> Vec<String> {
        of(pattern).map(|t| t.literals).unwrap_or_default()
    }

    #[test]
    fn literals_and_alternations() {
        assert_eq!(lits("本报(?:讯|电)"), ["本报"]);
        assert_eq!(lits(r"\b(?:said|told)\b"), ["said", "told"]);
        assert_eq!(lits("[（(](?:本报)?(?:记者|通讯员)"), ["记者", "通讯员"]);
        assert_eq!(lits("(?:高|P[0-2])"), ["P0", "P1", "P2", "高"]);
        assert_eq!(
            lits("(?:那么|当)[ 　]+x"),
            ["当 ", "当　", "那么 ", "那么　"]
        );
    }

    #[test]
    fn the_longest_required_piece_wins() {
        let dateline = lits(r"\p{Han}{2,6}(?:社|网)\p{Han}{0,8}\d{1,2}月\d{1,2}日(?:电|讯)");
        assert_eq!(dateline, ["日电", "日讯"]);
        assert_eq!(lits(r"^[ \t]*By [A-Z][a-z]+"), ["By "]);
    }

    #[test]
    fn case_insensitive_parts_are_folded() {
        let t = of("(?i:acceptance criteria)").unwrap();
        assert_eq!(t.literals, ["acceptance criteria"]);
        assert!(t.ascii_case_insensitive);
        // k and s have Unicode folds (Kelvin sign, long s): still one folded literal.
        let t = of("(?i:tasks)").unwrap();
        assert_eq!(t.literals, ["tasks"]);
    }

    fn splits(pattern: &str) -> Option<Vec<(String, Vec<String>)>> {
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .build()
            .parse(pattern)
            .unwrap();
        let mut out: Vec<(String, Vec<String>)> = split(&hir)?
            .into_iter()
            .map(|s| (s.prefix.to_string(), s.triggers.literals))
            .collect();
        out.sort();
        Some(out)
    }

    #[test]
    fn patterns_split_where_their_best_literals_start() {
        // Past the quality cap, the shorter run: fewer automaton states.
        let s = splits(r"\p{Han}{2,4}(?:系统|平台)应").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].1, ["平台", "系统"]);
        // `x?` is a literal set with the empty string: no branches needed.
        let s = splits(r"[a-z]+ (?:shall|needs? to) go").unwrap();
        assert_eq!(s.len(), 1);
        // A literal-only pattern is all trigger: nothing before it.
        assert_eq!(splits("said|told").unwrap()[0].0, "(?:)");
    }

    #[test]
    fn alternations_that_are_not_literal_sets_become_branches() {
        let s = splits(r"[a-z]+ (?:shall|\d+ times) go").unwrap();
        assert_eq!(s.len(), 2);
        assert!(s.iter().any(|(_, l)| l == &[" shall go"]), "{s:?}");
        assert!(s.iter().any(|(_, l)| l == &[" times go"]), "{s:?}");
        // No usable literal in some branch: the pattern is searched in windows instead.
        assert!(splits(r"x(?:abc|\d+)").is_none());
    }

    #[test]
    fn patterns_without_a_required_literal_have_no_triggers() {
        assert_eq!(of(r"\p{Han}{2,4}"), None);
        assert_eq!(of("(?:abc)?x"), None);
        assert_eq!(of("a|\\d+"), None);
    }
}
