//! Matching: one pass of the phrase automaton and one of the regex prefilter over a text,
//! then the scope of each rule (line start, heading, section head) is checked per match.

use crate::rules::{Rule, RuleSet, Scope};
use crate::sections::Layout;

/// One rule matching one span of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: usize,
}

/// All hits of all rules in `text`, ordered by position then rule.
pub fn scan(rules: &RuleSet, text: &str, layout: &Layout) -> Vec<Hit> {
    let mut hits = Vec::new();
    let bytes = text.as_bytes();
    if let Some(ac) = &rules.phrases {
        for m in ac.find_overlapping_iter(text) {
            let (rule, word_start, word_end) = rules.phrase_owner[m.pattern().as_usize()];
            if word_start && m.start() > 0 && is_word_byte(bytes[m.start() - 1]) {
                continue;
            }
            if word_end && m.end() < bytes.len() && is_word_byte(bytes[m.end()]) {
                continue;
            }
            if keep(&rules.rules[rule], text, layout, m.start(), m.end()) {
                hits.push(Hit {
                    start: m.start(),
                    end: m.end(),
                    rule,
                });
            }
        }
    }
    if let Some(set) = &rules.regex_set {
        for i in set.matches(text).iter() {
            let (rule, re) = &rules.regexes[i];
            for m in re.find_iter(text) {
                if m.start() == m.end() {
                    continue;
                }
                if keep(&rules.rules[*rule], text, layout, m.start(), m.end()) {
                    hits.push(Hit {
                        start: m.start(),
                        end: m.end(),
                        rule: *rule,
                    });
                }
            }
        }
    }
    hits.sort_unstable();
    hits.dedup_by(|a, b| a.rule == b.rule && a.start < b.end && b.start < a.end);
    hits
}

/// A match counts when it stands in the rule's scope and holds none of its exceptions.
fn keep(rule: &Rule, text: &str, layout: &Layout, start: usize, end: usize) -> bool {
    in_scope(rule.scope, text, layout, start)
        && (rule.exceptions.is_empty()
            || !rule
                .exceptions
                .iter()
                .any(|e| text[start..end].contains(e.as_str())))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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

fn at_line_start(text: &str, start: usize) -> bool {
    let before = &text.as_bytes()[..start];
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
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
    }
}
