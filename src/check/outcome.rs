//! The result of a run as data: what every report format renders.

use crate::check::verdict::{Reason, Verdict};
use crate::codes::{Code, Severity};
use crate::input::formats::SourceFormat;
use crate::judge::{Probabilities, SectionCall};
use crate::rules::Genre;

pub use crate::text::excerpt::Excerpt;

pub use crate::judge::evidence::Evidence;

/// One feature's part in a source's call, for `-v`.
#[derive(Debug, Clone, PartialEq)]
pub struct Weighed {
    /// The model's feature name, or `bias`.
    pub feature: std::sync::Arc<str>,
    /// Its value in the text.
    pub value: f64,
    /// What it added to each genre's score against the mean of the three.
    pub toward: [f64; 3],
}

/// One source as judged: its call, the call on each section, its evidence.
#[derive(Debug, Clone)]
pub struct SourceReport {
    /// The path as reports show it (relative to where the tool runs).
    pub path: String,
    /// The genre called.
    pub genre: Genre,
    /// The calibrated probability of the genre called.
    pub confidence: f64,
    /// Calibrated probability of each genre.
    pub probabilities: Probabilities,
    /// Marked background in INDEX.md: reported, never counted.
    pub background: bool,
    /// The encoding it was decoded from.
    pub encoding: &'static str,
    /// The format its text was read from (`text`, `html`, `docx`...).
    pub format: SourceFormat,
    /// Its language: `zh`, `en`, another name, or `unknown`.
    pub language: &'static str,
    /// The call on each section.
    pub sections: Vec<SectionCall>,
    /// The evidence of the call, strongest first within each genre.
    pub evidence: Vec<Evidence>,
    /// The features that weighed most in the call on the whole source (for `-v`).
    pub weighed: Vec<Weighed>,
    /// Its requirement statements, when the run lists them (the inventory).
    pub statements: Vec<crate::inventory::Statement>,
}

impl SourceReport {
    /// The strongest evidence of one genre, in order of strength.
    pub fn top_evidence(&self, genre: Genre) -> impl Iterator<Item = &Evidence> {
        self.evidence
            .iter()
            .filter(move |e| e.top && e.genre == genre)
    }
}

/// A finding that is not evidence: a broken link, an unlinked file, a low-confidence call.
#[derive(Debug, Clone)]
pub struct Finding {
    /// What kind of finding it is.
    pub code: Code,
    /// Its severity (its code's, or the configuration's).
    pub severity: Severity,
    /// What was found, in one line.
    pub message: String,
    /// The file it is about.
    pub path: Option<String>,
    /// 1-based line in that file.
    pub line: Option<usize>,
    /// 1-based character column.
    pub column: Option<usize>,
    /// The line, for the human report.
    pub excerpt: Option<Excerpt>,
    /// The words under the span.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Finding {
    /// A finding of `code`, with its code's severity and help.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            message: message.into(),
            path: None,
            line: None,
            column: None,
            excerpt: None,
            label: None,
            help: code.help().map(str::to_owned),
        }
    }

    /// The severity the configuration gives it.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// At a line and column of a file, with the line.
    pub fn at(mut self, path: &str, excerpt: Excerpt, column: usize) -> Self {
        self.path = Some(path.to_owned());
        self.line = Some(excerpt.line);
        self.column = Some(column);
        self.excerpt = Some(excerpt);
        self
    }

    /// About a file as a whole.
    pub fn in_file(mut self, path: &str) -> Self {
        self.path = Some(path.to_owned());
        self
    }

    /// With the words shown under its span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// With this help instead of its code's.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Everything a `check` run found.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Pass or blocked.
    pub verdict: Verdict,
    /// Why it was blocked.
    pub reason: Option<Reason>,
    /// Each source read, in the order of INDEX.md.
    pub sources: Vec<SourceReport>,
    /// Linked sources that could not be read (refused, missing, not text).
    pub unreadable: usize,
    /// Findings beside the verdict (links, files, calls, settings).
    pub diagnostics: Vec<Finding>,
    /// Where the sources are, for the reports that list their statements without the run
    /// having kept them (None when the run kept them, or read none).
    pub files: Option<std::sync::Arc<super::SourceFiles>>,
}

impl Outcome {
    /// The requirement statements of `source` (at most `limit` of those read again), and
    /// whether they are all of them: those the run kept, else those read again (a source
    /// larger than a report reads again, or changed since, gives none).
    pub fn statements_of<'a>(
        &self,
        source: &'a SourceReport,
        limit: usize,
    ) -> (std::borrow::Cow<'a, [crate::inventory::Statement]>, bool) {
        match &self.files {
            Some(files) if source.statements.is_empty() && super::may_list(source) => {
                match files.statements(source, limit) {
                    Some(listed) => {
                        let all = listed.len() < limit;
                        (std::borrow::Cow::Owned(listed), all)
                    }
                    None => (std::borrow::Cow::Owned(Vec::new()), false),
                }
            }
            _ => (std::borrow::Cow::Borrowed(&source.statements), true),
        }
    }

    /// The sources the verdict counts (background ones are not).
    pub fn counted(&self) -> impl Iterator<Item = &SourceReport> {
        self.sources.iter().filter(|s| !s.background)
    }

    /// "1 source, 7 sections: 7 news, 0 requirements"
    pub fn summary(&self) -> String {
        let sources: Vec<&SourceReport> = self.counted().collect();
        let sections: Vec<Genre> = sources
            .iter()
            .flat_map(|s| s.sections.iter().map(|c| c.genre))
            .collect();
        let count = |g: Genre| sections.iter().filter(|s| **s == g).count();
        let mut text = format!(
            "{} source{}, {} section{}: {} news, {} requirements",
            sources.len(),
            plural(sources.len()),
            sections.len(),
            plural(sections.len()),
            count(Genre::News),
            count(Genre::Requirements),
        );
        let other = count(Genre::Other);
        if other > 0 {
            text.push_str(&format!(", {other} other"));
        }
        text
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Findings of a run, at most `MAX_PER_CODE` of each code: an INDEX.md with a million broken
/// links gets a hundred errors and a count of the rest, not a gigabyte of report.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    list: Vec<Finding>,
    /// By code, in the order of their text.
    counts: std::collections::BTreeMap<&'static str, (Code, usize, Severity)>,
}

impl Findings {
    pub(crate) const MAX_PER_CODE: usize = 100;

    /// Adds the finding `make` builds, unless its code is over the cap (then it is only
    /// counted, and not built).
    pub(crate) fn add(&mut self, code: Code, severity: Severity, make: impl FnOnce() -> Finding) {
        let entry = self
            .counts
            .entry(code.as_str())
            .or_insert((code, 0, severity));
        entry.1 += 1;
        entry.2 = entry.2.max(severity);
        if entry.1 <= Self::MAX_PER_CODE {
            self.list.push(make());
        }
    }

    pub(crate) fn push(&mut self, finding: Finding) {
        self.add(finding.code, finding.severity, || finding);
    }

    pub(crate) fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        for f in findings {
            self.push(f);
        }
    }

    /// The findings, then one line for each code that went over the cap.
    pub(crate) fn into_vec(mut self) -> Vec<Finding> {
        for (code, n, severity) in self.counts.values() {
            if *n > Self::MAX_PER_CODE {
                let mut rest = Finding::new(
                    *code,
                    format!(
                        "{} more `{code}` findings not shown ({n} in all)",
                        n - Self::MAX_PER_CODE
                    ),
                )
                .severity(*severity);
                rest.help = None;
                self.list.push(rest);
            }
        }
        self.list
    }
}
