//! Why a source could not be read as text: the findings name the file and the reason.

use super::formats::FormatProblem;
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
    /// A document format that could not be read (an old binary Office file, a corrupt
    /// container, a zip bomb, an extraction past its time).
    Format(FormatProblem),
}

impl ReadProblem {
    /// The problem of a source INDEX.md links.
    pub fn describe(&self, shown: &str) -> String {
        self.describe_as(("linked source", "the seeds folder"), shown)
    }

    /// The problem of a file called `what.0` (`linked source`, `corpus document`) that must
    /// stay inside `what.1` (`the seeds folder`).
    pub fn describe_as(&self, what: (&str, &str), shown: &str) -> String {
        let (what, folder) = what;
        match self {
            ReadProblem::Missing => format!("{what} `{shown}` does not exist"),
            ReadProblem::CaseMismatch(found) => format!(
                "{what} `{shown}` does not exist; `{found}` differs only in case \
                 (file names are case-sensitive here)"
            ),
            ReadProblem::Folder => {
                format!("{what} `{shown}` is a folder, not a document")
            }
            ReadProblem::NotRegular => format!(
                "{what} `{shown}` is not a regular file (a pipe, socket or device); not read"
            ),
            ReadProblem::OutsideViaSymlink(target) => format!(
                "{what} `{shown}` is a symlink to `{}`, outside {folder}; not read",
                target.display()
            ),
            ReadProblem::TooLarge { size, limit } => format!(
                "{what} `{shown}` is {size} bytes, over the limit of {limit} bytes; not read"
            ),
            ReadProblem::NotText(kind) => {
                format!("{what} `{shown}` is not a text document (looks like {kind})")
            }
            ReadProblem::Undecodable { offset } => format!(
                "{what} `{shown}` is not valid text in any encoding tried \
                 (UTF-8, UTF-16, GB18030, Big5): first bad byte at offset {offset}"
            ),
            ReadProblem::Io(e) => format!("cannot read {what} `{shown}`: {e}"),
            ReadProblem::Format(problem) => format!("{what} `{shown}` {}", problem.describe()),
        }
    }
}
