//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Every rule that fired and every
//! diagnostic code met is described in `tool.driver.rules` (codes from `codes.rs`); evidence
//! and findings are results at their file, line and column; the verdict is a result of its own,
//! under its code, so a dashboard shows why a pipeline stopped.

use crate::check::{Evidence, Finding, Outcome, SourceReport};
use crate::check::{Reason, Verdict};
use crate::codes::{Code, Severity};
use crate::engine::RuleSet;
use crate::rules::Genre;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// Rule descriptors, in first-use order, with their index.
#[derive(Default)]
struct Descriptors {
    index: BTreeMap<String, usize>,
    list: Vec<Value>,
}

impl Descriptors {
    fn id(&mut self, id: &str, make: impl FnOnce() -> Value) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.list.len();
        self.index.insert(id.to_owned(), i);
        self.list.push(make());
        i
    }
}

fn region(line: usize, column: usize, text: Option<&str>, offset: Option<(usize, usize)>) -> Value {
    let mut r = json!({ "startLine": line, "startColumn": column });
    if let Some(t) = text.filter(|t| !t.contains('\n')) {
        r["endLine"] = json!(line);
        r["endColumn"] = json!(column + t.chars().count());
        r["snippet"] = json!({ "text": t });
    }
    if let Some((offset, length)) = offset {
        r["byteOffset"] = json!(offset);
        r["byteLength"] = json!(length);
    }
    r
}

fn location(path: &str, region: Option<Value>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": path.replace('\\', "/") } });
    if let Some(r) = region {
        physical["region"] = r;
    }
    json!({ "physicalLocation": physical })
}

/// The descriptor of a diagnostic code: its description and help from the list of codes.
fn code_descriptor(code: Code) -> Value {
    let id = code.as_str();
    json!({
        "id": id,
        "name": id.rsplit("::").next().unwrap_or(id),
        "shortDescription": { "text": id },
        "fullDescription": { "text": code.description() },
        "help": { "text": code.help().unwrap_or(code.description()) },
        "defaultConfiguration": { "level": level(code.severity()) },
    })
}

fn finding_result(f: &Finding, descriptors: &mut Descriptors) -> Value {
    let index = descriptors.id(f.code.as_str(), || code_descriptor(f.code));
    let mut result = json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": index,
        "level": level(f.severity),
        "message": { "text": f.message },
    });
    if let Some(path) = &f.path {
        let r = match (f.line, f.column) {
            (Some(line), Some(column)) => Some(region(line, column, None, None)),
            _ => None,
        };
        result["locations"] = json!([location(path, r)]);
    }
    result
}

/// The descriptor of an evidence item's feature: its rule, or a word the model weighs.
fn describe(e: &crate::check::Evidence, rules: &RuleSet) -> Value {
    match e.rule.as_deref().and_then(|id| rules.find(id)) {
        Some(rule) => json!({
            "id": &*rule.id,
            "name": rule.id.rsplit('.').next().unwrap_or(&rule.id),
            "shortDescription": { "text": rule.title },
            "fullDescription": { "text": rule.description.trim() },
            "help": { "text": format!("Evidence for {}: {}", rule.genre, rule.label) },
            "defaultConfiguration": { "level": "note" },
            "properties": {
                "genre": rule.genre.as_str(),
                "weight": rule.weight,
                "languages": rule.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            },
        }),
        None => json!({
            "id": &*e.feature,
            "name": e.feature.split(':').next().unwrap_or("feature"),
            "shortDescription": { "text": format!("A {} the model learned to weigh", e.label) },
            "fullDescription": { "text": "A word at the start of a text or in its headings, \
                weighed by the model fitted to labelled documents (`intake-lint train`)." },
            "help": { "text": format!("Evidence for {}: {}", e.genre, e.label) },
            "defaultConfiguration": { "level": "note" },
            "properties": { "genre": e.genre.as_str() },
        }),
    }
}

/// The verdict as a result, pointed at the source that decided it.
fn verdict_result(outcome: &Outcome, descriptors: &mut Descriptors) -> Value {
    let verdict_code = outcome.reason.map_or(Code::Pass, Reason::code);
    let verdict_index = descriptors.id(verdict_code.as_str(), || code_descriptor(verdict_code));
    let (verdict_level, verdict_text) = match (outcome.verdict, outcome.reason) {
        (Verdict::Pass, _) => ("note", format!("intake passed: {}", outcome.summary())),
        (Verdict::Blocked, Some(r)) => (
            "error",
            format!("intake blocked ({}): {}", r.as_str(), outcome.summary()),
        ),
        (Verdict::Blocked, None) => ("error", format!("intake blocked: {}", outcome.summary())),
    };
    let mut verdict = json!({
        "ruleId": verdict_code.as_str(),
        "ruleIndex": verdict_index,
        "level": verdict_level,
        "message": { "text": verdict_text },
        "properties": {
            "verdict": if outcome.verdict == Verdict::Pass { "pass" } else { "blocked" },
            "reason": outcome.reason.map(|r| r.as_str()),
        },
    });
    let deciding_genre = match (outcome.verdict, outcome.reason) {
        (Verdict::Pass, _) => Some(Genre::Requirements),
        (_, Some(Reason::NewsReports)) => Some(Genre::News),
        _ => None,
    };
    let decisive = outcome
        .counted()
        .find(|s| Some(s.genre) == deciding_genre)
        .or_else(|| outcome.counted().next());
    if let Some(s) = decisive {
        let r = s
            .evidence
            .iter()
            .find(|e| e.top && e.genre == s.genre)
            .map(|e| region(e.line, e.column, Some(&e.text), Some((e.offset, e.length))));
        verdict["locations"] = json!([location(&s.path, r)]);
    }
    verdict
}

/// One item of evidence as a note: a rule's id, as dashboards know it; a word by its feature
/// name.
fn evidence_result(
    s: &SourceReport,
    e: &Evidence,
    rules: &RuleSet,
    descriptors: &mut Descriptors,
) -> Value {
    let id = e.rule.as_deref().unwrap_or(&e.feature);
    let index = descriptors.id(id, || describe(e, rules));
    let at = region(e.line, e.column, Some(&e.text), Some((e.offset, e.length)));
    let mut result = json!({
        "ruleId": id,
        "ruleIndex": index,
        "level": "note",
        "message": { "text": format!("{} evidence ({}): {}", e.genre, e.label, e.text) },
        "locations": [location(&s.path, Some(at))],
        "properties": {
            "sourceGenre": s.genre.as_str(),
            "sourceConfidence": s.confidence,
            "weight": e.weight,
        },
    });
    // The region is in the extracted text; where that came from in the original goes here.
    if let Some(origin) = &e.origin {
        result["properties"]["origin"] = json!(super::json::origin(origin));
    }
    result
}

/// Writes the outcome as one SARIF 2.1.0 log.
pub fn write(outcome: &Outcome, rules: &RuleSet, out: &mut dyn Write) -> std::io::Result<()> {
    let mut descriptors = Descriptors::default();
    // The verdict first: it is why the pipeline stopped (or went on).
    let mut results = vec![verdict_result(outcome, &mut descriptors)];
    for f in &outcome.diagnostics {
        results.push(finding_result(f, &mut descriptors));
    }
    for s in &outcome.sources {
        for e in &s.evidence {
            results.push(evidence_result(s, e, rules, &mut descriptors));
        }
    }

    let value = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "intake-lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors.list,
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [{ "executionSuccessful": true }],
            "results": results,
        }],
    });
    let mut buffered = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut buffered, &value)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}
