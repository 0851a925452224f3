//! `train CORPUS... -o FILE`: observe every labelled document once, fit the model, and record
//! what it was fitted on (the corpora, their sources, the settings and a fingerprint of the
//! labels, documents and rule files), so that a stale model can be told from a fresh one.

use crate::engine::RuleSet;
use crate::error::IntakeError;
use crate::input::corpus;
use crate::model::{fit, Example, Model, TrainOptions};
use crate::rules::RuleSource;
use std::path::PathBuf;

/// A fitted model and what it saw.
#[derive(Debug)]
pub struct Trained {
    /// The model.
    pub model: Model,
    /// Documents it was fitted on.
    pub documents: usize,
    /// Sources (groups) they came from.
    pub sources: usize,
    /// A hash of the labels, documents, rule files and settings.
    pub fingerprint: String,
}

/// Fits a model to the corpora with the rules; `rule_files` are the rule packs' texts (for
/// the fingerprint). `options.provenance` is filled in.
pub fn train(
    corpora: &[PathBuf],
    rules: &RuleSet,
    rule_files: &[RuleSource],
    group_by: Option<&str>,
    options: &mut TrainOptions,
) -> Result<Trained, IntakeError> {
    let docs = corpus::read_labels(corpora, group_by)?;
    let fingerprint = fingerprint(corpora, &docs, rule_files, options)?;
    let counts: Vec<String> = corpora
        .iter()
        .map(|c| {
            let n = docs.iter().filter(|d| &d.corpus == c).count();
            format!("{} ({n} documents)", c.display())
        })
        .collect();
    let (observed, names) =
        super::observe::observe_corpus(docs, rules, options.window_chars, false)?;
    let sources = observed
        .iter()
        .map(|d| d.doc.group.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    options.provenance = vec![
        format!("trained on: {}", counts.join(", ")),
        format!(
            "sources: {sources}, grouped by {}",
            group_by.unwrap_or("document")
        ),
        format!(
            "settings: c {}, min-sources {}, calibration folds {}, window {} characters",
            options.c,
            options
                .min_sources
                .map_or_else(|| "5% of sources".to_owned(), |n| n.to_string()),
            options.calibration_folds,
            options.window_chars
        ),
        format!("fingerprint: {fingerprint} (labels, documents, rule files, settings)"),
    ];
    let examples: Vec<Example> = observed
        .into_iter()
        .map(|d| Example {
            observation: d.observed.whole,
            label: d.doc.label,
            group: d.doc.group,
        })
        .collect();
    let priors = crate::model::RulePrior::of(rules);
    let model = fit(&examples, &priors, &names, options);
    Ok(Trained {
        model,
        documents: examples.len(),
        sources,
        fingerprint,
    })
}

/// A 64-bit FNV-1a digest (hex) of what a fit depends on besides the trainer's code: each
/// corpus's labels and documents, the rule files and the settings. Not a security measure: it
/// tells a stale model from a fresh one.
pub fn fingerprint(
    corpora: &[PathBuf],
    docs: &[corpus::Labelled],
    rule_files: &[RuleSource],
    options: &TrainOptions,
) -> Result<String, IntakeError> {
    let mut h = Fnv::default();
    for c in corpora {
        let labels = c.join("labels.tsv");
        h.write(&std::fs::read(&labels).map_err(|source| IntakeError::Io {
            path: labels.clone(),
            source,
        })?);
    }
    for d in docs {
        h.write(d.file.as_bytes());
        h.write(&std::fs::read(d.path()).map_err(|source| IntakeError::Io {
            path: d.path(),
            source,
        })?);
    }
    for r in rule_files {
        h.write(r.name.as_bytes());
        h.write(r.text.as_bytes());
    }
    h.write(
        format!(
            "{} {:?} {} {} {} {}",
            options.c,
            options.min_sources,
            options.max_vocabulary,
            options.calibration_folds,
            options.window_chars,
            crate::model::FORMAT
        )
        .as_bytes(),
    );
    Ok(format!("{:016x}", h.0))
}

struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Adds `bytes`, preceded by their length (so that two fields never run together).
    fn write(&mut self, bytes: &[u8]) {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
