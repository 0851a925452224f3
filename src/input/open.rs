//! Opening a source confined to the seeds folder (symlinks resolved and kept inside it) and
//! reading it once, with a size limit: a regular file is opened and sized in one call, a long
//! one read in parallel pieces.

use super::decode::{decode, Decoded};
use super::formats::{read_document, Limits};
pub(crate) use super::problem::ReadProblem;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Default largest source read, in bytes.
pub(crate) const DEFAULT_MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest source any setting allows (offsets are 32-bit).
pub(crate) const MAX_SOURCE_BYTES: u64 = u32::MAX as u64;

/// The seeds folder's canonical path, and the canonical paths of the folders under it met so
/// far: each folder is resolved once, not once per file (a readlink per path component).
#[derive(Debug)]
pub(crate) struct Confinement {
    root: PathBuf,
    folders: Mutex<HashMap<PathBuf, PathBuf>>,
}

impl Confinement {
    pub(crate) fn new(root_canonical: PathBuf) -> Self {
        Confinement {
            root: root_canonical,
            folders: Mutex::default(),
        }
    }

    /// The same confinement, its folders resolved again as they are met.
    pub(crate) fn fresh(&self) -> Self {
        Confinement::new(self.root.clone())
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

/// Reads `rel` under `dir` (as given) as plain text, refusing anything that resolves outside
/// the confinement.
pub(crate) fn read_local(
    dir: &Path,
    confinement: &Confinement,
    rel: &Path,
    max_bytes: u64,
) -> Result<Decoded, ReadProblem> {
    decode(read_bytes(dir, confinement, rel, max_bytes)?)
}

/// Reads `rel` under `dir` as a document in any format read (plain text, HTML, CSV, Word,
/// OpenDocument, spreadsheets, EPUB), its text taken out within `max_bytes` and `extraction`.
pub(crate) fn read_source(
    dir: &Path,
    confinement: &Confinement,
    rel: &Path,
    max_bytes: u64,
    extraction: Duration,
) -> Result<Decoded, ReadProblem> {
    let bytes = read_bytes(dir, confinement, rel, max_bytes)?;
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let limits = Limits::new(max_bytes.min(MAX_SOURCE_BYTES), extraction);
    read_document(bytes, &name, &limits)
}

/// The bytes of `rel` under `dir`, within the confinement and the size limit.
fn read_bytes(
    dir: &Path,
    confinement: &Confinement,
    rel: &Path,
    max_bytes: u64,
) -> Result<Vec<u8>, ReadProblem> {
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
    Ok(bytes)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
