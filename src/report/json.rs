//! `--format json`: the contract pipelines read (field names are fixed by the gate issue and
//! documented in docs/json-output.md). Written straight to the output, so a run over thousands
//! of sources never holds its JSON in memory.

use crate::error::IntakeError;
use crate::judge::SectionCall;
use crate::outcome::{Evidence, Finding, Outcome, SourceReport};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct JsonOutcome<'a> {
    verdict: &'a str,
    reason: Option<&'a str>,
    summary: String,
    sources: Vec<JsonSource<'a>>,
    diagnostics: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonSource<'a> {
    path: &'a str,
    genre: &'a str,
    confidence: f64,
    background: bool,
    language: &'a str,
    encoding: &'a str,
    sections: Vec<JsonSection<'a>>,
    evidence: Vec<JsonEvidence<'a>>,
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
    rule: &'a str,
    genre: &'a str,
    line: usize,
    column: usize,
    offset: usize,
    length: usize,
    text: &'a str,
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
        background: s.background,
        language: s.language,
        encoding: s.encoding,
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
        rule: &e.rule,
        genre: e.genre.as_str(),
        line: e.line,
        column: e.column,
        offset: e.offset,
        length: e.length,
        text: &e.text,
    }
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        code: f.code,
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

/// Indentation of a source object inside the top-level `sources` array.
const SOURCE_INDENT: &str = "    ";

/// Writes the outcome as one JSON object followed by a newline. Sources, the bulk of it, are
/// rendered in parallel batches and spliced into the array the rest of the object leaves empty.
pub fn write(outcome: &Outcome, out: &mut dyn Write) -> std::io::Result<()> {
    let frame = serde_json::to_string_pretty(&outcome_value(outcome, false))?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    // Strings are escaped, so the empty array of the `sources` field occurs once, as a field.
    const EMPTY: &str = "\"sources\": []";
    match frame.find(EMPTY) {
        Some(at) if !outcome.sources.is_empty() => {
            buffered.write_all(&frame.as_bytes()[..at])?;
            write_sources(&mut buffered, &outcome.sources)?;
            buffered.write_all(&frame.as_bytes()[at + EMPTY.len()..])?;
        }
        _ if outcome.sources.is_empty() => buffered.write_all(frame.as_bytes())?,
        // Not met (the frame has its empty array), but then the whole object the plain way.
        _ => serde_json::to_writer_pretty(&mut buffered, &outcome_value(outcome, true))?,
    }
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// The `sources` field with its array, rendered in parallel batches.
fn write_sources(out: &mut impl Write, sources: &[SourceReport]) -> std::io::Result<()> {
    use rayon::prelude::*;
    out.write_all(b"\"sources\": [")?;
    for (k, batch) in sources.chunks(SOURCES_PER_BATCH).enumerate() {
        let rendered: Vec<String> = batch
            .par_iter()
            .map(|s| {
                render_source(s, PARALLEL_SECTIONS)
                    .map(|json| json.replace('\n', &format!("\n{SOURCE_INDENT}")))
            })
            .collect::<Result<_, _>>()?;
        for (i, json) in rendered.iter().enumerate() {
            let separator = if k == 0 && i == 0 { "\n" } else { ",\n" };
            out.write_all(separator.as_bytes())?;
            out.write_all(SOURCE_INDENT.as_bytes())?;
            out.write_all(json.as_bytes())?;
        }
    }
    out.write_all(b"\n  ]")
}

/// Sections of one source beyond which they are rendered in parallel (a long file has tens of
/// thousands).
const PARALLEL_SECTIONS: usize = 1024;

/// One source as a pretty-printed object; more than `parallel` sections are rendered in
/// parallel and spliced into the array the rest of the object leaves empty.
fn render_source(s: &SourceReport, parallel: usize) -> serde_json::Result<String> {
    use rayon::prelude::*;
    let mut value = source(s);
    if s.sections.len() <= parallel {
        return serde_json::to_string_pretty(&value);
    }
    let sections = std::mem::take(&mut value.sections);
    let frame = serde_json::to_string_pretty(&value)?;
    // Strings are escaped: the empty array of the `sections` field occurs once, as a field.
    const EMPTY: &str = "\"sections\": []";
    let Some(at) = frame.find(EMPTY) else {
        return serde_json::to_string_pretty(&JsonSource { sections, ..value });
    };
    let rendered: Vec<String> = sections
        .par_iter()
        .with_min_len(256)
        .map(|c| serde_json::to_string_pretty(c).map(|json| json.replace('\n', "\n    ")))
        .collect::<Result<_, _>>()?;
    let mut out =
        String::with_capacity(frame.len() + rendered.iter().map(|r| r.len() + 6).sum::<usize>());
    out.push_str(&frame[..at]);
    out.push_str("\"sections\": [");
    for (i, json) in rendered.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(json);
    }
    out.push_str("\n  ]");
    out.push_str(&frame[at + EMPTY.len()..]);
    Ok(out)
}

/// The outcome as the JSON object's fields, its sources left out unless `with_sources`.
fn outcome_value(outcome: &Outcome, with_sources: bool) -> JsonOutcome<'_> {
    JsonOutcome {
        verdict: match outcome.verdict {
            crate::verdict::Verdict::Pass => "pass",
            crate::verdict::Verdict::Blocked => "blocked",
        },
        reason: outcome.reason.map(|r| r.as_str()),
        summary: outcome.summary(),
        sources: match with_sources {
            true => outcome.sources.iter().map(source).collect(),
            false => Vec::new(),
        },
        diagnostics: outcome.diagnostics.iter().map(finding).collect(),
    }
}

/// The object printed when the run could not reach a verdict (exit code 2).
pub fn render_error(error: &IntakeError) -> String {
    let mut diagnostics = Vec::new();
    let message = error.to_string();
    let code = error.code();
    if let IntakeError::Rules { errors, .. } | IntakeError::Config { errors, .. } = error {
        for e in errors {
            diagnostics.push(JsonFinding {
                code: e.code,
                severity: "error",
                message: &e.message,
                path: Some(&e.path),
                line: Some(e.line),
                column: Some(e.column),
            });
        }
    } else {
        diagnostics.push(JsonFinding {
            code: &code,
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
        diagnostics,
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parallel rendering writes the same bytes as serialising the whole object at once.
    #[test]
    fn sources_spliced_in_are_the_plain_serialisation() {
        let rules = crate::rules::load_ruleset(&[] as &[std::path::PathBuf]).unwrap();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in ["mixed", "spec-with-clipping", "empty-index", "unlinked"] {
            let options = crate::check::CheckOptions::default();
            let outcome = crate::check::check(&fixtures.join(name), &rules, &options).unwrap();
            let mut spliced = Vec::new();
            write(&outcome, &mut spliced).unwrap();
            let mut plain = serde_json::to_vec_pretty(&outcome_value(&outcome, true)).unwrap();
            plain.push(b'\n');
            assert_eq!(
                String::from_utf8(spliced).unwrap(),
                String::from_utf8(plain).unwrap()
            );
        }
    }
}
