//! Reading members of a zip container (DOCX, ODT, XLSX, ODS, EPUB) within limits: every byte
//! inflated counts against the source's limit, and a large member inflated far beyond its
//! compressed size is refused as a zip bomb before it is read.

use super::FormatProblem;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// A member past this many bytes...
const BOMB_SIZE: u64 = 1 << 20;
/// ...inflated more than this many times its compressed size is a zip bomb.
const BOMB_RATIO: u64 = 100;

/// A zip container being read, with the bytes still allowed to be inflated.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a zip; `budget` bounds all the bytes its members may inflate to.
    pub(crate) fn open(bytes: &'a [u8], budget: u64) -> Result<Self, FormatProblem> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| FormatProblem::Corrupt(format!("not a readable zip container: {e}")))?;
        Ok(Archive { zip, budget })
    }

    /// Whether the container has a member called `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// Member `name` inflated, or None when there is none; a member that would pass the budget
    /// or looks like a zip bomb is refused.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, FormatProblem> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let mut member = self
            .zip
            .by_index(index)
            .map_err(|e| FormatProblem::Corrupt(format!("member `{name}`: {e}")))?;
        if member.encrypted() {
            return Err(FormatProblem::Encrypted(format!(
                "member `{name}` is encrypted"
            )));
        }
        let declared = member.size();
        let compressed = member.compressed_size().max(1);
        if declared > BOMB_SIZE && declared / compressed > BOMB_RATIO {
            return Err(FormatProblem::Bomb {
                member: name.to_owned(),
                size: declared,
                compressed,
            });
        }
        if declared > self.budget {
            return Err(FormatProblem::TooLarge {
                member: name.to_owned(),
                size: declared,
            });
        }
        // The declared size may lie: read no more than the budget allows, and check the ratio
        // again on what was really inflated.
        let mut out = Vec::with_capacity(usize::try_from(declared).unwrap_or(0).min(1 << 24));
        let read = (&mut member)
            .take(self.budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| FormatProblem::Corrupt(format!("member `{name}`: {e}")))?;
        let read = read as u64;
        if read > self.budget {
            return Err(FormatProblem::TooLarge {
                member: name.to_owned(),
                size: read,
            });
        }
        if read > BOMB_SIZE && read / compressed > BOMB_RATIO {
            return Err(FormatProblem::Bomb {
                member: name.to_owned(),
                size: read,
                compressed,
            });
        }
        self.budget -= read;
        Ok(Some(out))
    }

    /// Member `name` as UTF-8 text (a BOM dropped; invalid bytes replaced).
    pub(crate) fn read_text(&mut self, name: &str) -> Result<Option<String>, FormatProblem> {
        Ok(self.read(name)?.map(|bytes| {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            String::from_utf8_lossy(bytes).into_owned()
        }))
    }
}
