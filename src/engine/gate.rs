//! What must stand next to a literal for it to be worth more work, checked before any search.
//!
//! A `TriggerGate` belongs to one pattern cut at its trigger: the bytes its prefix can end
//! with and its rest go on with. A `KeyGate` belongs to one literal of the automaton: what
//! any of its phrases and patterns allows (the case of its first letter, the class of the
//! byte before and after it), so that the commonest words (`and` for a Gherkin `And `, `by`
//! for a `By ` line, `app` inside `application`) are turned away by one lookup instead of a
//! walk over every phrase and pattern they stand for. Both only ever turn away occurrences
//! that every search after them would reject.

use super::edge_bytes::EdgeBytes;
use super::limits::is_word_byte;
use super::literals::Split;
use super::neighbours::{Neighbours, Side};
use std::ops::Range;

/// The bytes next to a pattern's trigger that a match needs.
#[derive(Debug, Clone)]
pub struct TriggerGate {
    /// What can stand just before the trigger, and just after it, when the pattern says:
    /// most triggers are rejected by one of them without starting a search.
    before: Option<Neighbours>,
    after: Option<Neighbours>,
    /// The sets the bytes next to the trigger fall in, position by position: a test for
    /// patterns whose edges are no small set of strings.
    before_bytes: Option<EdgeBytes>,
    after_bytes: Option<EdgeBytes>,
    /// Longest the prefix can be: a match starts at most this many bytes before its trigger
    /// (None when unbounded).
    prefix_max_len: Option<usize>,
    /// The key-gate classes of the byte just before and just after the trigger that a match
    /// allows (None: any byte, or the text's edge).
    classes: [Option<u64>; 2],
}

impl TriggerGate {
    pub fn of(split: &Split) -> TriggerGate {
        let before_bytes = EdgeBytes::of(&split.prefix, Side::Before);
        let after_bytes = EdgeBytes::of(&split.after, Side::After);
        let classes = |edge: &Option<EdgeBytes>| {
            edge.as_ref()
                .map(|e| classes_where(|b| e.nearest_contains(b)))
        };
        TriggerGate {
            before: Neighbours::of(&split.prefix, Side::Before),
            after: Neighbours::of(&split.after, Side::After),
            classes: [classes(&before_bytes), classes(&after_bytes)],
            before_bytes,
            after_bytes,
            prefix_max_len: split.prefix.properties().maximum_len(),
        }
    }

    /// Whether a match can stand around the trigger at `trigger`, by the bytes next to it
    /// alone (a cheap test that turns most triggers away before any search).
    pub fn admits(&self, bytes: &[u8], trigger: Range<usize>) -> bool {
        let (Some(before), Some(after)) = (bytes.get(..trigger.start), bytes.get(trigger.end..))
        else {
            return false;
        };
        // The bit tests first, then the literal lookups.
        self.after_bytes
            .as_ref()
            .is_none_or(|e| e.fit(after, Side::After))
            && self
                .before_bytes
                .as_ref()
                .is_none_or(|e| e.fit(before, Side::Before))
            && self
                .after
                .as_ref()
                .is_none_or(|n| n.fit(after, Side::After))
            && self
                .before
                .as_ref()
                .is_none_or(|n| n.fit(before, Side::Before))
    }

    /// Where a match around the trigger can start: from this many bytes before it up to the
    /// trigger itself (None when the prefix is unbounded).
    pub fn starts_within(&self) -> Option<usize> {
        self.prefix_max_len
    }
}

/// Byte classes of the key gates: a gate keeps one bit per class on each side, so classes
/// are the distinctions the rules' edges make (a letter or not, which punctuation, which lead
/// byte of a Chinese character) and no finer.
const fn class_of(b: u8) -> u8 {
    match b {
        b'a'..=b'z' => 0,
        b'A'..=b'Z' => 1,
        b'0'..=b'9' => 2,
        b' ' => 3,
        b'\n' => 4,
        b'\r' => 5,
        b'\t' => 6,
        b'_' => 7,
        // Every other printable ASCII byte alone: 32 classes, 8 to 39.
        b'!'..=b'/' => 8 + (b - b'!'),
        b':'..=b'@' => 23 + (b - b':'),
        b'['..=b'^' => 30 + (b - b'['),
        b'`' => 34,
        b'{'..=b'~' => 35 + (b - b'{'),
        0..=0x7F => 39,
        // Continuation bytes by quarter, then lead bytes: E2 (general punctuation, curly
        // quotes), E3 (CJK punctuation), E4 to E9 (most Han characters) and EF (full-width
        // forms) each alone.
        0x80..=0xBF => 40 + ((b - 0x80) >> 4),
        0xC0..=0xDF => 44,
        0xE0..=0xE1 => 45,
        0xE2 => 46,
        0xE3 => 47,
        0xE4..=0xE9 => 48 + (b - 0xE4),
        0xEA..=0xEE => 54,
        0xEF => 55,
        0xF0..=0xFF => 56,
    }
}

static CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        classes[b] = class_of(b as u8);
        b += 1;
    }
    classes
};

fn class_bit(b: u8) -> u64 {
    1 << CLASSES[usize::from(b)]
}

/// The classes of the bytes `pred` holds for.
fn classes_where(pred: impl Fn(u8) -> bool) -> u64 {
    (0..=u8::MAX)
        .filter(|b| pred(*b))
        .fold(0, |mask, b| mask | class_bit(b))
}

/// What one literal's phrases and patterns allow around it, together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyGate {
    /// Classes of the byte before and after the literal that some use of it allows.
    before: u64,
    after: u64,
    /// Whether some use allows the literal at the start of the text (bit 0) or at its end
    /// (bit 1).
    at_edges: u8,
    /// Offset of the literal's first ASCII letter, and the cases some use allows there (bit
    /// 0 lower, bit 1 upper; both when it has no letter).
    letter_at: u8,
    cases: u8,
}

const LOWER: u8 = 1;
const UPPER: u8 = 2;
const AT_START: u8 = 1;
const AT_END: u8 = 2;

impl KeyGate {
    /// Whether some phrase or pattern of the literal found at `span` could still match there.
    pub(crate) fn admits(&self, bytes: &[u8], span: &Range<usize>) -> bool {
        let case = match bytes.get(span.start + usize::from(self.letter_at)) {
            Some(b) if b.is_ascii_uppercase() => UPPER,
            Some(b) if b.is_ascii_lowercase() => LOWER,
            _ => LOWER | UPPER,
        };
        let before = match span.start.checked_sub(1) {
            Some(i) => bytes
                .get(i)
                .is_some_and(|b| self.before & class_bit(*b) != 0),
            None => self.at_edges & AT_START != 0,
        };
        let after = match bytes.get(span.end) {
            Some(b) => self.after & class_bit(*b) != 0,
            None => self.at_edges & AT_END != 0,
        };
        self.cases & case != 0 && before && after
    }
}

/// A key gate made up use by use: it admits what any of them admits.
#[derive(Debug)]
pub(crate) struct KeyGateBuilder {
    gate: KeyGate,
}

impl KeyGateBuilder {
    /// A gate for the (lower-cased) literal `key` that admits nothing yet.
    pub(crate) fn new(key: &str) -> Self {
        let letter_at = key.bytes().position(|b| b.is_ascii_alphabetic());
        KeyGateBuilder {
            gate: KeyGate {
                before: 0,
                after: 0,
                at_edges: 0,
                letter_at: letter_at.and_then(|i| u8::try_from(i).ok()).unwrap_or(0),
                // Without a letter (or one too far in to say), case says nothing.
                cases: if letter_at.is_some_and(|i| i <= usize::from(u8::MAX)) {
                    0
                } else {
                    LOWER | UPPER
                },
            },
        }
    }

    /// A use spelled exactly `spelling` (any case when None).
    pub(crate) fn spelling(&mut self, spelling: Option<&[u8]>) -> &mut Self {
        let at = usize::from(self.gate.letter_at);
        self.gate.cases |= match spelling.and_then(|s| s.get(at)) {
            Some(b) if b.is_ascii_uppercase() => UPPER,
            Some(b) if b.is_ascii_lowercase() => LOWER,
            _ => LOWER | UPPER,
        };
        self
    }

    /// A phrase, with the ASCII word boundaries it needs at its start and end.
    pub(crate) fn phrase(&mut self, word_start: bool, word_end: bool) -> &mut Self {
        let non_word = || classes_where(|b| !is_word_byte(b));
        self.gate.before |= if word_start { non_word() } else { u64::MAX };
        self.gate.after |= if word_end { non_word() } else { u64::MAX };
        self.gate.at_edges = AT_START | AT_END;
        self
    }

    /// A pattern this literal triggers, with its gate (None: anything may stand around it).
    pub(crate) fn pattern(&mut self, gate: Option<&TriggerGate>) -> &mut Self {
        for (side, mask, edge) in [
            (0, &mut self.gate.before, AT_START),
            (1, &mut self.gate.after, AT_END),
        ] {
            match gate.and_then(|g| g.classes[side]) {
                // A pattern that needs a byte there rejects the text's edge.
                Some(classes) => *mask |= classes,
                None => {
                    *mask = u64::MAX;
                    self.gate.at_edges |= edge;
                }
            }
        }
        self
    }

    pub(crate) fn build(&self) -> KeyGate {
        self.gate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate_of(pattern: &str) -> TriggerGate {
        let hir = regex_syntax::parse(pattern).unwrap();
        let split = crate::engine::literals::split(&hir).unwrap().remove(0);
        TriggerGate::of(&split)
    }

    fn admits(gate: &KeyGate, text: &str, literal: &str) -> bool {
        let start = text.to_ascii_lowercase().find(literal).unwrap();
        gate.admits(text.as_bytes(), &(start..start + literal.len()))
    }

    #[test]
    fn classes_fit_in_a_mask() {
        assert!(CLASSES.iter().all(|c| *c < 64));
        assert_ne!(class_of(b','), class_of(b'.'));
        assert_ne!(class_of(0xE4), class_of(0xE5));
    }

    #[test]
    fn a_case_sensitive_use_turns_away_the_other_case() {
        let gate = KeyGateBuilder::new("and ")
            .spelling(Some(b"And "))
            .pattern(None)
            .build();
        assert!(admits(&gate, "\nAnd the user logs in", "and "));
        assert!(!admits(&gate, "salt and pepper", "and "));
    }

    #[test]
    fn the_gate_admits_what_any_use_admits() {
        // Both patterns trigger on `said`: one between digits, one after a comma or full
        // stop and before a colon or semicolon.
        let gate = KeyGateBuilder::new("said")
            .spelling(None)
            .pattern(Some(&gate_of(r"[0-9]said[0-9]")))
            .pattern(Some(&gate_of(r"[,.]said[:;]")))
            .build();
        assert!(admits(&gate, "1said2", "said"));
        assert!(admits(&gate, ",said:", "said"));
        // Each side is the union of the uses: a mix of the two gets through.
        assert!(admits(&gate, ",said2", "said"));
        assert!(!admits(&gate, "xsaid:", "said"));
        assert!(!admits(&gate, "1said ", "said"));
    }

    #[test]
    fn a_phrase_admits_the_edges_of_the_text() {
        let gate = KeyGateBuilder::new("本报讯")
            .spelling(Some("本报讯".as_bytes()))
            .phrase(false, false)
            .build();
        assert!(admits(&gate, "本报讯", "本报讯"));
        let word = KeyGateBuilder::new("shall")
            .spelling(Some(b"shall"))
            .phrase(true, true)
            .build();
        assert!(admits(&word, "shall", "shall"));
        assert!(admits(&word, "it shall.", "shall"));
        assert!(!admits(&word, "marshall", "shall"));
    }

    #[test]
    fn a_pattern_that_needs_a_byte_turns_away_the_text_edge() {
        let gate = KeyGateBuilder::new("said")
            .spelling(None)
            .pattern(Some(&gate_of(r"[0-9]said[0-9]")))
            .build();
        assert!(!admits(&gate, "said2", "said"));
        assert!(!admits(&gate, "1said", "said"));
    }

    #[test]
    fn bytes_around_the_trigger_reject_it_before_any_search() {
        let gate = gate_of(r"[该本](?:系统|app)应[0-9]");
        assert!(gate
            .after
            .as_ref()
            .is_some_and(|n| n.fit(b"7", Side::After) && !n.fit(b"x", Side::After)));
        assert!(gate
            .before
            .as_ref()
            .is_some_and(|n| n.fit("该".as_bytes(), Side::Before)));
        // A match that can be empty on a side gives no filter there.
        let gate = gate_of(r"(?-u:\b)said(?-u:\b)");
        assert!(gate.before.is_none() && gate.after.is_none());
    }

    #[test]
    fn a_trigger_gate_checks_the_bytes_next_to_the_trigger() {
        let gate = gate_of(r"[A-Z][a-z]{1,3} said(?-u:\b)");
        assert!(gate.admits(b"Jo said so", 2..7));
        assert!(!gate.admits(b"JO said so", 2..7));
        assert_eq!(gate.starts_within(), Some(4));
    }
}
