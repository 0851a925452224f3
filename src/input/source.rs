//! From a link destination to decoded text: classify the destination, confine it to the seeds
//! folder (symlinks included), read it once with a size limit, tell text from binaries and
//! decode it.

use percent_encoding::percent_decode_str;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Default largest source read, in bytes.
pub const DEFAULT_MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest source any setting allows (offsets are 32-bit).
pub const MAX_SOURCE_BYTES: u64 = u32::MAX as u64;

/// What a link destination is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path relative to the seeds folder, percent-decoded, `#fragment` and `?query` dropped.
    Local(PathBuf),
    /// A URL with a scheme: never fetched.
    Remote(String),
    /// A destination that leaves the seeds folder, with why.
    Outside(String),
    /// Nothing left once the fragment is dropped (`#section`): a link within INDEX.md.
    SelfReference,
}

/// Classifies a destination as written in INDEX.md.
pub fn classify(dest: &str) -> Target {
    let dest = dest.trim();
    let bytes = dest.as_bytes();
    let is_drive = bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes.len() == 2 || bytes[2] == b'\\' || bytes[2] == b'/');
    if is_drive {
        return Target::Outside(format!("`{dest}` is a Windows absolute path"));
    }
    if let Some(colon) = dest.find(':') {
        let scheme = &dest[..colon];
        let is_scheme = !scheme.is_empty()
            && scheme.as_bytes()[0].is_ascii_alphabetic()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.');
        if is_scheme {
            if scheme.eq_ignore_ascii_case("file") {
                return Target::Outside(format!("`{dest}` is a file:// URL"));
            }
            return Target::Remote(dest.to_owned());
        }
    }
    let path_part = dest.split(['#', '?']).next().unwrap_or("");
    if path_part.is_empty() {
        return Target::SelfReference;
    }
    let decoded = percent_decode_str(path_part)
        .decode_utf8_lossy()
        .into_owned();
    if decoded.starts_with('/') || decoded.starts_with('\\') {
        return Target::Outside(format!("`{dest}` is an absolute path"));
    }
    if decoded.contains('\\') {
        return Target::Outside(format!("`{dest}` is a Windows-style path"));
    }
    if decoded.contains('\0') {
        return Target::Outside(format!("`{dest}` holds a NUL byte"));
    }
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(&decoded).components() {
        match component {
            Component::Normal(c) => parts.push(c.to_str().unwrap_or_default()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Target::Outside(format!("`{dest}` leaves the seeds folder"));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Target::Outside(format!("`{dest}` is an absolute path"))
            }
        }
    }
    if parts.is_empty() {
        return Target::Outside(format!("`{dest}` names the seeds folder itself"));
    }
    Target::Local(parts.iter().collect())
}

/// Why a local source could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    Missing,
    /// Not found, but a name differing only in case is there (case-sensitive file system).
    CaseMismatch(String),
    Folder,
    /// A FIFO, socket or device.
    NotRegular,
    /// A symlink (or a path through one) that resolves outside the seeds folder.
    OutsideViaSymlink(PathBuf),
    TooLarge {
        size: u64,
        limit: u64,
    },
    NotText(&'static str),
    Undecodable {
        offset: usize,
    },
    Io(String),
}

impl ReadProblem {
    pub fn describe(&self, shown: &str) -> String {
        match self {
            ReadProblem::Missing => format!("linked source `{shown}` does not exist"),
            ReadProblem::CaseMismatch(found) => format!(
                "linked source `{shown}` does not exist; `{found}` differs only in case \
                 (file names are case-sensitive here)"
            ),
            ReadProblem::Folder => {
                format!("linked source `{shown}` is a folder, not a document")
            }
            ReadProblem::NotRegular => format!(
                "linked source `{shown}` is not a regular file (a pipe, socket or device); not read"
            ),
            ReadProblem::OutsideViaSymlink(target) => format!(
                "linked source `{shown}` is a symlink to `{}`, outside the seeds folder; not read",
                target.display()
            ),
            ReadProblem::TooLarge { size, limit } => format!(
                "linked source `{shown}` is {size} bytes, over the limit of {limit} bytes; not read"
            ),
            ReadProblem::NotText(kind) => {
                format!("linked source `{shown}` is not a text document (looks like {kind})")
            }
            ReadProblem::Undecodable { offset } => format!(
                "linked source `{shown}` is not valid text in any encoding tried \
                 (UTF-8, UTF-16, GB18030, Big5): first bad byte at offset {offset}"
            ),
            ReadProblem::Io(e) => format!("cannot read linked source `{shown}`: {e}"),
        }
    }
}

/// Decoded text of a source.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// The encoding used: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `GB18030`, `Big5`...
    pub encoding: &'static str,
}

/// The seeds folder's canonical path, and the canonical paths of the folders under it met so
/// far: each folder is resolved once, not once per file (a readlink per path component).
#[derive(Debug)]
pub struct Confinement {
    root: PathBuf,
    folders: Mutex<HashMap<PathBuf, PathBuf>>,
}

impl Confinement {
    pub fn new(root_canonical: PathBuf) -> Self {
        Confinement {
            root: root_canonical,
            folders: Mutex::default(),
        }
    }

    /// Where `path` resolves to; `is_symlink` says whether the file itself is a link.
    fn canonical(&self, path: &Path, is_symlink: bool) -> std::io::Result<PathBuf> {
        let (Some(folder), Some(name), false) = (path.parent(), path.file_name(), is_symlink)
        else {
            return fs::canonicalize(path);
        };
        let known = self
            .folders
            .lock()
            .ok()
            .and_then(|f| f.get(folder).cloned());
        let folder_canonical = match known {
            Some(c) => c,
            None => {
                let c = fs::canonicalize(folder)?;
                if let Ok(mut folders) = self.folders.lock() {
                    folders.insert(folder.to_path_buf(), c.clone());
                }
                c
            }
        };
        Ok(folder_canonical.join(name))
    }
}

/// Reads `rel` under `dir` (as given), refusing anything that resolves outside the confinement.
pub fn read_local(
    dir: &Path,
    confinement: &Confinement,
    rel: &Path,
    max_bytes: u64,
) -> Result<Decoded, ReadProblem> {
    let path = dir.join(rel);
    let (file, size) = match open_plain_file(&path) {
        Some((file, size)) => {
            // The file is no link, but a folder on its way may be one.
            let canonical = confinement
                .canonical(&path, false)
                .map_err(|e| ReadProblem::Io(e.to_string()))?;
            if !canonical.starts_with(&confinement.root) {
                return Err(ReadProblem::OutsideViaSymlink(canonical));
            }
            (file, size)
        }
        None => open_checked(dir, confinement, rel, &path)?,
    };
    // Offsets of evidence are 32-bit: 4 GiB is the most any setting allows.
    let max_bytes = max_bytes.min(MAX_SOURCE_BYTES);
    if size > max_bytes {
        return Err(ReadProblem::TooLarge {
            size,
            limit: max_bytes,
        });
    }
    let bytes = read_all(file, size, max_bytes).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadProblem::Missing,
        _ => ReadProblem::Io(e.to_string()),
    })?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadProblem::TooLarge {
            size: bytes.len() as u64,
            limit: max_bytes,
        });
    }
    decode(bytes)
}

/// A regular file that is not a symbolic link, opened in one call, with its size from the
/// open file (no second lookup of its path, no window between looking and opening). None for
/// anything else (a link, a folder, a FIFO, a missing file), which `open_checked` then tells
/// apart. Opening does not block on a FIFO (non-blocking) and does not take a terminal.
#[cfg(unix)]
fn open_plain_file(path: &Path) -> Option<(fs::File, u64)> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    let size = meta.len();
    meta.is_file().then_some((file, size))
}

#[cfg(not(unix))]
fn open_plain_file(_: &Path) -> Option<(fs::File, u64)> {
    None
}

/// Opens `path` (that is `rel` under `dir`) after looking at what it is: a link is followed
/// only within the confinement, and anything but a regular file is refused unopened.
fn open_checked(
    dir: &Path,
    confinement: &Confinement,
    rel: &Path,
    path: &Path,
) -> Result<(fs::File, u64), ReadProblem> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(match case_variant(dir, rel) {
                Some(found) => ReadProblem::CaseMismatch(found),
                None => ReadProblem::Missing,
            })
        }
        Err(e) => return Err(ReadProblem::Io(e.to_string())),
    };
    let is_symlink = meta.file_type().is_symlink();
    let canonical = confinement.canonical(path, is_symlink).map_err(|e| {
        if is_symlink {
            ReadProblem::Io(format!("broken symlink: {e}"))
        } else {
            ReadProblem::Io(e.to_string())
        }
    })?;
    if !canonical.starts_with(&confinement.root) {
        return Err(ReadProblem::OutsideViaSymlink(canonical));
    }
    // Not a link: what was read of it already says what it is.
    let meta = if is_symlink {
        fs::metadata(&canonical).map_err(|e| ReadProblem::Io(e.to_string()))?
    } else {
        meta
    };
    if meta.is_dir() {
        return Err(ReadProblem::Folder);
    }
    if !meta.is_file() {
        // A FIFO would block the read forever; devices and sockets are not documents either.
        return Err(ReadProblem::NotRegular);
    }
    let file = fs::File::open(&canonical).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadProblem::Missing,
        _ => ReadProblem::Io(e.to_string()),
    })?;
    Ok((file, meta.len()))
}

/// Files from this size on are read in parallel pieces.
const PARALLEL_READ_MIN: u64 = 32 << 20;
/// Bytes read by one task.
const READ_PIECE: usize = 8 << 20;

/// The bytes of a file of `size` bytes (as its metadata said; at most `max_bytes`). A file is
/// read as long as it was when opened: one read call, none more to find its end. A large file
/// is read in pieces by several threads, which copy from the page cache about twice as fast as
/// one; if it has changed size since it was opened, or says it is empty (some virtual files
/// do), it is read to its end, at most `max_bytes + 1` bytes (one more than allowed tells that
/// it is too large).
fn read_all(mut file: fs::File, size: u64, max_bytes: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Seek;
    let mut limit = if size == 0 {
        max_bytes + 1
    } else {
        size.min(max_bytes + 1)
    };
    if size >= PARALLEL_READ_MIN && size <= max_bytes {
        if let Some(bytes) = read_in_pieces(&file, size, READ_PIECE)? {
            return Ok(bytes);
        }
        file.rewind()?;
        limit = max_bytes + 1;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(max_bytes)).unwrap_or(0));
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The `size` bytes of a file read by parallel tasks; None when it no longer has that size.
#[cfg(unix)]
fn read_in_pieces(file: &fs::File, size: u64, piece: usize) -> std::io::Result<Option<Vec<u8>>> {
    use rayon::prelude::*;
    use std::os::unix::fs::FileExt;
    let Ok(len) = usize::try_from(size) else {
        return Ok(None);
    };
    let mut bytes = vec![0u8; len];
    let read = bytes
        .par_chunks_mut(piece.max(1))
        .enumerate()
        .try_for_each(|(k, part)| file.read_exact_at(part, (k * piece.max(1)) as u64));
    match read {
        Ok(()) if file.read_at(&mut [0u8], size)? == 0 => Ok(Some(bytes)),
        // Shrunk (cut short) or grown since its size was taken.
        Ok(()) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn read_in_pieces(_: &fs::File, _: u64, _: usize) -> std::io::Result<Option<Vec<u8>>> {
    Ok(None)
}

/// A name in the same folder that differs from the link's only in case.
fn case_variant(dir: &Path, rel: &Path) -> Option<String> {
    let name = rel.file_name()?.to_str()?;
    let parent = dir.join(rel.parent().unwrap_or(Path::new("")));
    let lower = name.to_lowercase();
    let mut found: Vec<String> = fs::read_dir(parent)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.to_lowercase() == lower && n != name)
        .collect();
    found.sort();
    let shown = rel.with_file_name(found.first()?);
    Some(shown.to_string_lossy().replace('\\', "/"))
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
            Ok(text) => Ok(Decoded {
                text,
                encoding: "UTF-8 (BOM)",
            }),
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
                Some(t) => Ok(Decoded {
                    text: t.into_owned(),
                    encoding: name,
                }),
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
        Ok(text) => {
            return Ok(Decoded {
                text,
                encoding: "UTF-8",
            })
        }
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
        Some((_, text, encoding)) => Ok(Decoded { text, encoding }),
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

    #[test]
    #[cfg(unix)]
    fn pieces_read_the_whole_file_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let text: Vec<u8> = (0..100u8).collect();
        fs::write(&path, &text).unwrap();
        let file = fs::File::open(&path).unwrap();
        assert_eq!(read_in_pieces(&file, 100, 7).unwrap(), Some(text.clone()));
        // Grown or shrunk since its size was taken: read again another way.
        assert_eq!(read_in_pieces(&file, 99, 7).unwrap(), None);
        assert_eq!(read_in_pieces(&file, 101, 7).unwrap(), None);
        assert_eq!(
            read_all(fs::File::open(&path).unwrap(), 100, 100).unwrap(),
            text
        );
        assert_eq!(
            read_all(fs::File::open(&path).unwrap(), 100, 10)
                .unwrap()
                .len(),
            11
        );
        // A file is read as long as it was when opened (here: said to be 50 bytes).
        assert_eq!(
            read_all(fs::File::open(&path).unwrap(), 50, 100).unwrap(),
            &text[..50]
        );
        // One that says it is empty is read to its end.
        assert_eq!(
            read_all(fs::File::open(&path).unwrap(), 0, 100).unwrap(),
            text
        );
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
    fn destinations_are_classified() {
        assert_eq!(classify("a.md"), Target::Local("a.md".into()));
        assert_eq!(classify("./x/../a.md#top"), Target::Local("a.md".into()));
        assert_eq!(classify("a%20b.md?x=1"), Target::Local("a b.md".into()));
        assert_eq!(
            classify("%E6%96%B0%E9%97%BB.txt"),
            Target::Local("新闻.txt".into())
        );
        assert!(matches!(classify("../x.md"), Target::Outside(_)));
        assert!(matches!(classify("/etc/passwd"), Target::Outside(_)));
        assert!(matches!(classify("file:///etc/passwd"), Target::Outside(_)));
        assert!(matches!(classify("C:\\x.md"), Target::Outside(_)));
        assert!(matches!(classify("a\\..\\..\\x.md"), Target::Outside(_)));
        assert!(matches!(classify("%2e%2e/x.md"), Target::Outside(_)));
        assert!(matches!(classify("https://x.org/a"), Target::Remote(_)));
        assert!(matches!(classify("mailto:a@b.c"), Target::Remote(_)));
        assert_eq!(classify("#section"), Target::SelfReference);
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
