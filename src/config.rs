//! `intake.yaml` (or `.intake.yaml`): project configuration, found in the current folder or
//! its parents, or given with `--config`. Unknown keys, wrong types and unknown rule ids are
//! errors that point at their line and column, with a suggestion.

use crate::codes::Severity;
use crate::engine::RuleSet;
use crate::error::{IntakeError, LocatedError};
use crate::judge::Weighing;
use crate::rules::LoadedRule;
use crate::rules::RuleSource;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) const FILE_NAMES: [&str; 2] = ["intake.yaml", ".intake.yaml"];

/// A severity that can also switch a finding off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Error,
    Warning,
    Advice,
    Off,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Advice => Some(Severity::Advice),
            Level::Off => None,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Severities {
    pub unlinked_file: Option<Level>,
    pub remote_link: Option<Level>,
    pub low_confidence: Option<Level>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Thresholds {
    pub requirements: Option<f64>,
    pub news: Option<f64>,
    pub section_requirements: Option<f64>,
    pub dominance: Option<f64>,
    pub low_confidence: Option<f64>,
}

/// The file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Extra rule folders, relative to the configuration file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Rule ids to switch off.
    #[serde(default)]
    pub disable: Vec<String>,
    /// New weights by rule id.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    #[serde(default)]
    pub severity: Severities,
    #[serde(default)]
    pub thresholds: Thresholds,
    pub max_source_bytes: Option<u64>,
    /// Seconds one source's text may take to be taken out of its format (PDF, Word, ...).
    pub extraction_seconds: Option<u64>,
    /// A model file written by `intake-lint train`, relative to the configuration file.
    pub model: Option<PathBuf>,
}

/// A loaded configuration and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The settings as written.
    pub file: ConfigFile,
    /// The file they were read from; None for the defaults.
    pub path: Option<PathBuf>,
    text: String,
}

const TOP_KEYS: &[&str] = &[
    "rules",
    "disable",
    "weights",
    "severity",
    "thresholds",
    "max-source-bytes",
    "extraction-seconds",
    "model",
];
const NESTED_KEYS: &[&str] = &[
    "unlinked-file",
    "remote-link",
    "low-confidence",
    "requirements",
    "news",
    "section-requirements",
    "dominance",
];

/// Edit distance, for did-you-mean suggestions.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The closest candidate within a few edits.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

impl Config {
    /// `--config PATH`, else the first intake.yaml / .intake.yaml in `start` or its parents.
    pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<Config, IntakeError> {
        if let Some(path) = explicit {
            return Config::load(path);
        }
        let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            for name in FILE_NAMES {
                let path = dir.join(name);
                if path.is_file() {
                    return Config::load(&path);
                }
            }
        }
        Ok(Config::default())
    }

    /// Reads and checks the configuration file at `path`; every problem is located.
    pub fn load(path: &Path) -> Result<Config, IntakeError> {
        let text = std::fs::read_to_string(path).map_err(|source| IntakeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let source = RuleSource {
            name: path.display().to_string(),
            text: text.clone(),
        };
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            serde_yaml::from_str(&text).map_err(|e| {
                let offset = e.location().map_or(0, |l| l.index());
                let message = e.to_string();
                let message = match message.rfind(" at line ") {
                    Some(i) => message[..i].to_owned(),
                    None => message,
                };
                let help = unknown_field(&message).and_then(|field| {
                    suggest(field, TOP_KEYS.iter().chain(NESTED_KEYS).copied())
                        .map(|s| format!("did you mean `{s}`?"))
                });
                let error = config_error(
                    &source,
                    offset,
                    format!("invalid configuration: {message}"),
                    help,
                );
                IntakeError::Config {
                    count: 1,
                    errors: vec![error],
                }
            })?
        };
        Ok(Config {
            file,
            path: Some(path.to_path_buf()),
            text,
        })
    }

    /// The folder paths in the file are relative to.
    fn base(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// Rule folders, resolved relative to the configuration file.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        let base = self.base();
        self.file.rules.iter().map(|d| base.join(d)).collect()
    }

    /// Applies `disable` and `weights` to loaded rules, before they are compiled (a disabled
    /// rule is never compiled); unknown rule ids are errors with a suggestion.
    pub fn apply_to_rules(&self, rules: &mut [LoadedRule]) -> Result<(), IntakeError> {
        let source = RuleSource {
            name: self
                .path
                .as_ref()
                .map_or_else(|| "intake.yaml".to_owned(), |p| p.display().to_string()),
            text: self.text.clone(),
        };
        let ids: Vec<String> = rules.iter().map(|r| r.spec.id.clone()).collect();
        let mut errors = Vec::new();
        let unknown = |id: &str| -> Option<LocatedError> {
            if ids.iter().any(|i| i == id) {
                return None;
            }
            let offset = self.text.find(id).unwrap_or(0);
            let help = suggest(id, ids.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`? `intake-lint rules` lists the ids"));
            Some(config_error(
                &source,
                offset,
                format!("no rule with id `{id}`"),
                help,
            ))
        };
        let check = |id: &str, errors: &mut Vec<LocatedError>| -> bool {
            match unknown(id) {
                Some(e) => {
                    errors.push(e);
                    false
                }
                None => true,
            }
        };
        for id in &self.file.disable {
            if check(id, &mut errors) {
                if let Some(r) = rules.iter_mut().find(|r| &r.spec.id == id) {
                    r.disabled = true;
                }
            }
        }
        for (id, weight) in &self.file.weights {
            if check(id, &mut errors) {
                if !(weight.is_finite() && *weight >= 0.0 && *weight <= 10.0) {
                    let offset = self.text.find(id.as_str()).unwrap_or(0);
                    errors.push(config_error(
                        &source,
                        offset,
                        format!("weight {weight} of `{id}` is outside [0, 10]"),
                        None,
                    ));
                } else if let Some(r) = rules.iter_mut().find(|r| &r.spec.id == id) {
                    r.spec.weight = *weight;
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(IntakeError::Config {
                count: errors.len(),
                errors,
            })
        }
    }

    /// The settings of the judgement, defaults overridden by the file.
    pub fn weighing(&self) -> Weighing {
        let d = Weighing::default();
        Weighing {
            low_confidence: self
                .file
                .thresholds
                .low_confidence
                .unwrap_or(d.low_confidence),
        }
    }

    /// The model file the configuration names, resolved relative to it.
    pub fn model_path(&self) -> Option<PathBuf> {
        self.file.model.as_ref().map(|m| self.base().join(m))
    }

    /// Settings that a learned decision no longer reads, each with why (old files keep
    /// running; the report says what was ignored).
    pub fn deprecations(&self, model: &crate::model::Model) -> Vec<String> {
        let t = &self.file.thresholds;
        let mut out = Vec::new();
        for (key, set) in [
            ("thresholds.requirements", t.requirements.is_some()),
            ("thresholds.news", t.news.is_some()),
            (
                "thresholds.section-requirements",
                t.section_requirements.is_some(),
            ),
            ("thresholds.dominance", t.dominance.is_some()),
        ] {
            if set {
                out.push(format!(
                    "`{key}` is ignored: the decision is learned from labelled documents \
                     (fit your own with `intake-lint train`)"
                ));
            }
        }
        let trained: std::collections::HashSet<&str> = model.rule_ids().collect();
        for id in self.file.weights.keys() {
            if trained.contains(id.as_str()) {
                out.push(format!(
                    "`weights.{id}` is ignored: the model has a learned weight for this rule; \
                     weights apply only to rules the model does not know"
                ));
            }
        }
        out
    }

    /// Where a value came from, for `intake-lint config`.
    pub fn origin(&self, set: bool) -> String {
        match (&self.path, set) {
            (Some(p), true) => p.display().to_string(),
            _ => "default".to_owned(),
        }
    }

    /// The effective configuration, one `key: value  # origin` line each.
    pub fn describe(&self, rules: &RuleSet) -> String {
        let w = self.weighing();
        let t = &self.file.thresholds;
        let s = &self.file.severity;
        let level = |l: Option<Level>, default: &str| {
            l.map_or_else(|| default.to_owned(), |l| format!("{l:?}").to_lowercase())
        };
        let mut out = String::new();
        let mut line = |key: &str, value: String, set: bool| {
            out.push_str(&format!("{key:<34} {value:<24} # {}\n", self.origin(set)));
        };
        line(
            "config file",
            self.path
                .as_ref()
                .map_or("none".to_owned(), |p| p.display().to_string()),
            self.path.is_some(),
        );
        line(
            "model",
            self.model_path().map_or_else(
                || crate::model::MODEL_FILE.0.to_owned() + " (built in)",
                |p| p.display().to_string(),
            ),
            self.file.model.is_some(),
        );
        for (key, value) in [
            ("thresholds.requirements", t.requirements),
            ("thresholds.news", t.news),
            ("thresholds.section-requirements", t.section_requirements),
            ("thresholds.dominance", t.dominance),
        ] {
            if let Some(v) = value {
                line(key, format!("{v} (ignored)"), true);
            }
        }
        line(
            "thresholds.low-confidence",
            w.low_confidence.to_string(),
            t.low_confidence.is_some(),
        );
        for (key, value) in [
            ("severity.unlinked-file", s.unlinked_file),
            ("severity.remote-link", s.remote_link),
            ("severity.low-confidence", s.low_confidence),
        ] {
            line(key, level(value, "warning"), value.is_some());
        }
        let (bytes, seconds) = (self.file.max_source_bytes, self.file.extraction_seconds);
        let default_bytes = crate::input::open::DEFAULT_MAX_SOURCE_BYTES;
        let default_seconds = crate::input::formats::DEFAULT_EXTRACTION_SECONDS;
        let value = |v: Option<u64>, default: u64| v.unwrap_or(default).to_string();
        line(
            "max-source-bytes",
            value(bytes, default_bytes),
            bytes.is_some(),
        );
        line(
            "extraction-seconds",
            value(seconds, default_seconds),
            seconds.is_some(),
        );
        for d in self.rule_dirs() {
            line("rules (folder)", d.display().to_string(), true);
        }
        for r in &rules.rules {
            if r.disabled {
                line(&format!("rule {}", r.id), "disabled".to_owned(), true);
            } else if self.file.weights.contains_key(&*r.id) {
                line(
                    &format!("rule {}", r.id),
                    format!("weight {}", r.weight),
                    true,
                );
            }
        }
        out.push_str(&format!(
            "{} rules active\n",
            rules.rules.iter().filter(|r| !r.disabled).count()
        ));
        out
    }
}

/// The field name in serde's "unknown field `x`, expected …".
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

fn config_error(
    source: &RuleSource,
    offset: usize,
    message: String,
    help: Option<String>,
) -> LocatedError {
    let mut e = crate::rules::rule_error(source, offset, 1, message, "here".to_owned(), help);
    e.code = crate::codes::Code::ConfigInvalid;
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_for_near_misses() {
        assert_eq!(edit_distance("disabel", "disable"), 2);
        assert_eq!(
            suggest("disabel", TOP_KEYS.iter().copied()),
            Some("disable")
        );
        assert_eq!(suggest("xyz", TOP_KEYS.iter().copied()), None);
    }

    #[test]
    fn unknown_keys_point_at_their_line_with_a_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("intake.yaml");
        std::fs::write(&path, "thresholds:\n  news: 5\ndisabel: [x]\n").unwrap();
        let IntakeError::Config { errors, .. } = Config::load(&path).unwrap_err() else {
            panic!("expected a config error");
        };
        assert_eq!(errors[0].line, 3);
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `disable`?"));
    }
}
