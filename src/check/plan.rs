//! The part of a check that needs no rule: the folder, INDEX.md read through the same confined
//! open as every source, its links sorted into sources to read, remote links and refused ones,
//! and the findings about links.

use super::outcome::{Finding, Findings};
use super::{shown, CheckOptions};
use crate::codes::Code;
use crate::error::IntakeError;
use crate::input::decode::Decoded;
use crate::input::index::{self, Link};
use crate::input::open::{read_local, Confinement, ReadProblem};
use crate::input::target::{classify, Target};
use crate::text::excerpt::excerpt;
use crate::text::position::LineIndex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A local source to read, from one or more links (`link`: the first, by index).
pub(super) struct Wanted {
    pub(super) rel: PathBuf,
    pub(super) link: usize,
    pub(super) background: bool,
}

/// INDEX.md as read, for findings that point into it.
pub(super) struct IndexFile {
    /// Its text, as decoded (judged like a source once the rules are there).
    pub(super) decoded: Decoded,
    lines: LineIndex,
    pub(super) shown: String,
}

impl IndexFile {
    /// `f`, located at `link`.
    pub(super) fn at_link(&self, f: Finding, link: &Link) -> Finding {
        let text = &self.decoded.text;
        let e = excerpt(text, &self.lines, link.span.start, link.span.len());
        let (_, col) = self.lines.line_col(text, link.span.start);
        f.at(&self.shown, e, col)
    }
}

/// What a check knows before any rule is needed: INDEX.md, its links, the sources to read,
/// and the findings about links.
pub(crate) struct Plan<'a> {
    pub(super) dir: &'a Path,
    pub(super) confinement: Confinement,
    pub(super) index: IndexFile,
    pub(super) links: Vec<Link>,
    pub(super) wanted: Vec<Wanted>,
    pub(super) diagnostics: Findings,
    pub(super) unreadable: usize,
}

/// Finds the sources: INDEX.md and its links.
pub(crate) fn plan<'a>(dir: &'a Path, opts: &CheckOptions) -> Result<Plan<'a>, IntakeError> {
    let confinement = open_folder(dir)?;
    let index = read_index(dir, &confinement, opts.max_source_bytes)?;
    let links = index::links(&index.decoded.text);
    let mut plan = Plan {
        dir,
        confinement,
        index,
        links: Vec::new(),
        wanted: Vec::new(),
        diagnostics: Findings::default(),
        unreadable: 0,
    };
    plan.follow(&links, opts);
    plan.stray_marks(&links);
    plan.links = links;
    Ok(plan)
}

/// The seeds folder, checked to be one, and its canonical path that sources are confined to.
fn open_folder(dir: &Path) -> Result<Confinement, IntakeError> {
    let io = |source| IntakeError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => IntakeError::DirMissing(dir.to_path_buf()),
        _ => io(source),
    })?;
    if !meta.is_dir() {
        return Err(IntakeError::DirNotFolder(dir.to_path_buf()));
    }
    Ok(Confinement::new(std::fs::canonicalize(dir).map_err(io)?))
}

/// INDEX.md, opened like every source: inside the folder, a regular file within the size
/// limit, decoded.
fn read_index(
    dir: &Path,
    confinement: &Confinement,
    max_bytes: u64,
) -> Result<IndexFile, IntakeError> {
    let rel = Path::new("INDEX.md");
    let path = dir.join(rel);
    let not_text = |reason: String| IntakeError::IndexNotText {
        path: path.clone(),
        reason,
    };
    let decoded = match read_local(dir, confinement, rel, max_bytes) {
        Ok(decoded) => decoded,
        Err(ReadProblem::Missing | ReadProblem::CaseMismatch(_)) => {
            return Err(IntakeError::IndexMissing(dir.to_path_buf()))
        }
        Err(ReadProblem::Folder | ReadProblem::NotRegular) => {
            return Err(not_text("it is not a regular file".to_owned()))
        }
        Err(ReadProblem::TooLarge { size, limit }) => {
            return Err(not_text(format!(
                "it is {size} bytes, over the limit of {limit} bytes"
            )))
        }
        Err(ReadProblem::Io(e)) => {
            return Err(IntakeError::Io {
                source: std::io::Error::other(e),
                path,
            })
        }
        Err(problem) => return Err(not_text(problem.describe("INDEX.md"))),
    };
    Ok(IndexFile {
        lines: LineIndex::new(&decoded.text),
        decoded,
        shown: shown(dir, rel),
    })
}

impl Plan<'_> {
    /// Sorts the links: each local file once (a second link to it is an advice), remote
    /// links reported and never fetched, links out of the folder refused.
    fn follow(&mut self, links: &[Link], opts: &CheckOptions) {
        let mut seen: HashMap<PathBuf, usize> = HashMap::new();
        for (link_index, link) in links.iter().enumerate() {
            match classify(&link.dest) {
                Target::Local(rel) => {
                    if let Some(&i) = seen.get(&rel) {
                        self.wanted[i].background &= link.background;
                        self.duplicate(link);
                        continue;
                    }
                    seen.insert(rel.clone(), self.wanted.len());
                    self.wanted.push(Wanted {
                        rel,
                        link: link_index,
                        background: link.background,
                    });
                }
                Target::Remote(url) => {
                    if let Some(severity) = opts.remote_severity {
                        let index = &self.index;
                        self.diagnostics.add(Code::LinkRemote, severity, || {
                            let message = format!("remote source `{url}` is not fetched");
                            index
                                .at_link(Finding::new(Code::LinkRemote, message), link)
                                .severity(severity)
                                .label("remote link")
                        });
                    }
                }
                Target::Outside(why) => {
                    self.unreadable += 1;
                    let index = &self.index;
                    self.diagnostics
                        .add(Code::LinkOutside, Code::LinkOutside.severity(), || {
                            let message = format!("link refused: {why}; not read");
                            index
                                .at_link(Finding::new(Code::LinkOutside, message), link)
                                .label("points outside the seeds folder")
                        });
                }
                Target::SelfReference => {}
            }
        }
    }

    fn duplicate(&mut self, link: &Link) {
        let index = &self.index;
        self.diagnostics
            .add(Code::LinkDuplicate, Code::LinkDuplicate.severity(), || {
                let message = format!("`{}` is linked more than once; read once", link.dest);
                index
                    .at_link(Finding::new(Code::LinkDuplicate, message), link)
                    .label("linked again here")
            });
    }

    /// Background marks on lines without a link mark nothing.
    fn stray_marks(&mut self, links: &[Link]) {
        let index = &self.index;
        let text = &index.decoded.text;
        for span in index::stray_background_marks(text, links) {
            let e = excerpt(text, &index.lines, span.start, span.len());
            let (_, col) = index.lines.line_col(text, span.start);
            self.diagnostics.push(
                Finding::new(
                    Code::BackgroundUnused,
                    "background mark on a line without a link",
                )
                .at(&index.shown, e, col)
                .label("marks nothing"),
            );
        }
    }
}
