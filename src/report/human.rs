//! The human report: miette diagnostics at 80 columns, with or without colour.
//!
//! Sources can be huge, so the report never holds their text: each labelled span comes with a
//! clipped excerpt of its line (`Excerpt`), and `Excerpts` serves those lines to miette with
//! their real line numbers and character columns.

use crate::check::{Evidence, Excerpt, Finding, Outcome, SourceReport};
use crate::check::{Reason, Verdict};
use crate::codes::{Code, Severity};
use crate::judge::SectionCall;
use crate::rules::Genre;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt::{self, Write as _};

/// Width of the report, in columns.
pub const REPORT_WIDTH: usize = 80;
/// Most labelled spans shown per source.
const LABELS_PER_SOURCE: usize = 4;

/// How the human report looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour and Unicode frames.
    pub color: bool,
    /// Per-section calls and the features that weighed most.
    pub verbose: bool,
    /// The verdict line only.
    pub quiet: bool,
}

/// One excerpted line inside the synthetic text given to miette.
#[derive(Debug, Clone)]
struct Chunk {
    line: usize,
    /// Character column (0-based) in the real line of the chunk's first character.
    col_base: isize,
    offset: usize,
    text: String,
}

/// Excerpted lines of one file, served to miette as if they were the file.
#[derive(Debug, Clone, Default)]
struct Excerpts {
    name: String,
    chunks: Vec<Chunk>,
    next: usize,
}

impl Excerpts {
    fn new(name: &str) -> Self {
        Excerpts {
            name: name.to_owned(),
            ..Default::default()
        }
    }

    /// Adds the span of `excerpt` (starting at real character column `column`, 1-based);
    /// returns its synthetic span, or None when its line is shown already and the span falls
    /// outside the part shown.
    fn add(&mut self, excerpt: &Excerpt, column: usize) -> Option<SourceSpan> {
        let col_base = column as isize - 1 - excerpt.text[..excerpt.start].chars().count() as isize;
        if let Some(chunk) = self.chunks.iter().find(|c| c.line == excerpt.line) {
            // Same line: place the span by its character column within the chunk shown.
            let want = column as isize - 1 - chunk.col_base;
            let (byte, _) = chunk.text.char_indices().nth(usize::try_from(want).ok()?)?;
            let span_text = &excerpt.text[excerpt.start..excerpt.start + excerpt.len];
            if chunk.text[byte..].starts_with(span_text) {
                return Some((chunk.offset + byte, excerpt.len).into());
            }
            return None;
        }
        let chunk = Chunk {
            line: excerpt.line,
            col_base,
            offset: self.next,
            text: excerpt.text.clone(),
        };
        let span = (chunk.offset + excerpt.start, excerpt.len).into();
        self.next += chunk.text.len() + 1;
        self.chunks.push(chunk);
        Some(span)
    }
}

impl SourceCode for Excerpts {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let chunk = self
            .chunks
            .iter()
            .find(|c| c.offset <= span.offset() && span.offset() <= c.offset + c.text.len())
            .ok_or(MietteError::OutOfBounds)?;
        if span.offset() + span.len() > chunk.offset + chunk.text.len() {
            // Spans across two excerpts cannot be shown as one snippet.
            return Err(MietteError::OutOfBounds);
        }
        let within = span.offset() - chunk.offset;
        let column = chunk.col_base + chunk.text[..within].chars().count() as isize;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            chunk.text.as_bytes(),
            (chunk.offset, chunk.text.len()).into(),
            chunk.line - 1,
            column.max(0) as usize,
            1,
        )))
    }
}

/// A diagnostic assembled at run time.
#[derive(Debug)]
struct Report {
    code: String,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Option<Excerpts>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    fn new(code: &str, severity: miette::Severity, message: String) -> Self {
        Report {
            code: code.to_owned(),
            severity,
            message,
            help: None,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Advice => miette::Severity::Advice,
    }
}

/// The miette handler of the reports: 80 columns, with or without colour.
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(REPORT_WIDTH)
        .with_links(false)
        .with_context_lines(1)
}

/// Renders any diagnostic (used for errors that stop a run, too).
pub fn render_diagnostic(diagnostic: &dyn Diagnostic, color: bool) -> String {
    let mut out = String::new();
    if handler(color).render_report(&mut out, diagnostic).is_err() {
        out = format!("error: {diagnostic}\n");
    }
    out
}

fn finding_report(f: &Finding) -> Report {
    let mut r = Report::new(
        f.code.as_str(),
        miette_severity(f.severity),
        f.message.clone(),
    );
    r.help = f.help.clone();
    if let (Some(path), Some(excerpt), Some(column)) = (&f.path, &f.excerpt, f.column) {
        let mut src = Excerpts::new(path);
        if let Some(span) = src.add(excerpt, column) {
            r.labels
                .push(LabeledSpan::new_with_span(f.label.clone(), span));
            r.source = Some(src);
        }
    }
    r
}

/// Labels on the strongest evidence of `genre` in one source.
fn evidence_report(source: &SourceReport, genre: Genre, code: &str, message: String) -> Report {
    let mut r = Report::new(code, miette::Severity::Error, message);
    let mut src = Excerpts::new(&source.path);
    let top: Vec<&Evidence> = source.top_evidence(genre).take(LABELS_PER_SOURCE).collect();
    for e in top {
        let Some(excerpt) = &e.excerpt else { continue };
        if let Some(span) = src.add(excerpt, e.column) {
            let label = match e.origin.as_deref().map(|o| o.place()) {
                Some(place) if !place.is_empty() => format!("{} ({place})", e.label),
                _ => e.label.to_string(),
            };
            r.labels.push(LabeledSpan::new_with_span(Some(label), span));
        }
    }
    if !r.labels.is_empty() {
        r.source = Some(src);
    }
    r
}

fn verdict_report(outcome: &Outcome) -> Report {
    let summary = outcome.summary();
    let counted: Vec<&SourceReport> = outcome.counted().collect();
    match (outcome.verdict, outcome.reason) {
        (Verdict::Pass, _) => pass_report(&counted, summary),
        (Verdict::Blocked, Some(Reason::NewsReports)) => news_report(&counted, &summary),
        (Verdict::Blocked, Some(Reason::NoRequirements)) => blocked(
            Code::BlockedNoRequirements,
            format!("intake blocked: no source carries requirements\n{summary}"),
        ),
        (Verdict::Blocked, Some(Reason::NoSources)) => blocked(
            Code::BlockedNoSources,
            "intake blocked: INDEX.md links no source document".to_owned(),
        ),
        (Verdict::Blocked, _) => {
            let n = outcome.unreadable;
            blocked(
                Code::BlockedUnreadableSources,
                format!(
                    "intake blocked: {n} linked source{} could not be read",
                    crate::check::plural(n)
                ),
            )
        }
    }
}

/// A pass, shown with the evidence of the first source that carries requirements.
fn pass_report(counted: &[&SourceReport], summary: String) -> Report {
    let first = counted.iter().find(|s| s.genre == Genre::Requirements);
    let mut r = match first {
        Some(first) => evidence_report(
            first,
            Genre::Requirements,
            Code::Pass.as_str(),
            format!("intake passed: the sources carry requirements\n{summary}"),
        ),
        None => Report::new(Code::Pass.as_str(), miette::Severity::Advice, summary),
    };
    r.severity = miette::Severity::Advice;
    r
}

/// A block for news, shown with the evidence of the first news source, each other one
/// related.
fn news_report(counted: &[&SourceReport], summary: &str) -> Report {
    let code = Code::BlockedNewsReports;
    let news: Vec<&&SourceReport> = counted.iter().filter(|s| s.genre == Genre::News).collect();
    let headline =
        format!("intake blocked: the sources are news reports, not requirements\n{summary}");
    let mut r = match news.first() {
        Some(first) => evidence_report(first, Genre::News, code.as_str(), headline),
        None => Report::new(code.as_str(), miette::Severity::Error, headline),
    };
    for s in news.iter().skip(1) {
        r.related.push(evidence_report(
            s,
            Genre::News,
            Code::SourceNews.as_str(),
            format!(
                "`{}` reads as news (confidence {:.2})",
                s.path, s.confidence
            ),
        ));
    }
    r.help = code.help().map(str::to_owned);
    r
}

/// A block without evidence to show, with the help of its code.
fn blocked(code: Code, headline: String) -> Report {
    let mut r = Report::new(code.as_str(), miette::Severity::Error, headline);
    r.help = code.help().map(str::to_owned);
    r
}

/// The whole human report of a check run.
pub fn render(outcome: &Outcome, style: Style) -> String {
    let mut out = String::new();
    if style.quiet {
        let _ = writeln!(out, "{}", verdict_line(outcome));
        return out;
    }
    for f in &outcome.diagnostics {
        out.push_str(&render_diagnostic(&finding_report(f), style.color));
    }
    if style.verbose {
        for s in &outcome.sources {
            out.push_str(&sections_table(s));
        }
    }
    out.push_str(&render_diagnostic(&verdict_report(outcome), style.color));
    out
}

/// `blocked (news-reports): 1 source, 7 sections: 7 news, 0 requirements`
pub fn verdict_line(outcome: &Outcome) -> String {
    match outcome.reason {
        Some(reason) => format!("blocked ({}): {}", reason.as_str(), outcome.summary()),
        None => format!("pass: {}", outcome.summary()),
    }
}

/// `-v`: a source's probabilities, the features that weighed most in its call (what each
/// added to each genre's score, against the mean of the three), and its sections.
fn sections_table(source: &SourceReport) -> String {
    let p = &source.probabilities;
    let mut out = format!(
        "{}: {} (confidence {:.2}; requirements {:.2} / news {:.2} / other {:.2}; {}, {})\n",
        source.path,
        source.genre,
        source.confidence,
        p[0],
        p[1],
        p[2],
        source.language,
        match source.format {
            crate::check::SourceFormat::Text => source.encoding,
            format => format.as_str(),
        }
    );
    if !source.weighed.is_empty() {
        out.push_str("  weighed most        requirements    news   other  feature\n");
        for w in &source.weighed {
            let _ = writeln!(
                out,
                "  {:>17.3} {:>14.3} {:>7.3} {:>7.3}  {}",
                w.value, w.toward[0], w.toward[1], w.toward[2], w.feature
            );
        }
    }
    for SectionCall {
        title,
        line,
        genre,
        confidence,
        probabilities: p,
    } in &source.sections
    {
        let _ = writeln!(
            out,
            "  {line:>6}  {:<12} {confidence:.2}  req {:.2}  news {:.2}  other {:.2}  {title}",
            genre.as_str(),
            p[0],
            p[1],
            p[2],
        );
    }
    out
}
