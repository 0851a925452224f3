//! A requirements text cut into the units a statement can be: list items (with the lines that
//! continue them), table rows, Given/When/Then lines, and the sentences of paragraphs (lines
//! broken by PDF extraction or by hand are one paragraph). Headings and code blocks are none.

use crate::text::lang::is_han;
use std::ops::Range;

/// The shape of a unit, which says something of what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A list item; `number` is its own number (`3`, `b`) when the list is numbered.
    Item {
        number: Option<String>,
        checkbox: bool,
    },
    /// A table row (`| a | b |`).
    Row,
    /// A line of a Gherkin scenario (Given, When, Then, And, But; 假如, 当, 那么).
    Step,
    /// A sentence of a paragraph.
    Sentence,
}

/// One unit: its bytes in the text, its shape, and whether it is a list item nested under
/// another item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub range: Range<usize>,
    pub shape: Shape,
    pub nested: bool,
}

/// The units of `text[range]`, skipping the lines `is_heading` says are headings.
pub(crate) fn units(
    text: &str,
    range: Range<usize>,
    is_heading: impl Fn(usize) -> bool,
) -> Vec<Unit> {
    let mut reader = Reader {
        text,
        out: Vec::new(),
        paragraph: None,
        item: None,
        fence: None,
        list_indent: None,
        gherkin: false,
    };
    let mut start = range.start;
    while start < range.end {
        let end = text[start..range.end]
            .find('\n')
            .map_or(range.end, |i| start + i);
        reader.line(start..end, &is_heading);
        start = end + 1;
    }
    reader.flush_paragraph();
    reader.flush_item();
    reader.out
}

/// The state of a text being cut into units, line by line.
struct Reader<'t> {
    text: &'t str,
    out: Vec<Unit>,
    /// The paragraph being read.
    paragraph: Option<Range<usize>>,
    /// The list item being read.
    item: Option<OpenItem>,
    /// The marker of the fenced block being skipped.
    fence: Option<char>,
    /// The indentation of the first item of the list being read.
    list_indent: Option<usize>,
    /// Inside a Gherkin feature or scenario (until the next heading).
    gherkin: bool,
}

impl Reader<'_> {
    fn line(&mut self, line_range: Range<usize>, is_heading: &dyn Fn(usize) -> bool) {
        let line = &self.text[line_range.clone()];
        let trimmed = line.trim();
        // Code fences, and a Gherkin doc string's `"""` (its text is data, not steps); a fence
        // closes only at its own marker (a ``` block may stand inside a ~~~ one).
        if let Some(marker) = fence_marker(trimmed) {
            match self.fence {
                None => self.fence = Some(marker),
                Some(open) if open == marker => self.fence = None,
                Some(_) => {}
            }
            self.flush_paragraph();
            self.flush_item();
            return;
        }
        let fenced = self.fence.is_some();
        // A comment in code that states a BCP 14 keyword in capitals (an interface's `* MUST
        // return the magic value`) is a statement of its own.
        if fenced && self.fence != Some('"') {
            if let Some(start) = normative_comment(trimmed) {
                let content = trimmed_range(self.text, line_range.clone());
                let at = content.start + (content.len() - trimmed.len()) + start;
                self.out.push(Unit {
                    range: at..content.end,
                    shape: Shape::Sentence,
                    nested: false,
                });
                return;
            }
        }
        if fenced || trimmed.is_empty() || is_heading(line_range.start) {
            if !trimmed.is_empty() {
                self.list_indent = None;
                // A heading ends a Gherkin block; a doc string's lines do not.
                self.gherkin &= fenced;
            }
            self.flush_paragraph();
            // A blank line inside a list keeps an item open for its deeper items.
            match self
                .item
                .as_mut()
                .filter(|i| i.absorbs && trimmed.is_empty() && !fenced)
            {
                Some(open) => open.after_blank = true,
                None => self.flush_item(),
            }
            return;
        }
        // A Gherkin block starts at a scenario's keyword or a `Given`; `When`, `Then`, `And`
        // and `But` are steps only in one (elsewhere they open sentences of prose).
        if is_gherkin_opening(trimmed) {
            self.gherkin = true;
        }
        let content = trimmed_range(self.text, line_range.clone());
        // `类型：字符型`, `核心要求：支持…`: a labelled line of a text without list markup is
        // an entry of its own, like an item.
        if is_labelled_line(trimmed) && self.item.as_ref().is_none_or(|open| open.label) {
            self.flush_paragraph();
            self.flush_item();
            self.item = Some(OpenItem::labelled(content));
            return;
        }
        match line_shape(trimmed).filter(|s| *s != Shape::Step || self.gherkin) {
            Some(shape) => {
                let indent = line.len() - line.trim_start().len();
                self.shaped(shape, content, indent, trimmed, line_range.start);
            }
            None => self.plain(content),
        }
    }

    /// A line that starts an item, a row or a step.
    fn shaped(
        &mut self,
        shape: Shape,
        content: Range<usize>,
        indent: usize,
        trimmed: &str,
        line_start: usize,
    ) {
        self.flush_paragraph();
        // The short items under an item that ends with a colon are its parts (`with the
        // options of:` and a list of names): one statement. A longer one states something of
        // its own.
        let part = matches!(shape, Shape::Item { .. }) && is_short(&trimmed[marker_len(trimmed)..]);
        if let Some(open) = self
            .item
            .as_mut()
            .filter(|open| open.absorbs && indent > open.indent && part)
        {
            open.range.end = content.end;
            open.after_blank = false;
            return;
        }
        self.flush_item();
        match shape {
            Shape::Item { .. } => {
                let range = content.start + marker_len(trimmed)..content.end;
                let absorbs = self.text[range.clone()].ends_with([':', '：']);
                let base = *self.list_indent.get_or_insert(indent);
                self.item = Some(OpenItem {
                    range,
                    shape,
                    indent,
                    absorbs,
                    after_blank: false,
                    nested: indent > base,
                    label: false,
                });
            }
            // A table's header row (the row above its separator) states nothing.
            Shape::Row if is_separator_row(trimmed) => {
                let text = self.text;
                let header = self.out.last().is_some_and(|u: &Unit| {
                    u.shape == Shape::Row && text[u.range.end..line_start].trim().is_empty()
                });
                if header {
                    self.out.pop();
                }
            }
            _ => self.out.push(Unit {
                range: content,
                shape,
                nested: false,
            }),
        }
    }

    /// A line that is no item: it continues the item open (a wrapped item), else a
    /// paragraph; after a blank line it starts a paragraph, and so it does after a short
    /// labelled line (which was not wrapped).
    fn plain(&mut self, content: Range<usize>) {
        let text = self.text;
        let short_label = self
            .item
            .as_ref()
            .is_some_and(|i| i.label && text[i.range.clone()].chars().count() <= LIST_LINE_CHARS);
        if self.item.as_ref().is_some_and(|i| i.after_blank) || short_label {
            self.flush_item();
        }
        if self.item.is_none() {
            self.list_indent = None;
        }
        match (&mut self.item, &mut self.paragraph) {
            (Some(open), _) => {
                open.range.end = content.end;
                open.absorbs |= text[content].ends_with([':', '：']);
            }
            (None, Some(p)) => p.end = content.end,
            (None, None) => self.paragraph = Some(content),
        }
    }

    fn flush_paragraph(&mut self) {
        if let Some(p) = self.paragraph.take() {
            match is_line_list(&self.text[p.clone()]) {
                true => line_items(self.text, p, &mut self.out),
                false => sentences(self.text, p, &mut self.out),
            }
        }
    }

    fn flush_item(&mut self) {
        self.out.extend(self.item.take().map(|open| Unit {
            range: open.range,
            shape: open.shape,
            nested: open.nested,
        }));
    }
}

/// Whether a list item is short enough to be a part of the item above it (a name, an
/// option, a value) rather than a statement of its own.
fn is_short(text: &str) -> bool {
    let han = text.chars().filter(|c| is_han(*c)).count();
    if han > 0 {
        return han <= 16;
    }
    text.split_whitespace().count() <= 8
}

/// A list item being read: its bytes so far, its shape, the indentation of its marker, and
/// whether it ends with a colon, so that deeper items are its parts.
struct OpenItem {
    range: Range<usize>,
    shape: Shape,
    indent: usize,
    absorbs: bool,
    after_blank: bool,
    nested: bool,
    /// Opened by a labelled line rather than a list marker.
    label: bool,
}

impl OpenItem {
    /// An entry opened by a labelled line.
    fn labelled(range: Range<usize>) -> Self {
        OpenItem {
            range,
            shape: Shape::Item {
                number: None,
                checkbox: false,
            },
            indent: 0,
            absorbs: false,
            after_blank: false,
            nested: false,
            label: true,
        }
    }
}

/// The range of a line without its surrounding whitespace.
fn trimmed_range(text: &str, range: Range<usize>) -> Range<usize> {
    let line = &text[range.clone()];
    let start = range.start + (line.len() - line.trim_start().len());
    let end = range.start + line.trim_end().len();
    start..end.max(start)
}

/// The shape a line gives the unit it starts, if it starts one of its own.
fn line_shape(line: &str) -> Option<Shape> {
    if line.starts_with('|') {
        return Some(Shape::Row);
    }
    if let Some(rest) = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "))
        .or_else(|| line.strip_prefix("• "))
    {
        let checkbox = ["[ ]", "[x]", "[X]"].iter().any(|b| rest.starts_with(b));
        return Some(Shape::Item {
            number: None,
            checkbox,
        });
    }
    if let Some(number) = item_number(line) {
        return Some(Shape::Item {
            number: Some(number),
            checkbox: false,
        });
    }
    is_step(line).then_some(Shape::Step)
}

/// The lines of `text[range]` that label what follows them like a heading of their own:
/// `**主成功场景（基本流程）**：`, `Main success scenario:`. Each with where it starts.
pub(crate) fn labels(text: &str, range: Range<usize>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = range.start;
    while start < range.end {
        let end = text[start..range.end]
            .find('\n')
            .map_or(range.end, |i| start + i);
        let line = text[start..end].trim();
        let bare = line.trim_end_matches([':', '：']).trim();
        let bold = bare.strip_prefix("**").and_then(|b| b.strip_suffix("**"));
        let colon = line.ends_with([':', '：']) && !line.starts_with(['-', '*', '|']);
        let label = bold.or(colon.then_some(bare)).map(str::trim);
        if let Some(label) = label.filter(|l| !l.is_empty() && l.chars().count() <= 40) {
            out.push((start, label.trim_matches('*').to_owned()));
        }
        start = end + 1;
    }
    out
}

/// Bytes of a list item's marker and the spaces after it (`- `, `3. `, `(2) `, `（2）`, `①`).
fn marker_len(line: &str) -> usize {
    let first = line.chars().next().map_or(0, char::len_utf8);
    let end = if line.starts_with(['-', '*', '+', '•'])
        || line.starts_with(|c| ('①'..='⑳').contains(&c))
    {
        first
    } else {
        // Up to and including the closing `.`, `)`, `）` or `、`.
        line.char_indices()
            .find(|(_, c)| matches!(c, '.' | ')' | '）' | '、'))
            .map_or(0, |(i, c)| i + c.len_utf8())
    };
    let rest = &line[end..];
    end + (rest.len() - rest.trim_start().len())
}

/// The number of a numbered list item: `3.`, `3)`, `(3)`, `b)`, `3、`, `（3）`, `①`.
fn item_number(line: &str) -> Option<String> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    if ('①'..='⑳').contains(&first) {
        return Some(((first as u32 - '①' as u32) + 1).to_string());
    }
    let (open, body_start) = match first {
        '(' | '（' => (true, first.len_utf8()),
        _ => (false, 0),
    };
    let body: String = line[body_start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let letter = body.is_empty()
        && line[body_start..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase());
    let body = if letter {
        line[body_start..body_start + 1].to_owned()
    } else {
        body
    };
    if body.is_empty() || body.len() > 3 {
        return None;
    }
    let rest = &line[body_start + body.len()..];
    let closed = match (open, rest.chars().next()?) {
        (true, ')' | '）') => true,
        (false, '.' | ')') => !letter || rest[1..].starts_with(' '),
        (false, '、') => !letter,
        _ => false,
    };
    // `3.1 Scope` is a numbered heading or a version, not an item: a dot must be followed by
    // a space.
    let after = &rest[rest.chars().next()?.len_utf8()..];
    let spaced = after.starts_with(' ') || !rest.starts_with('.');
    (closed && spaced && !after.trim().is_empty()).then_some(body)
}

/// A line that opens a Gherkin block: a feature's or scenario's keyword, or a `Given` step.
fn is_gherkin_opening(line: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "Feature:",
        "Background:",
        "Scenario",
        "Example:",
        "Examples:",
        "Rule:",
        "Given ",
        "功能：",
        "背景：",
        "场景：",
        "场景大纲：",
        "假如",
        "假设",
        "假定",
    ];
    OPENINGS.iter().any(|k| line.starts_with(k))
}

/// A line of a Gherkin scenario, in English or Chinese (`当…时` for When).
fn is_step(line: &str) -> bool {
    const EN: &[&str] = &["Given ", "When ", "Then ", "And ", "But "];
    const ZH: &[&str] = &["假如", "假设", "假定", "那么", "并且"];
    EN.iter().any(|k| line.starts_with(k))
        || ZH.iter().any(|k| line.starts_with(k))
        || (line.starts_with('当') && line.contains('时'))
}

/// A table's header separator (`|---|:--|`).
fn is_separator_row(line: &str) -> bool {
    line.chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+'))
}

/// The marker of a line that opens or closes a fenced block: ``` or ~~~ (with an info
/// string or not), or a Gherkin doc string's `"""`.
fn fence_marker(line: &str) -> Option<char> {
    if line.starts_with("```") {
        Some('`')
    } else if line.starts_with("~~~") {
        Some('~')
    } else if line == "\"\"\"" {
        Some('"')
    } else {
        None
    }
}

/// Where the text of a code comment starts when the comment states a BCP 14 keyword in
/// capitals (`* MUST NOT modify state`, `/// The account *MUST* exist`).
fn normative_comment(line: &str) -> Option<usize> {
    const MARKERS: [&str; 6] = ["///", "//", "/**", "*", "#", "--"];
    let marker = MARKERS.iter().find(|m| line.starts_with(**m))?;
    let body = line[marker.len()..].trim_start_matches(['/', '*', ' ', '\t', '!']);
    let keyword = body.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        matches!(
            w,
            "MUST" | "SHALL" | "SHOULD" | "REQUIRED" | "RECOMMENDED" | "MAY"
        )
    });
    (keyword && !body.is_empty()).then(|| line.len() - body.len())
}

/// Characters of a label before its colon, at most.
const LABEL_CHARS: usize = 12;

/// A line that opens with a short label and a colon and goes on after it (`类型：字符型`,
/// `Security: all traffic is encrypted`): no markup, no URL, no time of day.
fn is_labelled_line(line: &str) -> bool {
    let Some((label, rest)) = line.split_once(['：', ':']) else {
        return false;
    };
    let label = label.trim_end();
    !label.is_empty()
        && label.chars().count() <= LABEL_CHARS
        && !label.contains([
            '*', '_', '`', '[', '(', '（', '<', '>', '|', '#', '，', ',', '。', '.',
        ])
        && !label.starts_with(['-', '+'])
        && !label.chars().all(|c| c.is_ascii_digit())
        && !rest.starts_with("//")
        && !rest.trim().is_empty()
}

/// Characters of a line of a line list, at most.
const LIST_LINE_CHARS: usize = 30;

/// A block of short lines none of which runs on into the next (no comma at its end, no
/// lower-case start after it): one entry a line, as a text without list markup writes a list
/// (`成绩查询` / `考勤信息` / `选课中心`).
fn is_line_list(block: &str) -> bool {
    let lines: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.len() >= 2
        && lines.iter().all(|l| {
            // One entry a line: no sentence ends inside it, none runs on after it.
            let inner = l.trim_end_matches(['。', '.', '！', '!', '？', '?']);
            l.chars().count() <= LIST_LINE_CHARS
                && !l.ends_with(['，', ',', '、', '；', ';', '-', '—'])
                && !inner.contains(['。', '！', '？', '；'])
                && !inner.contains(". ")
        })
        && lines
            .iter()
            .skip(1)
            .all(|l| !l.starts_with(|c: char| c.is_ascii_lowercase()))
}

/// Each line of a line list, an item of its own.
fn line_items(text: &str, range: Range<usize>, out: &mut Vec<Unit>) {
    let mut start = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let line_range = trimmed_range(text, start..start + line.len());
        start += line.len();
        // A line all in bold is a label standing for a heading, not an entry.
        let bold = line.trim().starts_with("**") && line.trim().ends_with("**");
        if !line_range.is_empty() && !bold {
            out.push(Unit {
                range: line_range,
                shape: Shape::Item {
                    number: None,
                    checkbox: false,
                },
                nested: false,
            });
        }
    }
}

/// The sentences of a paragraph, each its own unit.
fn sentences(text: &str, range: Range<usize>, out: &mut Vec<Unit>) {
    let paragraph = &text[range.clone()];
    let mut start = 0;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let ends = match c {
            '。' | '！' | '？' | '；' => true,
            '.' | '!' | '?' | ';' => {
                // A full stop ends a sentence before a space or the end; not in `e.g.`,
                // `3.1` or `v1.2` (no space follows).
                chars.peek().is_none_or(|(_, next)| next.is_whitespace())
                    && !paragraph[start..i].ends_with("e.g")
                    && !paragraph[start..i].ends_with("i.e")
            }
            _ => false,
        };
        if ends {
            push_sentence(text, range.start + start..range.start + end, out);
            start = end;
        }
    }
    push_sentence(text, range.start + start..range.end, out);
}

fn push_sentence(text: &str, range: Range<usize>, out: &mut Vec<Unit>) {
    let range = trimmed_range(text, range);
    if !text[range.clone()].trim().is_empty() {
        out.push(Unit {
            range,
            shape: Shape::Sentence,
            nested: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<(String, Shape)> {
        units(text, 0..text.len(), |_| false)
            .into_iter()
            .map(|u| (text[u.range].to_owned(), u.shape))
            .collect()
    }

    #[test]
    fn items_rows_steps_and_sentences() {
        let text = "The system shall log in. It shall log out.\nUsers may\nwait.\n\n\
            - FR-1: export\n  reports\n1. First step\n| ID | Text |\n|---|---|\n| R1 | Keep |\n\
            Given a user\nThen it works\n";
        let got = shapes(text);
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The system shall log in.",
                "It shall log out.",
                "Users may\nwait.",
                "FR-1: export\n  reports",
                "First step",
                "| R1 | Keep |",
                "Given a user",
                "Then it works",
            ]
        );
        assert_eq!(
            got[4].1,
            Shape::Item {
                number: Some("1".into()),
                checkbox: false
            }
        );
        assert_eq!(got[6].1, Shape::Step);
    }

    #[test]
    fn numbers_of_items_and_what_is_no_item() {
        for (line, number) in [
            ("3. Export", Some("3")),
            ("(2) 导出报表", Some("2")),
            ("（2）导出报表", Some("2")),
            ("b) Export", Some("b")),
            ("4、系统应支持导出", Some("4")),
            ("② 导出", Some("2")),
            ("3.1 Scope", None),
            ("v1.2 released", None),
        ] {
            assert_eq!(item_number(line).as_deref(), number, "{line}");
        }
    }

    #[test]
    fn chinese_sentences_and_abbreviations() {
        let got = shapes("系统应支持导出。用户可以查看报表；管理员应审核。\nUse e.g. CSV files.\n");
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "系统应支持导出。",
                "用户可以查看报表；",
                "管理员应审核。",
                "Use e.g. CSV files."
            ]
        );
    }

    #[test]
    fn short_parts_join_their_item_and_longer_ones_stand_alone() {
        let text = "- The reviewer may hide comments, with the options of:\n    - Show all.\n    - Hide all.\n\
            - The software shall return a default commit by role:\n    - For an editor, the newest commit edited by the current user should be returned.\n";
        let texts: Vec<String> = shapes(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].ends_with("Hide all."));
        assert!(texts[2].starts_with("For an editor"));
        let nested = units(text, 0..text.len(), |_| false);
        assert!(!nested[1].nested && nested[2].nested);
    }

    #[test]
    fn labelled_lines_and_line_lists_are_entries() {
        let text = "个人中心：查看个人信息，修改密码，退出\n成绩查询\n学业预警信息\n考勤信息\n\n\
            类型：字符型\n长度：20\n";
        let got = shapes(text);
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "个人中心：查看个人信息，修改密码，退出",
                "成绩查询",
                "学业预警信息",
                "考勤信息",
                "类型：字符型",
                "长度：20"
            ]
        );
        assert!(got.iter().all(|(_, s)| matches!(s, Shape::Item { .. })));
        // Wrapped prose is no list: its lines run on.
        let prose = shapes("The system shall keep\nthe records of every\norder for a year.\n");
        assert_eq!(prose.len(), 1);
        // A time of day and a URL are no labels.
        assert!(!is_labelled_line("10:30 meeting"));
        assert!(!is_labelled_line("https://example.com/a"));
    }

    #[test]
    fn when_and_then_are_steps_only_in_gherkin() {
        let prose = shapes("When the user saves, the system shall log it.\n");
        assert_eq!(prose[0].1, Shape::Sentence);
        let gherkin = shapes("Scenario: Save\n  When the user saves\n  Then it is logged\n");
        assert!(
            gherkin[1..].iter().all(|(_, s)| *s == Shape::Step),
            "{gherkin:?}"
        );
    }

    #[test]
    fn normative_comments_in_code_are_statements() {
        let text = "```solidity\n/**\n * @dev Should return whether it is valid\n * MUST NOT modify state\n */\nfunction f() {}\n```\n";
        let texts: Vec<String> = shapes(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts, ["MUST NOT modify state"]);
        assert_eq!(normative_comment("/// The assets *MUST* be sent"), Some(4));
        assert_eq!(normative_comment("let must = 1; // must"), None);
    }

    #[test]
    fn fences_close_at_their_own_marker_and_doc_strings_are_data() {
        let text = "~~~\n```css\n.a { background: #CCC; }\n```\n- inside the outer fence\n~~~\n\
            Given a file with:\n\"\"\"\nThen not a step\n\"\"\"\nThen it passes\n";
        let texts: Vec<String> = shapes(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts, ["Given a file with:", "Then it passes"]);
    }
}
