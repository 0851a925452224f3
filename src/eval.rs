//! `eval CORPUS`: the judgement of `check` on every labelled document as if it were the only
//! source, scored against the labels: gate outcomes, confusion per language, macro-F1, misses.

use crate::check::judge_source;
use crate::error::IntakeError;
use crate::judge::Weighing;
use crate::outcome::SourceReport;
use crate::rules::{Genre, RuleSet};
use crate::verdict::{self, Counted, Reason, Verdict};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub requirements_pass: f64,
    pub news_blocked: f64,
    pub other_blocked: f64,
    pub macro_f1: f64,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub file: String,
    pub label: Genre,
    pub lang: String,
    pub report: SourceReport,
    pub verdict: Verdict,
    pub reason: Option<Reason>,
}

impl Row {
    /// The gate did what the label asks for.
    pub fn gate_ok(&self) -> bool {
        match self.label {
            Genre::Requirements => self.verdict == Verdict::Pass,
            Genre::News => self.reason == Some(Reason::NewsReports),
            Genre::Other => self.verdict == Verdict::Blocked,
        }
    }

    pub fn is_miss(&self) -> bool {
        !self.gate_ok() || self.report.genre != self.label
    }
}

#[derive(Debug, Clone)]
pub struct Scores {
    pub requirements_pass: f64,
    pub news_blocked: f64,
    pub other_blocked: f64,
    pub macro_f1: f64,
    /// confusion[label][predicted]
    pub confusion: [[usize; 3]; 3],
    pub count: usize,
}

#[derive(Debug, Clone)]
pub struct EvalReport {
    pub rows: Vec<Row>,
    pub overall: Scores,
    pub per_lang: BTreeMap<String, Scores>,
    pub thresholds: Thresholds,
}

impl EvalReport {
    pub fn passes(&self) -> bool {
        std::iter::once(&self.overall)
            .chain(self.per_lang.values())
            .all(|s| self.holds(s))
    }

    fn holds(&self, s: &Scores) -> bool {
        let t = &self.thresholds;
        s.requirements_pass >= t.requirements_pass
            && s.news_blocked >= t.news_blocked
            && s.other_blocked >= t.other_blocked
            && s.macro_f1 >= t.macro_f1
    }
}

fn parse_label(s: &str) -> Option<Genre> {
    match s {
        "requirements" => Some(Genre::Requirements),
        "news" => Some(Genre::News),
        "other" => Some(Genre::Other),
        _ => None,
    }
}

pub fn eval(
    corpus: &Path,
    rules: &RuleSet,
    weighing: &Weighing,
    thresholds: Thresholds,
) -> Result<EvalReport, IntakeError> {
    let labels_path = corpus.join("labels.tsv");
    let labels = std::fs::read_to_string(&labels_path).map_err(|e| {
        IntakeError::Corpus(format!("cannot read `{}`: {e}", labels_path.display()))
    })?;
    let mut lines = labels.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| {
            IntakeError::Corpus(format!(
                "`{}` has no `{name}` column (needs file, label, lang)",
                labels_path.display()
            ))
        })
    };
    let (file_col, label_col, lang_col) = (col("file")?, col("label")?, col("lang")?);
    let mut rows = Vec::new();
    for (n, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| fields.get(i).copied().unwrap_or("");
        let file = get(file_col).to_owned();
        let label = parse_label(get(label_col)).ok_or_else(|| {
            IntakeError::Corpus(format!(
                "{}:{}: label `{}` is not requirements, news or other",
                labels_path.display(),
                n + 2,
                get(label_col)
            ))
        })?;
        let path = corpus.join(&file);
        if !path.starts_with(corpus) || file.split('/').any(|p| p == "..") {
            return Err(IntakeError::Corpus(format!(
                "{}:{}: `{file}` leaves the corpus folder",
                labels_path.display(),
                n + 2
            )));
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| IntakeError::Corpus(format!("cannot read `{}`: {e}", path.display())))?;
        let decoded = crate::sources::decode(bytes)
            .map_err(|p| IntakeError::Corpus(p.describe(&path.display().to_string())))?;
        let (report, _) = judge_source(rules, &file, &decoded, weighing, false, false);
        let (verdict, reason) = verdict::decide(
            false,
            &[Counted {
                genre: report.genre,
                background: false,
            }],
        );
        rows.push(Row {
            file,
            label,
            lang: get(lang_col).to_owned(),
            report,
            verdict,
            reason,
        });
    }
    if rows.is_empty() {
        return Err(IntakeError::Corpus(format!(
            "`{}` lists no documents",
            labels_path.display()
        )));
    }
    let overall = score(rows.iter());
    let mut langs: Vec<String> = rows.iter().map(|r| r.lang.clone()).collect();
    langs.sort();
    langs.dedup();
    let per_lang = langs
        .into_iter()
        .map(|l| {
            let s = score(rows.iter().filter(|r| r.lang == l));
            (l, s)
        })
        .collect();
    Ok(EvalReport {
        rows,
        overall,
        per_lang,
        thresholds,
    })
}

fn score<'a>(rows: impl Iterator<Item = &'a Row>) -> Scores {
    let mut confusion = [[0usize; 3]; 3];
    let mut gate = [(0usize, 0usize); 3];
    let mut count = 0;
    for r in rows {
        count += 1;
        confusion[r.label.index()][r.report.genre.index()] += 1;
        let g = &mut gate[r.label.index()];
        g.1 += 1;
        if r.gate_ok() {
            g.0 += 1;
        }
    }
    let share = |(ok, n): (usize, usize)| if n == 0 { 1.0 } else { ok as f64 / n as f64 };
    let mut f1s = Vec::new();
    for (g, row) in confusion.iter().enumerate() {
        let support: usize = row.iter().sum();
        let predicted: usize = confusion.iter().map(|r| r[g]).sum();
        if support == 0 && predicted == 0 {
            continue;
        }
        let tp = row[g] as f64;
        let precision = if predicted == 0 {
            0.0
        } else {
            tp / predicted as f64
        };
        let recall = if support == 0 {
            0.0
        } else {
            tp / support as f64
        };
        f1s.push(if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        });
    }
    Scores {
        requirements_pass: share(gate[0]),
        news_blocked: share(gate[1]),
        other_blocked: share(gate[2]),
        macro_f1: if f1s.is_empty() {
            1.0
        } else {
            f1s.iter().sum::<f64>() / f1s.len() as f64
        },
        confusion,
        count,
    }
}

fn top(report: &SourceReport, genre: Genre) -> Vec<String> {
    report
        .top_evidence(genre)
        .take(3)
        .map(|e| format!("{} (line {}: {})", e.rule, e.line, e.text.trim()))
        .collect()
}

pub fn render_human(report: &EvalReport) -> String {
    let mut out = String::new();
    let t = &report.thresholds;
    let _ = writeln!(out, "{} documents", report.overall.count);
    let _ = writeln!(
        out,
        "{:<8} {:>6} {:>18} {:>14} {:>14} {:>9}",
        "", "docs", "requirements pass", "news blocked", "other blocked", "macro-F1"
    );
    let mut line = |name: &str, s: &Scores| {
        let _ = writeln!(
            out,
            "{:<8} {:>6} {:>18} {:>14} {:>14} {:>9.3}",
            name,
            s.count,
            pct(s.requirements_pass),
            pct(s.news_blocked),
            pct(s.other_blocked),
            s.macro_f1
        );
    };
    line("all", &report.overall);
    for (lang, s) in &report.per_lang {
        line(lang, s);
    }
    let _ = writeln!(
        out,
        "{:<8} {:>6} {:>18} {:>14} {:>14} {:>9.3}",
        "needed",
        "",
        format!(">= {}", pct(t.requirements_pass)),
        format!(">= {}", pct(t.news_blocked)),
        format!(">= {}", pct(t.other_blocked)),
        t.macro_f1
    );
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
    let misses: Vec<&Row> = report.rows.iter().filter(|r| r.is_miss()).collect();
    let _ = writeln!(out, "\nmisses: {}", misses.len());
    for r in misses {
        let _ = writeln!(
            out,
            "  {} [{} {}]: judged {} ({:.2}), gate {}",
            r.file,
            r.lang,
            r.label,
            r.report.genre,
            r.report.confidence,
            r.reason.map_or("pass", |x| x.as_str())
        );
        let _ = writeln!(
            out,
            "    scores: requirements {:.1}, news {:.1}, other {:.1}",
            r.report.scores[0], r.report.scores[1], r.report.scores[2]
        );
        for g in Genre::ALL {
            for e in top(&r.report, g) {
                let _ = writeln!(out, "    {:<13} {e}", g.as_str());
            }
        }
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

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

pub fn render_json(report: &EvalReport) -> String {
    let scores = |s: &Scores| {
        json!({
            "documents": s.count,
            "requirements_pass": s.requirements_pass,
            "news_blocked": s.news_blocked,
            "other_blocked": s.other_blocked,
            "macro_f1": s.macro_f1,
            "confusion": Genre::ALL.iter().map(|l| (l.as_str().to_owned(), json!(
                Genre::ALL.iter().map(|p| (p.as_str().to_owned(), json!(s.confusion[l.index()][p.index()])))
                    .collect::<serde_json::Map<_, _>>()
            ))).collect::<serde_json::Map<_, _>>(),
        })
    };
    let value = json!({
        "passed": report.passes(),
        "overall": scores(&report.overall),
        "languages": report.per_lang.iter().map(|(l, s)| (l.clone(), scores(s))).collect::<serde_json::Map<_, _>>(),
        "documents": report.rows.iter().map(|r| json!({
            "file": r.file,
            "label": r.label.as_str(),
            "lang": r.lang,
            "genre": r.report.genre.as_str(),
            "confidence": r.report.confidence,
            "verdict": r.verdict,
            "reason": r.reason.map(|x| x.as_str()),
            "miss": r.is_miss(),
            "evidence": Genre::ALL.iter().map(|g| (g.as_str().to_owned(), json!(top(&r.report, *g))))
                .collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
