//! Layout and character statistics of a text that say something about its genre whatever its
//! topic: how much of it is headings, list items, table rows or code, how long its lines are
//! and how they end, how dense it is in digits, quotes and brackets. Each is a number in about
//! [0, 1], so that one regularisation suits all of them.

use super::math::ln;
use super::tokens::is_han;

/// The statistics, in the order of their weights in the model.
pub(crate) const NAMES: [&str; 21] = [
    "headings",
    "list-items",
    "table-rows",
    "short-lines",
    "long-lines",
    "line-length",
    "sentence-ends",
    "colon-ends",
    "blank-lines",
    "code-lines",
    "time-stamps",
    "digits",
    "quotes",
    "brackets",
    "colons",
    "questions",
    "exclamations",
    "links",
    "han",
    "capitals",
    "dates",
];

pub(crate) type Style = [f64; NAMES.len()];

/// Statistics 0..LINE_STATISTICS are read off lines; the rest off characters.
pub(crate) const LINE_STATISTICS: usize = 11;

/// How much text the statistics of a text rest on: how far they can be trusted.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Amount {
    /// Non-blank lines looked at.
    pub lines: u32,
    /// Characters of the window.
    pub chars: u32,
}

impl Amount {
    /// How far a statistic of this kind is from noise, in [0, 1): a share of three lines says
    /// little, one of three hundred much. A statistic counts as its deviation from the training
    /// documents' mean times this, so a short text is judged mostly by its rules and words.
    pub(crate) fn reliability(self, statistic: usize) -> f64 {
        if statistic < LINE_STATISTICS {
            f64::from(self.lines) / (f64::from(self.lines) + 8.0)
        } else {
            f64::from(self.chars) / (f64::from(self.chars) + 300.0)
        }
    }
}

/// Lines of a whole text looked at for its line statistics: enough to tell a list from prose,
/// and a bound on the work for a long file.
pub(crate) const MAX_LINES: usize = 400;

/// Counts over the lines looked at.
#[derive(Default)]
struct LineCounts {
    all: u32,
    nonblank: u32,
    headings: u32,
    list_items: u32,
    table_rows: u32,
    short: u32,
    long: u32,
    chars: u64,
    sentence_ends: u32,
    colon_ends: u32,
    code: u32,
    time_stamps: u32,
}

/// Counts over the characters of the window.
#[derive(Default)]
struct CharCounts {
    chars: u32,
    digits: u32,
    quotes: u32,
    brackets: u32,
    colons: u32,
    questions: u32,
    exclamations: u32,
    links: u32,
    han: u32,
    letters: u32,
    capitals: u32,
    dates: u32,
}

/// The statistics of `text`: its lines, the first `max_lines` of them; its characters, those
/// before `window_end` (the part whose words are counted too). `headings` are the byte ranges
/// of its markdown heading lines, in order.
pub(crate) fn style(
    text: &str,
    window_end: usize,
    max_lines: usize,
    headings: &[std::ops::Range<usize>],
) -> (Style, Amount) {
    let lines = line_counts(text.as_bytes(), max_lines, headings);
    let window = text.as_bytes().get(..window_end).unwrap_or(text.as_bytes());
    let c = char_counts(window);
    let chars = f64::from(c.chars.max(1));
    let density = |n: u32| (f64::from(n) / chars).sqrt();
    let nonblank = f64::from(lines.nonblank.max(1));
    let share = |n: u32| f64::from(n) / nonblank;
    let values = [
        share(lines.headings),
        share(lines.list_items),
        share(lines.table_rows),
        share(lines.short),
        share(lines.long),
        ln(1.0 + lines.chars as f64 / nonblank) / 7.0,
        share(lines.sentence_ends),
        share(lines.colon_ends),
        f64::from(lines.all - lines.nonblank) / f64::from(lines.all.max(1)),
        share(lines.code),
        share(lines.time_stamps),
        density(c.digits),
        density(c.quotes),
        density(c.brackets),
        density(c.colons),
        density(c.questions),
        density(c.exclamations),
        density(c.links),
        f64::from(c.han) / chars,
        f64::from(c.capitals) / f64::from(c.letters.max(1)),
        density(c.dates),
    ];
    let amount = Amount {
        lines: lines.nonblank,
        chars: c.chars,
    };
    (values, amount)
}

/// One pass over the bytes of the window, decoding only the three-byte characters that count
/// (CJK punctuation, Han characters).
fn char_counts(bytes: &[u8]) -> CharCounts {
    let mut c = CharCounts::default();
    // Counts of the ASCII classes, by class.
    let mut counts = [0u32; 9];
    let mut previous_digit = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        c.chars += 1;
        if b < 0x80 {
            // One table lookup an ASCII byte: which count it adds to.
            let class = ASCII_CLASS[usize::from(b)];
            counts[usize::from(class)] += 1;
            previous_digit = class == DIGIT;
            i += 1;
            continue;
        }
        let len = match b {
            0xf0..=0xff => 4,
            0xe0..=0xef => 3,
            _ => 2,
        };
        if (0xe4..=0xe9).contains(&b) && bytes.get(i + 1).is_some_and(|b1| b != 0xe4 || *b1 >= 0xb8)
        {
            // U+4E00 to U+9FFF: a Han character (most of a Chinese window), read without
            // decoding unless it may close a date.
            c.han += 1;
            if previous_digit {
                let three = bytes.get(i..i + 3).unwrap_or(&[]);
                let date = ["年", "月", "日"].iter().any(|d| three == d.as_bytes());
                c.dates += u32::from(date);
            }
        } else if len == 3 {
            if let Some(&[b1, b2]) = bytes.get(i + 1..i + 3) {
                let code = (u32::from(b & 0x0f) << 12)
                    | (u32::from(b1 & 0x3f) << 6)
                    | u32::from(b2 & 0x3f);
                match char::from_u32(code) {
                    Some('“' | '”' | '「' | '」' | '『' | '』') => c.quotes += 1,
                    Some('（' | '）' | '【' | '】') => c.brackets += 1,
                    Some('：') => c.colons += 1,
                    Some('？') => c.questions += 1,
                    Some('！') => c.exclamations += 1,
                    Some(h) if is_han(h) => {
                        c.han += 1;
                        c.dates += u32::from(previous_digit && matches!(h, '年' | '月' | '日'));
                    }
                    _ => {}
                }
            }
        }
        previous_digit = false;
        i += len;
    }
    c.digits += counts[usize::from(DIGIT)];
    c.quotes += counts[usize::from(QUOTE)];
    c.brackets += counts[usize::from(BRACKET)];
    c.colons += counts[usize::from(COLON)];
    c.questions += counts[usize::from(QUESTION)];
    c.exclamations += counts[usize::from(EXCLAMATION)];
    c.letters += counts[usize::from(LOWER)] + counts[usize::from(UPPER)];
    c.capitals += counts[usize::from(UPPER)];
    c.links = memchr::memmem::find_iter(bytes, b"://").count() as u32;
    c
}

// Classes of ASCII bytes for `char_counts` (0: none of them).
const DIGIT: u8 = 1;
const QUOTE: u8 = 2;
const BRACKET: u8 = 3;
const COLON: u8 = 4;
const QUESTION: u8 = 5;
const EXCLAMATION: u8 = 6;
const LOWER: u8 = 7;
const UPPER: u8 = 8;

const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'0'..=b'9' => DIGIT,
            b'"' => QUOTE,
            b'(' | b')' | b'[' | b']' => BRACKET,
            b':' => COLON,
            b'?' => QUESTION,
            b'!' => EXCLAMATION,
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The line statistics of the first `max_lines` lines of `bytes`.
fn line_counts(bytes: &[u8], max_lines: usize, headings: &[std::ops::Range<usize>]) -> LineCounts {
    let mut counts = LineCounts::default();
    let mut fence = false;
    let mut start = 0usize;
    let mut next_heading = 0usize;
    while start < bytes.len() && (counts.all as usize) < max_lines {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let raw = &bytes[start..end];
        let offset = start;
        start = end;
        counts.all += 1;
        let line = trim_end(raw);
        let trimmed = trim_start(line);
        if trimmed.is_empty() {
            continue;
        }
        counts.nonblank += 1;
        if trimmed.starts_with(b"```") || trimmed.starts_with(b"~~~") {
            fence = !fence;
            counts.code += 1;
            continue;
        }
        if fence || line.starts_with(b"    ") || line.starts_with(b"\t") {
            counts.code += 1;
            continue;
        }
        let length = trimmed.iter().filter(|b| (**b & 0xc0) != 0x80).count();
        counts.chars += length as u64;
        counts.short += u32::from(length < 20);
        counts.long += u32::from(length > 200);
        while headings.get(next_heading).is_some_and(|h| h.end <= offset) {
            next_heading += 1;
        }
        if headings
            .get(next_heading)
            .is_some_and(|h| h.start <= offset)
        {
            counts.headings += 1;
        } else if is_list_item(trimmed) {
            counts.list_items += 1;
        }
        counts.time_stamps += u32::from(trimmed[0].is_ascii_digit() && is_time_stamp(trimmed));
        if trimmed.starts_with(b"|") || is_table_row(line) {
            counts.table_rows += 1;
        }
        match line_end(trimmed) {
            LineEnd::Sentence => counts.sentence_ends += 1,
            LineEnd::Colon => counts.colon_ends += 1,
            LineEnd::Other => {}
        }
    }
    counts
}

/// A line that opens with a date and a time of day (`2018/03/17 02:06`, `2023年8月22日 09:15`),
/// perhaps after a short source name (`网络   2020-01-08 17:29`): when a web page was published.
fn is_time_stamp(line: &[u8]) -> bool {
    // A source name of at most 12 bytes (no field name: `date: 2018-03-17` is front matter),
    // then spaces.
    let start = line
        .iter()
        .take(16)
        .position(u8::is_ascii_digit)
        .unwrap_or(0);
    let prefix = &line[..start];
    let named = prefix.ends_with(b" ") || prefix.ends_with(b"\t");
    let field = prefix.contains(&b':') || prefix.windows(3).any(|w| w == "：".as_bytes());
    if start > 12 || (start > 0 && !named) || field {
        return false;
    }
    date_and_time(&line[start..])
}

fn date_and_time(line: &[u8]) -> bool {
    fn digits(rest: &mut &[u8], min: usize, max: usize) -> bool {
        let n = rest
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        *rest = &rest[n..];
        n >= min
    }
    fn separator(rest: &mut &[u8], han: &str) -> bool {
        for sep in ["-", "/", ".", han] {
            if let Some(r) = rest.strip_prefix(sep.as_bytes()) {
                *rest = r;
                return true;
            }
        }
        false
    }
    let mut rest = line;
    let date = digits(&mut rest, 4, 4)
        && separator(&mut rest, "年")
        && digits(&mut rest, 1, 2)
        && separator(&mut rest, "月")
        && digits(&mut rest, 1, 2);
    if !date {
        return false;
    }
    rest = rest.strip_prefix("日".as_bytes()).unwrap_or(rest);
    let spaces = rest
        .iter()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count();
    rest = &rest[spaces..];
    if !digits(&mut rest, 1, 2) {
        return false;
    }
    match rest.strip_prefix(b":") {
        Some(mut minutes) => digits(&mut minutes, 2, 2),
        None => false,
    }
}

/// How a line ends: a sentence's end punctuation, a colon, or anything else.
enum LineEnd {
    Sentence,
    Colon,
    Other,
}

fn line_end(line: &[u8]) -> LineEnd {
    match line {
        [.., b'.' | b'!' | b'?' | b'"'] => LineEnd::Sentence,
        [.., b':'] => LineEnd::Colon,
        [.., a, b, c] if *a >= 0xe0 => match char::from_u32(
            (u32::from(a & 0x0f) << 12) | (u32::from(b & 0x3f) << 6) | u32::from(c & 0x3f),
        ) {
            Some('。' | '！' | '？' | '”' | '」') => LineEnd::Sentence,
            Some('：') => LineEnd::Colon,
            _ => LineEnd::Other,
        },
        _ => LineEnd::Other,
    }
}

/// A row of a table: two `|` or two tabs.
fn is_table_row(line: &[u8]) -> bool {
    let (mut bars, mut tabs) = (0, 0);
    for i in memchr::memchr2_iter(b'|', b'\t', line) {
        if line[i] == b'|' {
            bars += 1;
        } else {
            tabs += 1;
        }
        if bars >= 2 || tabs >= 2 {
            return true;
        }
    }
    false
}

/// A line without its end of line and trailing white space.
fn trim_end(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., last] = line {
        if last.is_ascii_whitespace() {
            line = rest;
        } else if line.ends_with("\u{3000}".as_bytes()) {
            line = &line[..line.len() - 3];
        } else {
            break;
        }
    }
    line
}

/// A line without its indentation (ASCII white space and ideographic spaces).
fn trim_start(mut line: &[u8]) -> &[u8] {
    loop {
        match line {
            [first, rest @ ..] if first.is_ascii_whitespace() => line = rest,
            _ if line.starts_with("\u{3000}".as_bytes()) => line = &line[3..],
            _ => return line,
        }
    }
}

/// A list item: a bullet, or a number followed by `.`, `)` or `、`, or one in brackets.
fn is_list_item(line: &[u8]) -> bool {
    const BULLETS: [&str; 15] = [
        "-", "*", "+", "•", "·", "●", "○", "◆", "■", "①", "②", "③", "④", "⑤", "▪",
    ];
    if BULLETS.iter().any(|b| line.starts_with(b.as_bytes())) {
        return true;
    }
    let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker = &line[digits..];
    if digits > 0 && digits <= 3 {
        return [".", ")", "、", "）"]
            .iter()
            .any(|m| marker.starts_with(m.as_bytes()));
    }
    let inner = line
        .strip_prefix(b"(")
        .or_else(|| line.strip_prefix("（".as_bytes()));
    inner.is_some_and(|r| r.first().is_some_and(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_stamps() {
        for yes in [
            "2018/03/17 02:06",
            "2024-05-01 10:30:12 来源：新华网",
            "2023年8月22日 09:15",
        ] {
            assert!(is_time_stamp(yes.as_bytes()), "{yes}");
        }
        for no in [
            "2018-03-17",
            "| 1.0 | 2018-03-17 |",
            "date: 2018-03-17 10:30",
            "2018-03-17 the service",
        ] {
            assert!(!is_time_stamp(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn statistics_stay_in_a_small_range() {
        let text = "# Spec\n\n- The system shall log in.\n| a | b |\n```\ncode\n```\n\"Quote!\" 2024年1月\n";
        // The first line, `# Spec`, is a heading.
        let headings = [std::ops::Range { start: 0, end: 7 }];
        let (s, amount) = style(text, text.len(), MAX_LINES, &headings);
        assert!(s.iter().all(|x| (0.0..=1.5).contains(x)), "{s:?}");
        assert!(s[0] > 0.0 && s[1] > 0.0 && s[2] > 0.0 && s[9] > 0.0);
        assert_eq!(amount.lines, 7);
        let (empty, amount) = style("", 0, MAX_LINES, &[]);
        assert!(empty.iter().all(|x| x.is_finite()));
        assert_eq!(amount.reliability(0), 0.0);
    }
}
