//! The two-byte codes a PDF's text is written in, read from the strings of its streams: what
//! an identity ToUnicode map for a font on a predefined UCS-2 CMap must cover. A map of only
//! these codes (hundreds or thousands) replaces one of all 65,536, which the PDF reader would
//! otherwise rebuild for each font on every page.

use pdf_extract::{Document, Object};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Every two-byte code of every string (literal or hex) of the document's content streams
/// and forms: streams with no type of their own, or forms; not images, fonts or metadata.
pub(super) fn codes_in_strings(doc: &Document) -> BTreeSet<u16> {
    let mut codes = BTreeSet::new();
    for object in doc.objects.values() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let dict = &stream.dict;
        let form = matches!(dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form");
        let typed = dict.has(b"Type") || dict.has(b"Subtype");
        let font_program = [&b"Length1"[..], b"Length2", b"Length3"]
            .iter()
            .any(|k| dict.has(k));
        if (typed && !form) || font_program {
            continue;
        }
        // Sizes were bounded before (`inflated_within`); a stream that cannot be decoded has
        // no text to map.
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        strings(&content, |bytes| {
            codes.extend(
                bytes
                    .chunks_exact(2)
                    .map(|pair| u16::from_be_bytes([pair[0], pair[1]])),
            );
        });
    }
    codes
}

/// Calls `found` with the bytes of each string of a content stream.
fn strings(content: &[u8], mut found: impl FnMut(&[u8])) {
    let mut i = 0;
    let mut buffer = Vec::new();
    while i < content.len() {
        match content[i] {
            b'(' => {
                buffer.clear();
                i = literal(content, i + 1, &mut buffer);
                found(&buffer);
            }
            b'<' if content.get(i + 1) != Some(&b'<') => {
                buffer.clear();
                i = hex(content, i + 1, &mut buffer);
                found(&buffer);
            }
            b'<' => i += 2,
            _ => i += 1,
        }
    }
}

/// A literal string from `i` (after its `(`) into `out`; where it ends.
fn literal(content: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    let mut depth = 1usize;
    while let Some(&b) = content.get(i) {
        i += 1;
        match b {
            b'\\' => {
                let Some(&next) = content.get(i) else { break };
                i += 1;
                match next {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut value = u32::from(next - b'0');
                        for _ in 0..2 {
                            match content.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push((value & 0xFF) as u8);
                    }
                    b'\n' | b'\r' => {}
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b);
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
                out.push(b);
            }
            _ => out.push(b),
        }
    }
    i
}

/// A hex string from `i` (after its `<`) into `out`; where it ends.
fn hex(content: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    let mut high: Option<u8> = None;
    while let Some(&b) = content.get(i) {
        i += 1;
        let digit = match b {
            b'>' => break,
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => continue,
        };
        match high.take() {
            Some(h) => out.push(h << 4 | digit),
            None => high = Some(digit),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    i
}

/// A ToUnicode CMap mapping each of `codes` to itself, as runs of consecutive codes within
/// one high byte (a `bfrange` must not cross one).
pub(super) fn identity_map(codes: &BTreeSet<u16>) -> Vec<u8> {
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for &code in codes {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == code && code & 0xFF != 0 => *end = code,
            _ => ranges.push((code, code)),
        }
    }
    let lines: Vec<String> = ranges
        .iter()
        .map(|(start, end)| format!("<{start:04X}> <{end:04X}> <{start:04X}>"))
        .collect();
    to_unicode_cmap("Intake-Identity-UCS", "bfrange", &lines)
}

/// A ToUnicode CMap named `name` of `entries` (lines of a `bfrange` or `bfchar` block), at most
/// 100 entries a block as the CMap format asks.
fn to_unicode_cmap(name: &str, kind: &str, entries: &[String]) -> Vec<u8> {
    let mut text = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /{name} def \
         /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    );
    for block in entries.chunks(100) {
        let _ = writeln!(text, "{} begin{kind}", block.len());
        for entry in block {
            text.push_str(entry);
            text.push('\n');
        }
        let _ = writeln!(text, "end{kind}");
    }
    text.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    text.into_bytes()
}

/// One of Adobe's CID to Unicode CMaps cut down to `codes` (the CIDs the document's strings
/// hold, its fonts being on an identity CMap): the same map for the text at hand, a small part
/// of the parsing. Entries are `bfchar` (`<cid> <utf-16>`) and `bfrange` (`<lo> <hi> <first>`).
pub(super) fn filtered_map(adobe: &[u8], codes: &BTreeSet<u16>) -> Vec<u8> {
    let text = String::from_utf8_lossy(adobe);
    let mut entries: Vec<(u16, Vec<u16>)> = Vec::new();
    for line in text.lines().filter(|l| l.starts_with('<')) {
        let hexes: Vec<Vec<u16>> = line
            .split(['<', '>'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| {
                t.as_bytes()
                    .chunks(4)
                    .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                    .collect()
            })
            .collect();
        let (lo, hi, dst) = match hexes.as_slice() {
            [cid, dst] => (cid.first().copied(), cid.first().copied(), dst.clone()),
            [lo, hi, dst] => (lo.first().copied(), hi.first().copied(), dst.clone()),
            _ => continue,
        };
        let (Some(lo), Some(hi)) = (lo, hi) else {
            continue;
        };
        for code in codes.range(lo..=hi) {
            let mut units = dst.clone();
            if let Some(last) = units.last_mut() {
                *last = last.wrapping_add(code - lo);
            }
            entries.push((*code, units));
        }
    }
    entries.sort_unstable_by_key(|(code, _)| *code);
    entries.dedup_by_key(|(code, _)| *code);
    let lines: Vec<String> = entries
        .iter()
        .map(|(code, units)| {
            let hex: String = units.iter().map(|u| format!("{u:04X}")).collect();
            format!("<{code:04X}> <{hex}>")
        })
        .collect();
    to_unicode_cmap("Intake-CID-UCS", "bfchar", &lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_literal_and_hex_are_read() {
        let mut got = Vec::new();
        strings(b"BT (a\\(b\\)c \\101) Tj <4E2D 6587> Tj <<>> ET", |s| {
            got.push(s.to_vec())
        });
        assert_eq!(got, [b"a(b)c A".to_vec(), vec![0x4E, 0x2D, 0x65, 0x87]]);
    }

    #[test]
    fn an_adobe_map_is_cut_down_to_the_codes_used() {
        let adobe = b"2 beginbfchar\n<0000> <fffd>\n<003d> <00a5>\nendbfchar\n\
            1 beginbfrange\n<0001> <005f> <0020>\nendbfrange\n";
        let codes: BTreeSet<u16> = [0x0002, 0x003d, 0x0100].into();
        let map = String::from_utf8(filtered_map(adobe, &codes)).unwrap();
        assert!(
            map.contains("2 beginbfchar\n<0002> <0021>\n<003D> <00A5>\n"),
            "{map}"
        );
    }

    #[test]
    fn an_identity_map_covers_runs_within_one_high_byte() {
        let codes: BTreeSet<u16> = [0x4E2D, 0x4E2E, 0x4E2F, 0x4EFF, 0x4F00, 0x6587].into();
        let map = String::from_utf8(identity_map(&codes)).unwrap();
        assert!(map.contains("4 beginbfrange"), "{map}");
        assert!(map.contains("<4E2D> <4E2F> <4E2D>"));
        assert!(map.contains("<4EFF> <4EFF> <4EFF>"));
        assert!(map.contains("<4F00> <4F00> <4F00>"));
    }
}
