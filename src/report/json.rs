//! `--format json`: the contract pipelines read (field names are fixed by the gate issue and
//! documented in docs/json-output.md).

use crate::error::IntakeError;
use crate::outcome::{Finding, Outcome};
use serde_json::{json, Value};

pub fn render(outcome: &Outcome) -> String {
    let sources: Vec<Value> = outcome
        .sources
        .iter()
        .map(|s| {
            json!({
                "path": s.path,
                "genre": s.genre.as_str(),
                "confidence": s.confidence,
                "background": s.background,
                "language": s.language,
                "encoding": s.encoding,
                "sections": s.sections.iter().map(|c| json!({
                    "title": c.title,
                    "line": c.line,
                    "genre": c.genre.as_str(),
                    "confidence": c.confidence,
                })).collect::<Vec<_>>(),
                "evidence": s.evidence.iter().map(|e| json!({
                    "rule": e.rule,
                    "genre": e.genre.as_str(),
                    "line": e.line,
                    "column": e.column,
                    "offset": e.offset,
                    "length": e.length,
                    "text": e.text,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({
        "verdict": outcome.verdict,
        "reason": outcome.reason.map(|r| r.as_str()),
        "summary": outcome.summary(),
        "sources": sources,
        "diagnostics": outcome.diagnostics.iter().map(finding).collect::<Vec<_>>(),
    });
    to_line(&value)
}

fn finding(f: &Finding) -> Value {
    json!({
        "code": f.code,
        "severity": f.severity.as_str(),
        "message": f.message,
        "path": f.path,
        "line": f.line,
        "column": f.column,
    })
}

/// The object printed when the run could not reach a verdict (exit code 2).
pub fn render_error(error: &IntakeError) -> String {
    let mut diagnostics = Vec::new();
    if let IntakeError::Rules { errors, .. } = error {
        for e in errors {
            diagnostics.push(json!({
                "code": "intake::rules::invalid",
                "severity": "error",
                "message": e.message,
                "path": e.path,
                "line": e.line,
                "column": e.column,
            }));
        }
    } else {
        diagnostics.push(json!({
            "code": error.code(),
            "severity": "error",
            "message": error.to_string(),
            "path": Value::Null,
            "line": Value::Null,
            "column": Value::Null,
        }));
    }
    to_line(&json!({
        "verdict": "error",
        "reason": Value::Null,
        "sources": [],
        "diagnostics": diagnostics,
    }))
}

fn to_line(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}
