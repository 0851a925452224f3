//! The bulk of `--format json`, the source objects, written straight into a byte buffer: the
//! same bytes serde_json's pretty printer writes for them (`json::tests` compares the two),
//! at any depth, without its generic machinery or a second pass to indent them. Strings that
//! need escaping go through serde_json itself; numbers through the formatters it uses.

use crate::check::{Evidence, SourceReport};
use crate::input::formats::Origin;
use crate::judge::SectionCall;
use rayon::prelude::*;

/// Sections of one source beyond which they are written in parallel pieces (a long file has
/// tens of thousands).
const PARALLEL_SECTIONS: usize = 1024;

/// Writes `s` as a pretty-printed object whose opening brace stands at nesting `level` (its
/// fields one level deeper). The caller has written the indentation before the brace.
pub(crate) fn write_source(out: &mut Vec<u8>, s: &SourceReport, level: usize) {
    let fields = level + 1;
    out.push(b'{');
    key(out, fields, "path", true);
    string(out, &s.path);
    key(out, fields, "genre", false);
    string(out, s.genre.as_str());
    key(out, fields, "confidence", false);
    float(out, s.confidence);
    key(out, fields, "probabilities", false);
    write_probabilities(out, &s.probabilities, fields);
    key(out, fields, "background", false);
    out.extend_from_slice(if s.background { b"true" } else { b"false" });
    key(out, fields, "language", false);
    string(out, s.language);
    key(out, fields, "encoding", false);
    string(out, s.encoding);
    key(out, fields, "format", false);
    string(out, s.format.as_str());
    key(out, fields, "sections", false);
    if s.sections.len() > PARALLEL_SECTIONS {
        let pieces: Vec<Vec<u8>> = s
            .sections
            .par_chunks(PARALLEL_SECTIONS)
            .enumerate()
            .map(|(k, chunk)| {
                let mut piece = Vec::new();
                for (i, c) in chunk.iter().enumerate() {
                    element(&mut piece, fields + 1, k == 0 && i == 0);
                    write_section(&mut piece, c, fields + 1);
                }
                piece
            })
            .collect();
        out.push(b'[');
        for piece in pieces {
            out.extend_from_slice(&piece);
        }
        close(out, fields, b']');
    } else {
        array(out, fields, &s.sections, write_section);
    }
    key(out, fields, "evidence", false);
    array(out, fields, &s.evidence, write_evidence);
    close(out, level, b'}');
}

fn write_section(out: &mut Vec<u8>, c: &SectionCall, level: usize) {
    let fields = level + 1;
    out.push(b'{');
    key(out, fields, "title", true);
    string(out, &c.title);
    key(out, fields, "line", false);
    number(out, c.line);
    key(out, fields, "genre", false);
    string(out, c.genre.as_str());
    key(out, fields, "confidence", false);
    float(out, c.confidence);
    close(out, level, b'}');
}

/// `{"requirements": p, "news": p, "other": p}`.
fn write_probabilities(out: &mut Vec<u8>, p: &crate::judge::Probabilities, level: usize) {
    out.push(b'{');
    for (i, genre) in crate::rules::Genre::ALL.iter().enumerate() {
        key(out, level + 1, genre.as_str(), i == 0);
        float(out, p[genre.index()]);
    }
    close(out, level, b'}');
}

fn write_evidence(out: &mut Vec<u8>, e: &Evidence, level: usize) {
    let fields = level + 1;
    out.push(b'{');
    key(out, fields, "rule", true);
    match &e.rule {
        Some(rule) => string(out, rule),
        None => out.extend_from_slice(b"null"),
    }
    key(out, fields, "feature", false);
    string(out, &e.feature);
    key(out, fields, "genre", false);
    string(out, e.genre.as_str());
    key(out, fields, "weight", false);
    float(out, e.weight);
    key(out, fields, "line", false);
    number(out, e.line);
    key(out, fields, "column", false);
    number(out, e.column);
    key(out, fields, "offset", false);
    number(out, e.offset);
    key(out, fields, "length", false);
    number(out, e.length);
    key(out, fields, "text", false);
    string(out, &e.text);
    if let Some(origin) = &e.origin {
        key(out, fields, "origin", false);
        write_origin(out, origin, fields);
    }
    close(out, level, b'}');
}

/// The fields of an origin that apply, in the order of the schema.
fn write_origin(out: &mut Vec<u8>, o: &Origin, level: usize) {
    let fields = level + 1;
    let mut first = true;
    let mut field = |out: &mut Vec<u8>, name: &str| {
        key(out, fields, name, first);
        first = false;
    };
    out.push(b'{');
    if let Some(page) = o.page {
        field(out, "page");
        number(out, page as usize);
    }
    if let Some(paragraph) = o.paragraph {
        field(out, "paragraph");
        number(out, paragraph as usize);
    }
    if let Some(path) = &o.heading_path {
        field(out, "heading_path");
        array(out, fields, path, |out, title, _| string(out, title));
    }
    if let Some(sheet) = &o.sheet {
        field(out, "sheet");
        string(out, sheet);
    }
    if let Some(row) = o.row {
        field(out, "row");
        number(out, row as usize);
    }
    if let Some(column) = &o.column {
        field(out, "column");
        string(out, column);
    }
    if let Some(chapter) = o.chapter {
        field(out, "chapter");
        number(out, chapter as usize);
    }
    if let Some(line) = o.line {
        field(out, "line");
        number(out, line as usize);
    }
    if first {
        out.push(b'}');
    } else {
        close(out, level, b'}');
    }
}

/// An array of `items` whose opening bracket stands at nesting `level`: `[]` when empty.
fn array<T>(out: &mut Vec<u8>, level: usize, items: &[T], write: impl Fn(&mut Vec<u8>, &T, usize)) {
    out.push(b'[');
    if items.is_empty() {
        out.push(b']');
        return;
    }
    for (i, item) in items.iter().enumerate() {
        element(out, level + 1, i == 0);
        write(out, item, level + 1);
    }
    close(out, level, b']');
}

/// What comes before an array element at nesting `level`.
fn element(out: &mut Vec<u8>, level: usize, first: bool) {
    out.extend_from_slice(if first { b"\n" } else { b",\n" });
    indent(out, level);
}

/// A field name at nesting `level`, and the separator before its value.
fn key(out: &mut Vec<u8>, level: usize, name: &str, first: bool) {
    element(out, level, first);
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\": ");
}

/// The closing bracket of a non-empty object or array opened at nesting `level`.
fn close(out: &mut Vec<u8>, level: usize, bracket: u8) {
    out.push(b'\n');
    indent(out, level);
    out.push(bracket);
}

fn indent(out: &mut Vec<u8>, level: usize) {
    out.resize(out.len() + 2 * level, b' ');
}

/// A string as serde_json writes it: as it is when nothing in it needs escaping.
fn string(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing into a vector cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// A number as serde_json writes it (it formats integers with `itoa` too).
fn number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A float as serde_json writes it: `ryu`'s shortest form, `null` when not finite.
fn float(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        out.extend_from_slice(ryu::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}
