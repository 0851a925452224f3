//! The requirement inventory: every requirement-like statement of the text judged to carry
//! requirements, what design receives when the gate passes. A source called `requirements`
//! gives all its sections; another source gives the sections called `requirements`. Each
//! statement has an id (the document's own, a numbered item's number under its section, or a
//! stable id made from its text and section path), a kind, a modality, a subject where the
//! sentence has one, its whole text (line breaks joined), its place and its section path.

mod classify;
pub mod gold;
mod roles;
mod units;

pub use classify::{Kind, Modality};

use crate::text::layout::Layout;
use std::ops::Range;

/// One requirement statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The document's id, or one made stable from the text and the section path.
    pub id: String,
    /// What kind of statement it is.
    pub kind: Kind,
    /// How strongly it binds.
    pub modality: Modality,
    /// The system, role or component it binds, where the sentence names one.
    pub subject: Option<String>,
    /// The whole statement, its line breaks joined.
    pub text: String,
    /// 1-based line and character column where it starts.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// 1-based line and character column where it ends (exclusive).
    pub end_line: usize,
    /// See `end_line`.
    pub end_column: usize,
    /// The headings above it, outermost first.
    pub section: Vec<String>,
}

/// The statements of `text` in the byte ranges `parts` (whole sections), in text order.
pub(crate) fn statements(text: &str, layout: &Layout, parts: &[Range<usize>]) -> Vec<Statement> {
    let mut out = Vec::new();
    for_each_statement(text, layout, parts, |s| {
        out.push(s);
        std::ops::ControlFlow::Continue(())
    });
    out
}

/// The statements of `text` in the byte ranges `parts`, in text order, each handed to `f`
/// as it is found, until `f` says to stop.
pub(crate) fn for_each_statement(
    text: &str,
    layout: &Layout,
    parts: &[Range<usize>],
    mut f: impl FnMut(Statement) -> std::ops::ControlFlow<()>,
) {
    let headings = outline(text, layout);
    let levels = heading_levels(text, &headings);
    let title = document_title(&levels);
    let is_heading = |offset: usize| {
        let i = headings.partition_point(|h| h.start <= offset);
        i.checked_sub(1)
            .and_then(|i| headings.get(i))
            .is_some_and(|h| h.contains(&offset))
    };
    let mut sections = Sections::new(levels);
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for part in parts {
        let labels = units::labels(text, part.clone());
        // The path, its role and the role of a story list it opens: made again only where a
        // heading or label changes them.
        let mut cached: Option<(PathKey, Vec<String>, roles::Role, Option<String>)> = None;
        // Whether the last item that was not nested had the document's own id.
        let mut identified_item = false;
        for unit in units::units(text, part.clone(), is_heading) {
            let heading_start = sections.advance(unit.range.start);
            // A label line after the last heading above the unit names its part.
            let before = labels.partition_point(|(start, _)| *start < unit.range.start);
            let label = before.checked_sub(1).filter(|i| {
                labels
                    .get(*i)
                    .is_some_and(|(start, _)| *start > heading_start)
            });
            let key = (sections.next, label);
            if cached.as_ref().is_some_and(|(k, ..)| *k != key) {
                cached = None;
            }
            let (_, section, role, story_role) = cached.get_or_insert_with(|| {
                let mut path = sections.path();
                let mut inner = sections.path_without(title);
                if let Some((_, label)) = label.and_then(|i| labels.get(i)) {
                    path.push(label.clone());
                    inner.push(label.clone());
                }
                let story_role = inner.last().and_then(|h| classify::story_lead(h));
                (key, path, roles::role(&inner), story_role)
            });
            let raw = &text[unit.range.clone()];
            let joined = match raw.contains('\n') {
                true => std::borrow::Cow::Owned(join_lines(raw)),
                false => std::borrow::Cow::Borrowed(raw),
            };
            let context = classify::Context {
                role: *role,
                story_role: story_role.as_deref(),
                under_identified_item: unit.nested && identified_item,
            };
            let found = classify::classify(&joined, &unit.shape, context);
            if matches!(unit.shape, units::Shape::Item { .. }) && !unit.nested {
                identified_item = found.as_ref().is_some_and(|f| f.id.is_some());
            }
            let Some(found) = found else {
                continue;
            };
            let section = section.as_slice();
            let id = statement_id(&found, &unit.shape, &joined, section, &mut seen);
            let (line, column) = layout.lines.line_col(text, unit.range.start);
            let (end_line, end_column) = layout.lines.line_col(text, unit.range.end);
            let statement = Statement {
                id,
                kind: found.kind,
                modality: found.modality,
                subject: found.subject,
                text: joined.into_owned(),
                line,
                column,
                end_line,
                end_column,
                section: section.to_vec(),
            };
            if f(statement).is_break() {
                return;
            }
        }
    }
}

/// A statement's id: the document's own, a numbered item's number under its section, else
/// one made from its text and section; a repeat gets a suffix (`-2`).
fn statement_id(
    found: &classify::Found,
    shape: &units::Shape,
    text: &str,
    section: &[String],
    seen: &mut std::collections::HashMap<String, usize>,
) -> String {
    let id = match (&found.id, shape) {
        (Some(id), _) => id.clone(),
        (
            None,
            units::Shape::Item {
                number: Some(n), ..
            },
        ) if found.kind != classify::Kind::Obligation || !section.is_empty() => {
            format!("{}#{n}", section_label(section))
        }
        _ => stable_id(text, section),
    };
    let count = seen.entry(id.clone()).or_insert(0);
    *count += 1;
    if *count > 1 {
        format!("{id}-{count}")
    } else {
        id
    }
}

/// The document's title: its first heading, when that is the only one at level 1 (it names
/// the whole document, so its words say nothing of one part).
fn document_title(levels: &[(usize, u8, String)]) -> Option<usize> {
    let first = levels.first()?;
    let top = levels.iter().filter(|(_, level, _)| *level == 1).count();
    (first.1 == 1 && top == 1).then_some(0)
}

/// The headings that make the document's outline: in a document with markdown headings,
/// those alone (its numbered lines, `1. 登录界面`, are list items there); in plain text, its
/// numbered headings too.
fn outline(text: &str, layout: &Layout) -> Vec<Range<usize>> {
    let marked = |h: &Range<usize>| {
        let line = text.get(h.clone()).unwrap_or("");
        line.starts_with('#') || line.trim_end().contains('\n')
    };
    if layout.headings.iter().any(&marked) {
        layout
            .headings
            .iter()
            .filter(|h| marked(h))
            .cloned()
            .collect()
    } else {
        layout.headings.clone()
    }
}

/// Each heading of the outline: where it starts, its level and its title.
fn heading_levels(text: &str, headings: &[Range<usize>]) -> Vec<(usize, u8, String)> {
    headings
        .iter()
        .map(|range| {
            let line = text[range.clone()].lines().next().unwrap_or("").trim();
            let hashes = line.chars().take_while(|c| *c == '#').count();
            let (level, title) = if hashes > 0 {
                (hashes, line[hashes..].trim().trim_end_matches('#').trim())
            } else {
                // A numbered heading's depth is its number's: `3.2.1 Export` and `3.2.1导出`
                // are 3 deep, `5.数据需求` 1.
                let number: String = line
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                let depth = number
                    .split('.')
                    .filter(|part| !part.is_empty())
                    .count()
                    .max(1);
                (depth.clamp(1, 6), line)
            };
            (
                range.start,
                u8::try_from(level.min(6)).unwrap_or(6),
                title.to_owned(),
            )
        })
        .collect()
}

/// What a section path is made of: the headings taken in, and the label line after them.
type PathKey = (usize, Option<usize>);

/// The headings in force as a text is read in order.
struct Sections {
    headings: Vec<(usize, u8, String)>,
    next: usize,
    path: Vec<(u8, usize)>,
}

impl Sections {
    fn new(headings: Vec<(usize, u8, String)>) -> Self {
        Sections {
            headings,
            next: 0,
            path: Vec::new(),
        }
    }

    /// Takes in the headings up to `offset` (offsets asked for never go back); returns where
    /// the last of them starts (0 when none).
    fn advance(&mut self, offset: usize) -> usize {
        while let Some((start, level, _)) = self.headings.get(self.next) {
            if *start > offset {
                break;
            }
            let level = *level;
            self.path.retain(|(l, _)| *l < level);
            self.path.push((level, self.next));
            self.next += 1;
        }
        self.next
            .checked_sub(1)
            .and_then(|i| self.headings.get(i))
            .map_or(0, |(start, _, _)| *start)
    }

    /// The titles of the headings in force, outermost first.
    fn path(&self) -> Vec<String> {
        self.path_without(None)
    }

    /// The titles of the headings in force but heading `left_out`.
    fn path_without(&self, left_out: Option<usize>) -> Vec<String> {
        self.path
            .iter()
            .filter(|(_, i)| Some(*i) != left_out)
            .filter_map(|(_, i)| self.headings.get(*i).map(|(_, _, t)| t.clone()))
            .collect()
    }
}

/// A section's short name for a numbered item's id: its heading's number, else its title.
fn section_label(section: &[String]) -> String {
    let Some(last) = section.last() else {
        return "item".to_owned();
    };
    let first = last.split_whitespace().next().unwrap_or("");
    if first.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        first.trim_end_matches('.').to_owned()
    } else {
        last.clone()
    }
}

/// Lines broken inside a statement, joined: with a space between words, with nothing between
/// Chinese characters.
fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let cjk_join =
            out.chars().last().is_some_and(is_wide) && line.chars().next().is_some_and(is_wide);
        if !out.is_empty() && !cjk_join {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

fn is_wide(c: char) -> bool {
    ('\u{3000}'..='\u{9FFF}').contains(&c) || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

/// An id made from the statement's normalised text and its section path: unchanged when other
/// text moves or the file is renamed.
fn stable_id(text: &str, section: &[String]) -> String {
    let normal: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = normal
        .bytes()
        .chain([0])
        .chain(section.join("\u{1f}").into_bytes());
    for b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("S-{:08x}", hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory(text: &str) -> Vec<Statement> {
        let layout = Layout::new(text);
        let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
        statements(text, &layout, &whole)
    }

    #[test]
    fn a_small_spec_lists_its_statements_with_ids_and_sections() {
        let text = "# Spec\n\nThe key words \"MUST\" and \"MAY\" are to be interpreted as described in RFC 2119.\n\n\
            ## 3 Functional requirements\n\n- FR-1: The system shall export\n  reports as CSV.\n\
            - Export of reports to PDF files\n\n## 4 Stories\n\nAs a clerk, I want to print, so that I can file.\n";
        let got = inventory(text);
        let summary: Vec<(&str, &str, &str)> = got
            .iter()
            .map(|s| (s.id.as_str(), s.kind.as_str(), s.modality.as_str()))
            .collect();
        assert_eq!(summary[0], ("FR-1", "obligation", "must"));
        assert_eq!(summary[1].1, "feature-item");
        assert_eq!(summary[2].1, "user-story");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].text, "FR-1: The system shall export reports as CSV.");
        assert_eq!(got[0].section, ["Spec", "3 Functional requirements"]);
        assert_eq!(
            (
                got[0].line,
                got[0].column,
                got[0].end_line,
                got[0].end_column
            ),
            (7, 3, 8, 18)
        );
        assert_eq!(got[0].subject.as_deref(), Some("The system"));
    }

    #[test]
    fn stable_ids_survive_moves_and_repeats_get_a_suffix() {
        let a = inventory("## Rules\n\nThe system shall log in.\n\nThe system shall log in.\n");
        let b = inventory("## Rules\n\nNew text first here.\n\nThe system shall log in.\n");
        assert_eq!(a[0].id, b[0].id);
        assert_eq!(a[1].id, format!("{}-2", a[0].id));
        assert!(a[0].id.starts_with("S-"));
    }

    /// Pieces of requirements documents, mixed at random: lists, tables, fences, labels.
    fn requirements_pieces() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("\n".to_owned()),
            Just("\n\n".to_owned()),
            Just("# 需求\n".to_owned()),
            Just("## 3.1 Functional requirements\n".to_owned()),
            Just("3.2功能需求\n".to_owned()),
            Just("- ".to_owned()),
            Just("    - ".to_owned()),
            Just("1. ".to_owned()),
            Just("（2）".to_owned()),
            Just("| a | b |\n|---|---|\n".to_owned()),
            Just("```".to_owned()),
            Just("~~~".to_owned()),
            Just("\"\"\"".to_owned()),
            Just(" * MUST NOT ".to_owned()),
            Just("类型：".to_owned()),
            Just("The system shall ".to_owned()),
            Just("系统应".to_owned()),
            Just("是否需要".to_owned()),
            Just("作为客户我想要：".to_owned()),
            Just("Given a user\n".to_owned()),
            Just("*(Why?)*".to_owned()),
            Just(":".to_owned()),
            Just("：".to_owned()),
            Just("**".to_owned()),
            Just("> ".to_owned()),
            "[a-z 。，.]{0,12}".prop_map(|s| s),
            any::<char>().prop_map(|c| c.to_string()),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_gives_statements_inside_it(text in requirements_pieces()) {
            let got = inventory(&text);
            let lines = text.split('\n').count();
            for s in got {
                proptest::prop_assert!(s.line <= s.end_line && s.end_line <= lines, "{s:?}");
                proptest::prop_assert!(!s.text.is_empty());
            }
        }
    }

    #[test]
    fn chinese_lines_join_without_spaces() {
        assert_eq!(join_lines("系统应支持\n导出报表。"), "系统应支持导出报表。");
        assert_eq!(
            join_lines("The system shall\nexport."),
            "The system shall export."
        );
    }
}
