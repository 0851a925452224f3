//! Bytes to text: byte-order marks first, then UTF-8 (validated in parallel pieces), then the
//! legacy Chinese encodings; binaries (PDFs, images, archives) told apart by their magic bytes.

use super::formats::{Origins, SourceFormat};
use super::problem::ReadProblem;

/// Decoded text of a source.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, as UTF-8.
    pub text: String,
    /// The encoding used: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `GB18030`, `Big5`...
    pub encoding: &'static str,
    /// The document's format: plain text, or the one its text was taken out of.
    pub format: SourceFormat,
    /// Where each line of the text stands in the original (empty for plain text).
    pub origins: Origins,
}

impl Decoded {
    /// Plain text, its lines its own.
    pub fn plain(text: String, encoding: &'static str) -> Self {
        Decoded {
            text,
            encoding,
            format: SourceFormat::Text,
            origins: Origins::default(),
        }
    }
}

/// What binary content looks like, by its magic bytes.
fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive (or an office document)"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"\x28\xB5\x2F\xFD", "a zstd archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"BZh", "a bzip2 archive"),
        (b"\xFD7zXZ\x00", "an xz archive"),
        (b"\x7FELF", "an executable (ELF)"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Microsoft Office document",
        ),
        (b"RIFF", "a RIFF media file"),
        (b"\x00\x00\x01\x00", "an icon image"),
        (b"BM", "a BMP image"),
    ];
    if bytes.len() >= 262 && &bytes[257..262] == b"ustar" {
        return Some("a tar archive");
    }
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, kind)| *kind)
}

/// Decodes bytes as text: BOMs first, then UTF-8, then the legacy Chinese encodings.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, ReadProblem> {
    use encoding_rs::{BIG5, GB18030, UTF_16BE, UTF_16LE};
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        // The mark is dropped in place: the text is not copied.
        let mut bytes = bytes;
        bytes.drain(..3);
        return match into_utf8(bytes) {
            Ok(text) => Ok(Decoded::plain(text, "UTF-8 (BOM)")),
            Err(e) => Err(ReadProblem::Undecodable {
                offset: 3 + e.utf8_error().valid_up_to(),
            }),
        };
    }
    for (bom, enc, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return match enc.decode_without_bom_handling_and_without_replacement(rest) {
                Some(t) => Ok(Decoded::plain(t.into_owned(), name)),
                None => Err(ReadProblem::Undecodable { offset: 2 }),
            };
        }
    }
    if let Some(kind) = sniff_binary(&bytes) {
        return Err(ReadProblem::NotText(kind));
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err(ReadProblem::NotText("binary data: it holds NUL bytes"));
    }
    let utf8_error = match into_utf8(bytes) {
        Ok(text) => return Ok(Decoded::plain(text, "UTF-8")),
        Err(e) => e,
    };
    let offset = utf8_error.utf8_error().valid_up_to();
    let bytes = utf8_error.into_bytes();
    // GB18030 accepts most byte pairs, so Big5 text often decodes as (garbled) GBK too: of the
    // encodings that decode without error, keep the one with the most common Han characters.
    let mut best: Option<(usize, String, &'static str)> = None;
    for (enc, name) in [(GB18030, "GB18030"), (BIG5, "Big5")] {
        if let Some(t) = enc.decode_without_bom_handling_and_without_replacement(&bytes) {
            let common = t.chars().filter(|c| is_common_han(*c)).count();
            if best.as_ref().is_none_or(|b| common > b.0) {
                best = Some((common, t.into_owned(), name));
            }
        }
    }
    match best {
        Some((_, text, encoding)) => Ok(Decoded::plain(text, encoding)),
        None => Err(ReadProblem::Undecodable { offset }),
    }
}

/// Bytes validated as UTF-8 at a time: pieces of a large source are validated in parallel.
const UTF8_PIECE: usize = 8 << 20;

/// UTF-8 bytes as a `String`, not copied. Validation is SIMD, in parallel pieces for a large
/// source (the standard library's validator is sequential and was a sixth of the time of a
/// 200 MB source); on invalid bytes the standard library's error says where.
fn into_utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if is_utf8(&bytes, UTF8_PIECE) {
        // SAFETY: `is_utf8` returned true, so every byte of `bytes` is valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes)
}

/// Whether `bytes` is UTF-8, checked in pieces of about `piece` bytes. Each piece starts where
/// a character can (not on a continuation byte): valid text is valid in every such piece, and
/// valid pieces joined are valid text.
fn is_utf8(bytes: &[u8], piece: usize) -> bool {
    use rayon::prelude::*;
    if bytes.len() <= piece {
        return simdutf8::basic::from_utf8(bytes).is_ok();
    }
    let mut cuts = vec![0];
    let mut at = piece;
    while at < bytes.len() {
        // A character has at most three continuation bytes: four in a row are invalid.
        let run = bytes[at..]
            .iter()
            .take(4)
            .take_while(|&&b| b & 0xC0 == 0x80)
            .count();
        if run == 4 {
            return false;
        }
        if at + run >= bytes.len() {
            break;
        }
        cuts.push(at + run);
        at += run + piece;
    }
    cuts.push(bytes.len());
    cuts.par_windows(2)
        .all(|w| simdutf8::basic::from_utf8(&bytes[w[0]..w[1]]).is_ok())
}

/// Han characters among the most frequent in both simplified and traditional text (a rough
/// signal of a right guess: a wrong legacy decoding yields rare characters).
fn is_common_han(c: char) -> bool {
    "的一是不了在人有我他这中大来上个们到说和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从"
        .contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn decoding_never_panics_and_keeps_utf8(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(d) = decode(bytes.clone()) {
                if let Ok(s) = std::str::from_utf8(&bytes) {
                    if !s.starts_with('\u{feff}') {
                        prop_assert_eq!(d.text, s);
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn pieces_agree_with_the_standard_validator(
            bytes in proptest::collection::vec(
                prop_oneof![Just(0xE4u8), Just(0xB8), Just(0x80), Just(b'a'), any::<u8>()],
                0..64,
            ),
            piece in 1usize..8,
        ) {
            prop_assert_eq!(is_utf8(&bytes, piece), std::str::from_utf8(&bytes).is_ok());
        }

        #[test]
        fn valid_text_is_valid_in_any_pieces(text in "[a-z中文。😀 ]{0,40}", piece in 1usize..8) {
            prop_assert!(is_utf8(text.as_bytes(), piece));
        }
    }

    #[test]
    fn decoding_tells_encodings_apart() {
        assert_eq!(decode(b"abc".to_vec()).unwrap().encoding, "UTF-8");
        assert_eq!(decode(b"\xEF\xBB\xBFabc".to_vec()).unwrap().text, "abc");
        let utf16: Vec<u8> = [0xFF, 0xFE, b'a', 0, b'b', 0].to_vec();
        assert_eq!(decode(utf16).unwrap().text, "ab");
        let (gbk, _, _) = encoding_rs::GB18030.encode("本报讯 记者说的是这个");
        let d = decode(gbk.into_owned()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("本报讯 记者说的是这个", "GB18030")
        );
        let (big5, _, _) = encoding_rs::BIG5.encode("本報訊 記者說的是這個時候");
        let d = decode(big5.into_owned()).unwrap();
        assert_eq!(d.encoding, "Big5");
    }

    #[test]
    fn binaries_are_not_text() {
        assert_eq!(
            decode(b"%PDF-1.7 ...".to_vec()).unwrap_err(),
            ReadProblem::NotText("a PDF document")
        );
        assert!(matches!(
            decode(b"ab\0cd".to_vec()).unwrap_err(),
            ReadProblem::NotText(_)
        ));
    }
}
