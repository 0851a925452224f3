//! `eval CORPUS...`: the judgement of `check` on every labelled document as if it were the
//! only source, scored against the labels: gate outcomes, confusion per language, macro-F1,
//! calibration (a reliability table and the Brier score), misses with their evidence. With
//! `--cv K`, the model is fitted K times, each time without one fold of the documents (grouped
//! by source), and each document is judged by the model that never saw its source: the figure
//! that predicts documents from new sources.

use crate::check::judge_source;
use crate::check::SourceReport;
use crate::check::{self as verdict, Counted, Reason, Verdict};
use crate::engine::RuleSet;
use crate::error::IntakeError;
use crate::input::corpus::{self, Labelled};
use crate::judge::{call_observed, Probabilities, Weighing};
use crate::model::{fit, grouped_folds, Example, Model, Scorer, GENRES};
use crate::rules::Genre;
use crate::text::lang::TextLang;
use observe::{observe_corpus, ObservedDoc};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

mod observe;
mod render;
pub mod train;
pub use crate::model::TrainOptions;
pub use render::{render_human, render_json};

/// The figures an evaluation must reach.
#[derive(Debug, Clone, Copy)]
pub struct Targets {
    /// Least share of requirements documents that pass.
    pub requirements_pass: f64,
    /// Least share of news documents blocked as news.
    pub news_blocked: f64,
    /// Least share of other documents blocked.
    pub other_blocked: f64,
    /// Least macro-F1 of the genre calls.
    pub macro_f1: f64,
    /// Most news documents that may pass the gate.
    pub max_news_passed: usize,
}

impl Default for Targets {
    /// The bar for documents from sources the model was not fitted on.
    fn default() -> Self {
        Targets {
            requirements_pass: 0.95,
            news_blocked: 0.95,
            other_blocked: 0.93,
            macro_f1: 0.92,
            max_news_passed: 0,
        }
    }
}

/// What a report keeps for a miss: the features that weighed most, printed with it.
const MISS_DETAIL: crate::check::Detail = crate::check::Detail {
    excerpts: false,
    weighed: true,
    statements: false,
};

/// One judged document.
#[derive(Debug, Clone)]
pub struct Row {
    /// The document, as labels.tsv names it.
    pub file: String,
    /// Its label.
    pub label: Genre,
    /// Its language, as labelled.
    pub lang: String,
    /// The genre called.
    pub genre: Genre,
    /// The calibrated probability of the genre called.
    pub confidence: f64,
    /// The calibrated probability of each genre.
    pub probabilities: Probabilities,
    /// The gate's verdict were it the only source.
    pub verdict: Verdict,
    /// Why it would be blocked.
    pub reason: Option<Reason>,
    /// The fold it was held out in (cross-validation).
    pub fold: Option<usize>,
    /// The full report, kept for misses (their evidence is printed).
    pub report: Option<SourceReport>,
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

    /// Whether the gate or the genre call is wrong for its label.
    pub fn is_miss(&self) -> bool {
        !self.gate_ok() || self.genre != self.label
    }
}

/// The scores of a set of judged documents.
#[derive(Debug, Clone)]
pub struct Scores {
    /// Share of requirements documents that pass.
    pub requirements_pass: f64,
    /// Share of news documents blocked as news.
    pub news_blocked: f64,
    /// Share of other documents blocked.
    pub other_blocked: f64,
    /// Macro-F1 of the genre calls.
    pub macro_f1: f64,
    /// News documents that passed the gate.
    pub news_passed: usize,
    /// Documents by label (row) and genre called (column): `confusion[label][called]`.
    pub confusion: [[usize; 3]; 3],
    /// Documents scored.
    pub count: usize,
}

/// Calls whose confidence falls in one tenth of [0, 1].
#[derive(Debug, Clone, Copy, Default)]
pub struct Bin {
    /// Lower bound of the bin's confidence.
    pub from: f64,
    /// Calls in the bin.
    pub calls: usize,
    /// Their mean confidence.
    pub mean_confidence: f64,
    /// Share of those calls that were right.
    pub accuracy: f64,
}

/// An evaluation: every document judged, and the scores.
#[derive(Debug, Clone)]
pub struct EvalReport {
    /// Each document.
    pub rows: Vec<Row>,
    /// The scores of all documents.
    pub overall: Scores,
    /// The scores per labelled language.
    pub per_lang: BTreeMap<String, Scores>,
    /// Cross-validation: the figures of each fold.
    pub per_fold: Vec<Scores>,
    /// What they must reach.
    pub thresholds: Targets,
    /// Calls binned by confidence: how often each bin is right.
    pub reliability: Vec<Bin>,
    /// The Brier score of the probabilities (lower is better).
    pub brier: f64,
    /// What was scored: "model rules/model.tsv", "5-fold cross-validation grouped by ...".
    pub method: String,
}

impl EvalReport {
    /// Whether every target holds, overall and in each language.
    pub fn passes(&self) -> bool {
        std::iter::once(&self.overall)
            .chain(self.per_lang.values())
            .all(|s| self.holds(s))
    }

    /// Whether `s` reaches every target.
    pub fn holds(&self, s: &Scores) -> bool {
        let t = &self.thresholds;
        s.requirements_pass >= t.requirements_pass
            && s.news_blocked >= t.news_blocked
            && s.other_blocked >= t.other_blocked
            && s.macro_f1 >= t.macro_f1
            && s.news_passed <= t.max_news_passed
    }
}

/// The gate outcome of one source judged alone.
fn gate(genre: Genre) -> (Verdict, Option<Reason>) {
    verdict::decide(
        false,
        &[Counted {
            genre,
            background: false,
        }],
    )
}

/// Scores `model` on the corpora: each document judged as `check` judges a source.
pub fn eval(
    corpora: &[PathBuf],
    rules: &RuleSet,
    model: &Model,
    weighing: &Weighing,
    thresholds: Targets,
    method: String,
) -> Result<EvalReport, IntakeError> {
    let docs = corpus::read_labels(corpora, None)?;
    let scorer = Scorer::new(model, rules);
    let rows: Vec<Result<Row, IntakeError>> = docs
        .par_iter()
        .map(|doc| {
            let decoded = corpus::read_text(doc)?;
            let (report, _) = judge_source(
                rules,
                &scorer,
                &doc.file,
                &decoded,
                weighing,
                false,
                MISS_DETAIL,
            );
            Ok(row(doc, &report, None))
        })
        .collect();
    let rows = rows.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(report(rows, Vec::new(), thresholds, method))
}

fn row(doc: &Labelled, report: &SourceReport, fold: Option<usize>) -> Row {
    let (verdict, reason) = gate(report.genre);
    let mut row = Row {
        file: doc.file.clone(),
        label: doc.label,
        lang: doc.lang.clone(),
        genre: report.genre,
        confidence: report.confidence,
        probabilities: report.probabilities,
        verdict,
        reason,
        fold,
        report: None,
    };
    if row.is_miss() {
        row.report = Some(report.clone());
    }
    row
}

/// Settings of a cross-validation.
#[derive(Debug, Clone)]
pub struct CrossValidation {
    /// How many folds.
    pub folds: usize,
    /// The column of labels.tsv that names a document's source.
    pub group_by: Option<String>,
    /// How the model is fitted in each fold.
    pub train: TrainOptions,
}

/// K-fold cross-validation grouped by source: each document judged by a model fitted
/// without its fold.
pub fn cross_validate(
    corpora: &[PathBuf],
    rules: &RuleSet,
    weighing: &Weighing,
    cv: &CrossValidation,
    thresholds: Targets,
) -> Result<EvalReport, IntakeError> {
    let docs = corpus::read_labels(corpora, cv.group_by.as_deref())?;
    let (observed, names) = observe_corpus(docs, rules, cv.train.window_chars, true)?;
    let groups: Vec<&str> = observed.iter().map(|d| d.doc.group.as_str()).collect();
    let folds = grouped_folds(&groups, cv.folds);
    let priors = crate::model::RulePrior::of(rules);
    let models: Vec<Model> = (0..cv.folds)
        .map(|fold| {
            let examples: Vec<Example> = observed
                .iter()
                .zip(&folds)
                .filter(|(_, f)| **f != fold)
                .map(|(d, _)| example(d))
                .collect();
            fit(&examples, &priors, &names, &cv.train)
        })
        .collect();
    let scorers: Vec<Scorer<'_>> = models.iter().map(|m| Scorer::new(m, rules)).collect();
    let rows: Vec<Result<Row, IntakeError>> = observed
        .par_iter()
        .zip(&folds)
        .map(|(d, &fold)| held_out_row(d, fold, &scorers[fold], rules, weighing))
        .collect();
    let rows = rows.into_iter().collect::<Result<Vec<_>, _>>()?;
    let per_fold = (0..cv.folds)
        .map(|f| score(rows.iter().filter(|r| r.fold == Some(f))))
        .collect();
    let method = format!(
        "{}-fold cross-validation grouped by {}",
        cv.folds,
        cv.group_by.as_deref().unwrap_or("document")
    );
    Ok(report(rows, per_fold, thresholds, method))
}

fn example(d: &ObservedDoc) -> Example {
    Example {
        observation: d.observed.whole.clone(),
        label: d.doc.label,
        group: d.doc.group.clone(),
    }
}

/// The call of the fold's model on a held-out document; a miss is judged again in full for
/// its evidence.
fn held_out_row(
    d: &ObservedDoc,
    fold: usize,
    scorer: &Scorer<'_>,
    rules: &RuleSet,
    weighing: &Weighing,
) -> Result<Row, IntakeError> {
    let (whole, sections) = call_observed(scorer, &d.observed);
    let (called, confidence, probabilities) = crate::judge::source_call(&whole, &sections);
    let unsupported = matches!(d.language, TextLang::Unsupported(_));
    let genre = if unsupported { Genre::Other } else { called };
    let (verdict, reason) = gate(genre);
    let mut row = Row {
        file: d.doc.file.clone(),
        label: d.doc.label,
        lang: d.doc.lang.clone(),
        genre,
        confidence: if unsupported {
            0.0
        } else {
            crate::judge::round3(confidence)
        },
        probabilities,
        verdict,
        reason,
        fold: Some(fold),
        report: None,
    };
    if row.is_miss() {
        let decoded = corpus::read_text(&d.doc)?;
        let (report, _) = judge_source(
            rules,
            scorer,
            &d.doc.file,
            &decoded,
            weighing,
            false,
            MISS_DETAIL,
        );
        row.report = Some(report);
    }
    Ok(row)
}

fn report(
    rows: Vec<Row>,
    per_fold: Vec<Scores>,
    thresholds: Targets,
    method: String,
) -> EvalReport {
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
    let (reliability, brier) = calibration(&rows);
    EvalReport {
        rows,
        overall,
        per_lang,
        per_fold,
        thresholds,
        reliability,
        brier,
        method,
    }
}

/// The scores of judged documents.
pub fn score<'a>(rows: impl Iterator<Item = &'a Row>) -> Scores {
    let mut confusion = [[0usize; 3]; 3];
    let mut gate = [(0usize, 0usize); 3];
    let mut count = 0;
    let mut news_passed = 0;
    for r in rows {
        count += 1;
        confusion[r.label.index()][r.genre.index()] += 1;
        let g = &mut gate[r.label.index()];
        g.1 += 1;
        if r.gate_ok() {
            g.0 += 1;
        }
        if r.label == Genre::News && r.verdict == Verdict::Pass {
            news_passed += 1;
        }
    }
    let share = |(ok, n): (usize, usize)| if n == 0 { 1.0 } else { ok as f64 / n as f64 };
    Scores {
        requirements_pass: share(gate[0]),
        news_blocked: share(gate[1]),
        other_blocked: share(gate[2]),
        macro_f1: crate::model::macro_f1(&confusion),
        news_passed,
        confusion,
        count,
    }
}

/// Reliability table (calls by confidence, in tenths) and the Brier score (mean squared
/// distance of the probabilities from the label, summed over genres).
fn calibration(rows: &[Row]) -> (Vec<Bin>, f64) {
    let mut bins: Vec<(usize, f64, usize)> = vec![(0, 0.0, 0); 10];
    let mut brier = 0.0;
    for r in rows {
        let bin = ((r.confidence * 10.0) as usize).min(9);
        bins[bin].0 += 1;
        bins[bin].1 += r.confidence;
        bins[bin].2 += usize::from(r.genre == r.label);
        for g in 0..GENRES {
            let y = if g == r.label.index() { 1.0 } else { 0.0 };
            brier += (r.probabilities[g] - y).powi(2);
        }
    }
    let table = bins
        .into_iter()
        .enumerate()
        .filter(|(_, b)| b.0 > 0)
        .map(|(i, (n, sum, right))| Bin {
            from: i as f64 / 10.0,
            calls: n,
            mean_confidence: sum / n as f64,
            accuracy: right as f64 / n as f64,
        })
        .collect();
    (table, brier / rows.len().max(1) as f64)
}
