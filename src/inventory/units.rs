//! A requirements text cut into the units a statement can be: list items (with the lines that
//! continue them), table rows, Given/When/Then lines, and the sentences of paragraphs (lines
//! broken by PDF extraction or by hand are one paragraph). Headings and code blocks are none.

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

/// One unit: its bytes in the text, and its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub range: Range<usize>,
    pub shape: Shape,
}

/// The units of `text[range]`, skipping the lines `is_heading` says are headings.
pub(crate) fn units(
    text: &str,
    range: Range<usize>,
    is_heading: impl Fn(usize) -> bool,
) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut paragraph: Option<Range<usize>> = None;
    let mut item: Option<(Range<usize>, Shape)> = None;
    let mut fenced = false;
    let mut start = range.start;
    let flush_paragraph = |p: &mut Option<Range<usize>>, out: &mut Vec<Unit>| {
        if let Some(p) = p.take() {
            sentences(text, p, out);
        }
    };
    while start < range.end {
        let end = text[start..range.end]
            .find('\n')
            .map_or(range.end, |i| start + i);
        let line = &text[start..end];
        let trimmed = line.trim();
        let line_range = start..end;
        start = end + 1;
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            flush_paragraph(&mut paragraph, &mut out);
            out.extend(item.take().map(|(range, shape)| Unit { range, shape }));
            continue;
        }
        if fenced || trimmed.is_empty() || is_heading(line_range.start) {
            flush_paragraph(&mut paragraph, &mut out);
            out.extend(item.take().map(|(range, shape)| Unit { range, shape }));
            continue;
        }
        let content = trimmed_range(text, line_range.clone());
        if let Some(shape) = line_shape(trimmed) {
            flush_paragraph(&mut paragraph, &mut out);
            out.extend(item.take().map(|(range, shape)| Unit { range, shape }));
            match shape {
                Shape::Item { .. } => {
                    let marker = marker_len(trimmed);
                    item = Some((content.start + marker..content.end, shape));
                }
                // A table's header row (the row above its separator) states nothing.
                Shape::Row if is_separator_row(trimmed) => {
                    let header = out.last().is_some_and(|u: &Unit| {
                        u.shape == Shape::Row
                            && text[u.range.end..line_range.start].trim().is_empty()
                    });
                    if header {
                        out.pop();
                    }
                }
                _ => out.push(Unit {
                    range: content,
                    shape,
                }),
            }
            continue;
        }
        // A line that is no item continues the item open (a wrapped item), else a paragraph.
        match (&mut item, &mut paragraph) {
            (Some((range, _)), _) => range.end = content.end,
            (None, Some(p)) => p.end = content.end,
            (None, None) => paragraph = Some(content),
        }
    }
    flush_paragraph(&mut paragraph, &mut out);
    out.extend(item.take().map(|(range, shape)| Unit { range, shape }));
    out
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
}
