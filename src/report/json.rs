//! `--format json`: the contract pipelines read (field names are fixed by the gate issue and
//! documented in docs/json-output.md). Written straight to the output, so a run over thousands
//! of sources never holds its JSON in memory.

use super::json_writer;
use crate::check::{Evidence, Finding, Outcome, SourceReport};
use crate::error::IntakeError;
use crate::judge::SectionCall;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct JsonOutcome<'a> {
    verdict: &'a str,
    reason: Option<&'a str>,
    summary: String,
    sources: Vec<JsonSource<'a>>,
    requirements: Vec<JsonStatement<'a>>,
    /// Present, and true, when `requirements` does not hold every statement.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    requirements_truncated: bool,
    diagnostics: Vec<JsonFinding<'a>>,
}

/// One statement of the requirement inventory (docs/inventory.schema.json).
#[derive(Serialize)]
pub(super) struct JsonStatement<'a> {
    pub(super) id: &'a str,
    pub(super) kind: &'a str,
    pub(super) modality: &'a str,
    pub(super) subject: Option<&'a str>,
    pub(super) text: &'a str,
    pub(super) path: &'a str,
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) end_line: usize,
    pub(super) end_column: usize,
    pub(super) section: &'a [String],
}

/// The statements of every source, in INDEX.md order (those the run kept).
pub(super) fn statements(outcome: &Outcome) -> Vec<JsonStatement<'_>> {
    outcome
        .sources
        .iter()
        .flat_map(|s| s.statements.iter().map(move |st| statement(&s.path, st)))
        .collect()
}

fn statement<'a>(path: &'a str, s: &'a crate::inventory::Statement) -> JsonStatement<'a> {
    JsonStatement {
        id: &s.id,
        kind: s.kind.as_str(),
        modality: s.modality.as_str(),
        subject: s.subject.as_deref(),
        text: &s.text,
        path,
        line: s.line,
        column: s.column,
        end_line: s.end_line,
        end_column: s.end_column,
        section: &s.section,
    }
}

#[derive(Serialize)]
struct JsonSource<'a> {
    path: &'a str,
    genre: &'a str,
    confidence: f64,
    probabilities: JsonProbabilities,
    background: bool,
    language: &'a str,
    encoding: &'a str,
    format: &'a str,
    sections: Vec<JsonSection<'a>>,
    evidence: Vec<JsonEvidence<'a>>,
}

#[derive(Serialize)]
struct JsonProbabilities {
    requirements: f64,
    news: f64,
    other: f64,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    title: &'a str,
    line: usize,
    genre: &'a str,
    confidence: f64,
}

#[derive(Serialize)]
struct JsonEvidence<'a> {
    rule: Option<&'a str>,
    feature: &'a str,
    genre: &'a str,
    weight: f64,
    line: usize,
    column: usize,
    offset: usize,
    length: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<JsonOrigin<'a>>,
}

/// Where evidence stands in the original document; only the fields that apply.
#[derive(Serialize)]
pub(super) struct JsonOrigin<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    heading_path: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chapter: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    path: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
}

fn source(s: &SourceReport) -> JsonSource<'_> {
    JsonSource {
        path: &s.path,
        genre: s.genre.as_str(),
        confidence: s.confidence,
        probabilities: JsonProbabilities {
            requirements: s.probabilities[0],
            news: s.probabilities[1],
            other: s.probabilities[2],
        },
        background: s.background,
        language: s.language,
        encoding: s.encoding,
        format: s.format.as_str(),
        sections: s.sections.iter().map(section).collect(),
        evidence: s.evidence.iter().map(evidence).collect(),
    }
}

fn section(c: &SectionCall) -> JsonSection<'_> {
    JsonSection {
        title: &c.title,
        line: c.line,
        genre: c.genre.as_str(),
        confidence: c.confidence,
    }
}

fn evidence(e: &Evidence) -> JsonEvidence<'_> {
    JsonEvidence {
        rule: e.rule.as_deref(),
        feature: &e.feature,
        genre: e.genre.as_str(),
        weight: e.weight,
        line: e.line,
        column: e.column,
        offset: e.offset,
        length: e.length,
        text: &e.text,
        origin: e.origin.as_deref().map(origin),
    }
}

/// An origin as JSON (SARIF puts the same object in a result's properties).
pub(super) fn origin(o: &crate::check::Origin) -> JsonOrigin<'_> {
    JsonOrigin {
        page: o.page,
        paragraph: o.paragraph,
        heading_path: o.heading_path.as_deref(),
        sheet: o.sheet.as_deref(),
        row: o.row,
        column: o.column.as_deref(),
        chapter: o.chapter,
        line: o.line,
    }
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        code: f.code.as_str(),
        severity: f.severity.as_str(),
        message: &f.message,
        path: f.path.as_deref(),
        line: f.line,
        column: f.column,
    }
}

/// Sources rendered at a time: in parallel, then written in order (a bounded batch keeps a
/// run over thousands of sources from holding all its JSON in memory).
const SOURCES_PER_BATCH: usize = 256;

/// Writes the outcome as one JSON object followed by a newline. Sources and requirement
/// statements, the bulk of it, are written a batch at a time into the arrays the rest of the
/// object leaves empty.
pub fn write(outcome: &Outcome, out: &mut dyn Write) -> std::io::Result<()> {
    let frame = serde_json::to_string_pretty(&outcome_value(outcome, false, None))?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    // Strings are escaped, so each empty array occurs once, as its field.
    const SOURCES: &str = "\"sources\": []";
    const REQUIREMENTS: &str = "\"requirements\": []";
    match (frame.find(SOURCES), frame.find(REQUIREMENTS)) {
        (Some(at), Some(req)) if at < req => {
            buffered.write_all(&frame.as_bytes()[..at])?;
            write_sources(&mut buffered, &outcome.sources)?;
            buffered.write_all(&frame.as_bytes()[at + SOURCES.len()..req])?;
            write_requirements(&mut buffered, outcome)?;
            buffered.write_all(&frame.as_bytes()[req + REQUIREMENTS.len()..])?;
        }
        // Not met (the frame has its empty arrays), but then the whole object the plain way.
        _ => {
            let listed = listed_statements(outcome);
            let whole = outcome_value(outcome, true, Some(&listed));
            serde_json::to_writer_pretty(&mut buffered, &whole)?;
        }
    }
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// The `requirements` field with its array, each statement written as it is listed, then
/// `requirements_truncated` when not every statement is.
fn write_requirements(out: &mut impl Write, outcome: &Outcome) -> std::io::Result<()> {
    out.write_all(b"\"requirements\": [")?;
    let mut first = true;
    let all = for_each_listed(outcome, |path, s| {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        // At its nesting in the array: each line of the pretty object indented twice.
        let object = serde_json::to_string_pretty(&statement(path, s))?;
        for (i, line) in object.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(&b"    "[..2 * SOURCE_LEVEL])?;
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    })?;
    out.write_all(if first { b"]" } else { b"\n  ]" })?;
    if !all {
        out.write_all(b",\n  \"requirements_truncated\": true")?;
    }
    Ok(())
}

/// Sources read again at a time for their statements: few, as each may hold hundreds.
const SOURCES_PER_REREAD: usize = 16;

/// Statements a `check` report lists at most when it reads its sources again for them, as
/// many as the report page's table shows: a project's seeds rarely hold more, and a run over
/// thousands of sources would spend more on listing than on judging (`intake-lint inventory`
/// lists them all).
pub const REQUIREMENTS_LISTED: usize = 2_000;

/// Statements a report lists, each with the path of its source, and whether they are all.
pub(crate) type Listed<'a> = (Vec<(&'a str, crate::inventory::Statement)>, bool);

/// The statements a report lists (see `for_each_listed`), held.
pub(crate) fn listed_statements(outcome: &Outcome) -> Listed<'_> {
    let mut listed = Vec::new();
    let all = for_each_listed(outcome, |path, s| {
        listed.push((path, s.clone()));
        Ok(())
    });
    // Nothing above fails: only a writer handed in can.
    (listed, all.unwrap_or(false))
}

/// Hands `f` the statements a report lists, in INDEX.md order, each with the path of its
/// source: those the run kept, else those read again from the sources, a few at a time, at
/// most `REQUIREMENTS_LISTED`. Says whether that was all of them.
fn for_each_listed<'a>(
    outcome: &'a Outcome,
    mut f: impl FnMut(&'a str, &crate::inventory::Statement) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    use rayon::prelude::*;
    let mut listed = 0;
    let mut all = true;
    for batch in outcome.sources.chunks(SOURCES_PER_REREAD) {
        let room = REQUIREMENTS_LISTED - listed;
        if room == 0 {
            all &= !batch
                .iter()
                .any(|s| crate::check::may_list(s) || !s.statements.is_empty());
            continue;
        }
        let found: Vec<_> = batch
            .par_iter()
            .map(|source| outcome.statements_of(source, room))
            .collect();
        for (source, (statements, complete)) in batch.iter().zip(found) {
            let room = REQUIREMENTS_LISTED - listed;
            // Kept statements are not limited as they are found: the budget cuts them here.
            all &= complete && statements.len() <= room;
            for s in statements.iter().take(room) {
                f(&source.path, s)?;
                listed += 1;
            }
        }
    }
    Ok(all)
}

/// Nesting of a source object: in the `sources` array of the top-level object.
const SOURCE_LEVEL: usize = 2;

/// Sources written into one buffer by one task.
const SOURCES_PER_TASK: usize = 8;

/// The `sources` field with its array, written in parallel batches.
fn write_sources(out: &mut impl Write, sources: &[SourceReport]) -> std::io::Result<()> {
    use rayon::prelude::*;
    if sources.is_empty() {
        return out.write_all(b"\"sources\": []");
    }
    out.write_all(b"\"sources\": [")?;
    for (k, batch) in sources.chunks(SOURCES_PER_BATCH).enumerate() {
        let rendered: Vec<Vec<u8>> = batch
            .par_chunks(SOURCES_PER_TASK)
            .enumerate()
            .map(|(t, task)| {
                // Sized from the sources' sections and evidence, so that it is not copied as
                // it grows (a source object is a few hundred bytes plus ~110 a section and
                // ~260 an evidence item, at the usual nesting).
                let estimate: usize = task
                    .iter()
                    .map(|s| 512 + s.path.len() + 128 * s.sections.len() + 320 * s.evidence.len())
                    .sum();
                let mut buffer = Vec::with_capacity(estimate);
                for (i, s) in task.iter().enumerate() {
                    let first = k == 0 && t == 0 && i == 0;
                    buffer.extend_from_slice(if first { b"\n" } else { b",\n" });
                    buffer.resize(buffer.len() + 2 * SOURCE_LEVEL, b' ');
                    json_writer::write_source(&mut buffer, s, SOURCE_LEVEL);
                }
                buffer
            })
            .collect();
        for buffer in rendered {
            out.write_all(&buffer)?;
        }
    }
    out.write_all(b"\n  ]")
}

/// The outcome as the JSON object's fields, its sources left out unless `with_sources` and its
/// statements unless `listed` gives them.
fn outcome_value<'a>(
    outcome: &'a Outcome,
    with_sources: bool,
    listed: Option<&'a Listed<'a>>,
) -> JsonOutcome<'a> {
    JsonOutcome {
        verdict: match outcome.verdict {
            crate::check::Verdict::Pass => "pass",
            crate::check::Verdict::Blocked => "blocked",
        },
        reason: outcome.reason.map(|r| r.as_str()),
        summary: outcome.summary(),
        sources: match with_sources {
            true => outcome.sources.iter().map(source).collect(),
            false => Vec::new(),
        },
        requirements: listed.map_or_else(Vec::new, |(listed, _)| {
            listed.iter().map(|(path, s)| statement(path, s)).collect()
        }),
        requirements_truncated: listed.is_some_and(|(_, all)| !all),
        diagnostics: outcome.diagnostics.iter().map(finding).collect(),
    }
}

/// The object printed when the run could not reach a verdict (exit code 2).
pub fn render_error(error: &IntakeError) -> String {
    let mut diagnostics = Vec::new();
    let message = error.to_string();
    let located = error.located();
    if !located.is_empty() {
        for e in located {
            diagnostics.push(JsonFinding {
                code: e.code.as_str(),
                severity: "error",
                message: &e.message,
                path: Some(&e.path),
                line: Some(e.line),
                column: Some(e.column),
            });
        }
    } else {
        diagnostics.push(JsonFinding {
            code: error.code().as_str(),
            severity: "error",
            message: &message,
            path: None,
            line: None,
            column: None,
        });
    }
    let value = JsonOutcome {
        verdict: "error",
        reason: None,
        summary: message.clone(),
        sources: Vec::new(),
        requirements: Vec::new(),
        requirements_truncated: false,
        diagnostics,
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings that need escaping, floats that are not finite, empty and long arrays: the
    /// hand-written source objects are what serde_json's pretty printer writes, at any depth.
    #[test]
    fn sources_are_written_as_serde_json_writes_them() {
        use crate::check::Evidence;
        use crate::judge::SectionCall;
        use crate::rules::Genre;
        let section = |i: usize| SectionCall {
            title: format!("Ti\"tle\\ {i}\t\u{1} 需求").into(),
            line: i,
            genre: Genre::Other,
            confidence: if i == 3 {
                f64::NAN
            } else {
                1.0 / (i as f64 + 3.0)
            },
            probabilities: [0.25, 0.5, 0.25],
        };
        let evidence = Evidence {
            rule: Some("news.zh.byline".into()),
            feature: "rule:news.zh.byline".into(),
            genre: Genre::News,
            label: "byline".into(),
            weight: 2.0,
            line: 7,
            column: 3,
            offset: 120,
            length: 12,
            text: "（记者 \"王五\"）\n".to_owned(),
            top: true,
            excerpt: None,
            origin: None,
        };
        let word = Evidence {
            rule: None,
            feature: "word:记者".into(),
            weight: 0.125,
            origin: Some(Box::new(crate::check::Origin {
                page: Some(3),
                heading_path: Some(vec!["1 Scope".to_owned(), "\"Users\"".to_owned()].into()),
                sheet: Some("Backlog".into()),
                row: Some(7),
                column: Some("AB".into()),
                ..Default::default()
            })),
            ..evidence.clone()
        };
        let located = Evidence {
            origin: Some(Box::new(crate::check::Origin::default())),
            ..evidence.clone()
        };
        for (sections, evidence) in [
            (0, vec![]),
            (5, vec![evidence.clone(), word, located]),
            (2500, vec![evidence]),
        ] {
            let report = SourceReport {
                path: "seeds/a \"b\".md".to_owned(),
                genre: Genre::News,
                confidence: 0.75,
                probabilities: [0.1, 0.75, 0.15],
                background: sections == 5,
                encoding: "UTF-8",
                format: crate::input::formats::SourceFormat::Docx,
                language: "zh",
                sections: (0..sections).map(section).collect(),
                evidence,
                weighed: Vec::new(),
                statements: Vec::new(),
            };
            for level in [0, 2] {
                let mut written = Vec::new();
                json_writer::write_source(&mut written, &report, level);
                let pretty = serde_json::to_string_pretty(&source(&report)).unwrap();
                let expected = pretty.replace('\n', &format!("\n{}", " ".repeat(2 * level)));
                assert_eq!(String::from_utf8(written).unwrap(), expected);
            }
        }
    }

    /// The parallel rendering writes the same bytes as serialising the whole object at once.
    #[test]
    fn sources_spliced_in_are_the_plain_serialisation() {
        let rules = crate::engine::load_ruleset(&[] as &[std::path::PathBuf]).unwrap();
        let cases = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
        for name in ["mixed", "spec-with-clipping", "empty-index", "unlinked"] {
            let seeds = cases.join(name).join("seeds");
            let write_out = |outcome: &Outcome| {
                let mut spliced = Vec::new();
                write(outcome, &mut spliced).unwrap();
                String::from_utf8(spliced).unwrap()
            };
            // With the statements kept by the run: spliced as serde writes the whole.
            let mut options = crate::check::CheckOptions::default();
            options.detail.statements = true;
            let kept = crate::check::check(&seeds, &rules, &options).unwrap();
            let listed = listed_statements(&kept);
            let whole = outcome_value(&kept, true, Some(&listed));
            let mut plain = serde_json::to_vec_pretty(&whole).unwrap();
            plain.push(b'\n');
            assert_eq!(write_out(&kept), String::from_utf8(plain).unwrap());
            // Without: the statements read again are the same.
            let options = crate::check::CheckOptions::default();
            let read_again = crate::check::check(&seeds, &rules, &options).unwrap();
            assert!(read_again.files.is_some());
            assert_eq!(write_out(&read_again), write_out(&kept), "{name}");
        }
    }
}
