//! `intake-lint inventory`: the requirement statements as Markdown (to paste into a design
//! document, grouped by source and section), JSON (docs/inventory.schema.json) or CSV (the
//! same fields as columns).

use super::json::{statements, JsonStatement};
use crate::check::{Outcome, Reason};
use serde::Serialize;
use std::fmt::Write;

/// Output formats of `inventory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
// Variants without docs: clap would show them as value help and lengthen `--help`.
#[allow(missing_docs)]
pub enum InventoryFormat {
    Markdown,
    Json,
    Csv,
}

/// Why the inventory is empty, in a sentence.
pub fn why_empty(outcome: &Outcome) -> String {
    let summary = outcome.summary();
    match outcome.reason {
        Some(Reason::NewsReports) => {
            format!("the sources are news reports, not requirements ({summary})")
        }
        Some(Reason::NoRequirements) => {
            format!("no source or section carries requirements ({summary})")
        }
        Some(Reason::UnreadableSources) => {
            format!("sources could not be read ({summary})")
        }
        Some(Reason::NoSources) => "INDEX.md links no source".to_owned(),
        None => format!("the sources pass, but no statement was found in them ({summary})"),
    }
}

/// The inventory as Markdown: a heading per source, a subheading per section, a list of
/// statements with their id, kind and modality.
pub fn render_markdown(outcome: &Outcome) -> String {
    let mut out = String::from("# Requirements inventory\n\n");
    let listed = statements(outcome);
    if listed.is_empty() {
        let _ = writeln!(out, "No requirement statements: {}.", why_empty(outcome));
        return out;
    }
    let _ = writeln!(
        out,
        "{} statements from {}.\n",
        listed.len(),
        outcome.summary()
    );
    let mut source: Option<&str> = None;
    let mut section: Option<&[String]> = None;
    for s in &listed {
        if source != Some(s.path) {
            let _ = writeln!(out, "## {}\n", s.path);
            source = Some(s.path);
            section = None;
        }
        if section != Some(s.section) {
            if section.is_some() {
                out.push('\n');
            }
            let title = if s.section.is_empty() {
                "(before any heading)".to_owned()
            } else {
                s.section.join(" › ")
            };
            let _ = writeln!(out, "### {title}\n");
            section = Some(s.section);
        }
        let subject = s
            .subject
            .map(|x| format!(", subject: {x}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- **{}** ({}, {}{subject}; line {}): {}",
            s.id,
            s.kind,
            s.modality,
            s.line,
            s.text.replace('\n', " ")
        );
    }
    out
}

#[derive(Serialize)]
struct JsonInventory<'a> {
    summary: String,
    /// Why there are none, when there are none.
    empty_because: Option<String>,
    requirements: Vec<JsonStatement<'a>>,
}

/// The inventory as one JSON object.
pub fn render_json(outcome: &Outcome) -> String {
    let requirements = statements(outcome);
    let value = JsonInventory {
        summary: outcome.summary(),
        empty_because: requirements.is_empty().then(|| why_empty(outcome)),
        requirements,
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// The inventory as CSV, a header and one row per statement (the section path joined by
/// ` > `).
pub fn render_csv(outcome: &Outcome) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "kind",
        "modality",
        "subject",
        "text",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "section",
    ];
    let _ = writer.write_record(header);
    for s in statements(outcome) {
        let numbers = [s.line, s.column, s.end_line, s.end_column].map(|n| n.to_string());
        let record = [
            s.id,
            s.kind,
            s.modality,
            s.subject.unwrap_or(""),
            s.text,
            s.path,
            &numbers[0],
            &numbers[1],
            &numbers[2],
            &numbers[3],
            &s.section.join(" > "),
        ];
        let _ = writer.write_record(record);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}
