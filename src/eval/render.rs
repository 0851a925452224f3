//! `eval`'s report: the figures per fold, in total and per language against the thresholds,
//! the confusion matrices, the reliability table, and every miss with its evidence both ways.

use super::{EvalReport, Row, Scores};
use crate::check::SourceReport;
use crate::rules::Genre;
use serde_json::json;
use std::fmt::Write as _;

fn top(report: &SourceReport, genre: Genre) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    report
        .evidence
        .iter()
        .filter(|e| e.genre == genre)
        .filter(|e| {
            let new = !seen.contains(&&*e.feature);
            seen.push(&e.feature);
            new
        })
        .take(3)
        .map(|e| {
            format!(
                "{} {:+.2} (line {}: {})",
                e.feature,
                e.weight,
                e.line,
                e.text.trim()
            )
        })
        .collect()
}

const HEADER: &str =
    "          docs  requirements pass   news blocked  other blocked  macro-F1  news passed";

fn figures(out: &mut String, name: &str, s: &Scores) {
    let _ = writeln!(
        out,
        "{:<8} {:>5} {:>19} {:>14} {:>14} {:>9.3} {:>12}",
        name,
        s.count,
        pct(s.requirements_pass),
        pct(s.news_blocked),
        pct(s.other_blocked),
        s.macro_f1,
        s.news_passed
    );
}

/// The report as tables: scores, confusion, reliability, and each miss with its evidence.
pub fn render_human(report: &EvalReport) -> String {
    let mut out = String::new();
    scores(&mut out, report);
    confusion(&mut out, report);
    reliability(&mut out, report);
    let misses: Vec<&Row> = report.rows.iter().filter(|r| r.is_miss()).collect();
    let _ = writeln!(out, "\nmisses: {}", misses.len());
    for r in misses {
        miss(&mut out, r);
    }
    let _ = writeln!(
        out,
        "\n{}",
        if report.passes() {
            "eval: every threshold holds"
        } else {
            "eval: FAILED: a threshold does not hold"
        }
    );
    out
}

/// The scores per fold, overall and per language, and the thresholds they must meet.
fn scores(out: &mut String, report: &EvalReport) {
    let t = &report.thresholds;
    let _ = writeln!(out, "{} documents; {}", report.overall.count, report.method);
    let _ = writeln!(out, "{HEADER}");
    for (i, s) in report.per_fold.iter().enumerate() {
        figures(out, &format!("fold {}", i + 1), s);
    }
    figures(out, "all", &report.overall);
    for (lang, s) in &report.per_lang {
        figures(out, lang, s);
    }
    let _ = writeln!(
        out,
        "{:<8} {:>5} {:>19} {:>14} {:>14} {:>9} {:>12}",
        "needed",
        "",
        format!(">= {}", pct(t.requirements_pass)),
        format!(">= {}", pct(t.news_blocked)),
        format!(">= {}", pct(t.other_blocked)),
        format!(">= {}", t.macro_f1),
        format!("<= {}", t.max_news_passed)
    );
}

/// The confusion matrix, overall and per language.
fn confusion(out: &mut String, report: &EvalReport) {
    for (lang, s) in std::iter::once(("all".to_owned(), &report.overall))
        .chain(report.per_lang.iter().map(|(l, s)| (l.clone(), s)))
    {
        let _ = writeln!(
            out,
            "\nconfusion ({lang}): label \\ judged   requirements  news  other"
        );
        for g in Genre::ALL {
            let row = s.confusion[g.index()];
            let _ = writeln!(
                out,
                "  {:<30} {:>12} {:>5} {:>6}",
                g.as_str(),
                row[0],
                row[1],
                row[2]
            );
        }
    }
}

/// How often a call of each confidence was right, and the Brier score.
fn reliability(out: &mut String, report: &EvalReport) {
    let _ = writeln!(
        out,
        "\nreliability: confidence of the call  calls  mean confidence  right"
    );
    for b in &report.reliability {
        let _ = writeln!(
            out,
            "  {:.1}-{:.1} {:>30} {:>16.3} {:>6}",
            b.from,
            b.from + 0.1,
            b.calls,
            b.mean_confidence,
            pct(b.accuracy)
        );
    }
    let _ = writeln!(out, "Brier score: {:.4}", report.brier);
}

/// One document judged wrong: its call, the evidence both ways, what weighed most.
fn miss(out: &mut String, r: &Row) {
    let _ = writeln!(
        out,
        "  {} [{} {}]: judged {} ({:.2}), gate {}{}",
        r.file,
        r.lang,
        r.label,
        r.genre,
        r.confidence,
        r.reason.map_or("pass", |x| x.as_str()),
        r.fold
            .map_or(String::new(), |f| format!(", fold {}", f + 1))
    );
    let _ = writeln!(
        out,
        "    probabilities: requirements {:.2}, news {:.2}, other {:.2}",
        r.probabilities[0], r.probabilities[1], r.probabilities[2]
    );
    if let Some(report) = &r.report {
        for g in [r.genre, r.label] {
            for e in top(report, g) {
                let _ = writeln!(out, "    {:<13} {e}", g.as_str());
            }
        }
        // What weighed most between the call and the label, evidence or not.
        let mut weighed: Vec<(&str, f64)> = report
            .weighed
            .iter()
            .map(|w| {
                (
                    &*w.feature,
                    w.toward[r.genre.index()] - w.toward[r.label.index()],
                )
            })
            .filter(|(_, d)| d.abs() >= 0.05)
            .collect();
        weighed.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let list: Vec<String> = weighed
            .iter()
            .take(8)
            .map(|(f, d)| format!("{f} {d:+.2}"))
            .collect();
        if !list.is_empty() {
            let _ = writeln!(
                out,
                "    weighed for {} over {}: {}",
                r.genre,
                r.label,
                list.join(", ")
            );
        }
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The report as one JSON object.
pub fn render_json(report: &EvalReport) -> String {
    let scores = |s: &Scores| {
        json!({
            "documents": s.count,
            "requirements_pass": s.requirements_pass,
            "news_blocked": s.news_blocked,
            "other_blocked": s.other_blocked,
            "macro_f1": s.macro_f1,
            "news_passed": s.news_passed,
            "confusion": Genre::ALL.iter().map(|l| (l.as_str().to_owned(), json!(
                Genre::ALL.iter().map(|p| (p.as_str().to_owned(), json!(s.confusion[l.index()][p.index()])))
                    .collect::<serde_json::Map<_, _>>()
            ))).collect::<serde_json::Map<_, _>>(),
        })
    };
    let value = json!({
        "passed": report.passes(),
        "method": report.method,
        "overall": scores(&report.overall),
        "languages": report.per_lang.iter().map(|(l, s)| (l.clone(), scores(s))).collect::<serde_json::Map<_, _>>(),
        "folds": report.per_fold.iter().map(scores).collect::<Vec<_>>(),
        "brier": report.brier,
        "reliability": report.reliability.iter().map(|b| json!({
            "from": b.from, "calls": b.calls, "mean_confidence": b.mean_confidence, "accuracy": b.accuracy,
        })).collect::<Vec<_>>(),
        "documents": report.rows.iter().map(|r| json!({
            "file": r.file,
            "label": r.label.as_str(),
            "lang": r.lang,
            "genre": r.genre.as_str(),
            "confidence": r.confidence,
            "probabilities": {
                "requirements": r.probabilities[0],
                "news": r.probabilities[1],
                "other": r.probabilities[2],
            },
            "fold": r.fold.map(|f| f + 1),
            "verdict": r.verdict,
            "reason": r.reason.map(|x| x.as_str()),
            "miss": r.is_miss(),
            "evidence": Genre::ALL.iter().map(|g| (g.as_str().to_owned(),
                json!(r.report.as_ref().map(|rep| top(rep, *g)).unwrap_or_default())))
                .collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
