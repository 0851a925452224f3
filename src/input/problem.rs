//! Why a source could not be read as text: the findings name the file and the reason.

use std::path::PathBuf;

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
