//! The decision learned from labelled documents: a multinomial logistic regression whose
//! evidence is the rules' matches, a few layout statistics and the words at a text's start and
//! in its headings. `train` fits it (deterministically, on any machine), `file` reads and
//! writes it as reviewable text, and a `Scorer` applies it to a rule set's observations.

mod features;
mod file;
mod folds;
mod lbfgs;
pub(crate) mod math;
mod score;
mod space;
mod style;
mod tokens;
mod train;

pub(crate) use features::{observe, Observation, Window, WORD_WINDOW_CHARS};
pub(crate) use file::{FORMAT, MODEL_FILE};
pub(crate) use folds::grouped_folds;
pub(crate) use tokens::name as token_name;
pub(crate) use tokens::Token;

pub use score::Scorer;
pub(crate) use score::{softmax, DEFAULT_COSTS, MIN_EVIDENCE, UNTRAINED_RULE_SCALE};
pub(crate) use score::{Call, Contribution};
pub(crate) use space::FeatureSpace;
pub use train::TrainOptions;
pub(crate) use train::{fit, macro_f1, Example, RulePrior};

/// Genres in the order of the model's columns (`Genre::index`).
pub(crate) const GENRES: usize = 3;

/// A fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Feature names: `rule:<id>`, `style:<name>`, `word:<token>`, `heading:<token>`.
    pub(crate) names: Vec<String>,
    /// Inverse document frequency of word features (1 for the others).
    pub(crate) idf: Vec<f64>,
    /// The training documents' mean of each statistic (0 for the other features): a statistic
    /// counts as its deviation from it.
    pub(crate) center: Vec<f64>,
    /// Weight of each feature for each genre.
    pub(crate) weights: Vec<[f64; GENRES]>,
    pub(crate) bias: [f64; GENRES],
    /// Calibration: probabilities are softmax(score / temperature + offset).
    pub(crate) temperature: f64,
    pub(crate) offsets: [f64; GENRES],
    /// What each mistake costs the gate, by label (row) and call (column): the call is the
    /// genre of least expected cost under the calibrated probabilities.
    pub(crate) costs: [[f64; GENRES]; GENRES],
    /// Characters at a text's start whose words are counted.
    pub(crate) window_chars: usize,
    /// What it was fitted on, in one line each (shown in the file's header).
    pub(crate) provenance: Vec<String>,
}

impl Model {
    /// The model built into the binary (`rules/model.tsv`).
    pub fn builtin() -> &'static Model {
        static BUILTIN: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            // A test reads the embedded file, so a broken one never ships; an empty model
            // (every call `other` at a third) stands in rather than a panic.
            file::parse(MODEL_FILE.0, MODEL_FILE.1).unwrap_or_else(|_| Model::empty())
        })
    }

    /// The built-in model, shared.
    pub fn builtin_shared() -> std::sync::Arc<Model> {
        static SHARED: std::sync::OnceLock<std::sync::Arc<Model>> = std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| std::sync::Arc::new(Model::builtin().clone()))
            .clone()
    }

    /// A model that knows nothing: every genre equally likely.
    pub fn empty() -> Model {
        Model {
            names: Vec::new(),
            idf: Vec::new(),
            center: Vec::new(),
            weights: Vec::new(),
            bias: [0.0; GENRES],
            temperature: 1.0,
            offsets: [0.0; GENRES],
            costs: DEFAULT_COSTS,
            window_chars: WORD_WINDOW_CHARS,
            provenance: Vec::new(),
        }
    }

    /// Reads a model file written by `intake-lint train`.
    pub fn load(path: &std::path::Path) -> Result<Model, crate::error::IntakeError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| crate::error::IntakeError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        file::parse(&path.display().to_string(), &text).map_err(|errors| {
            crate::error::IntakeError::Model {
                count: errors.len(),
                errors,
            }
        })
    }

    /// The model as the text `train` writes.
    pub fn to_text(&self) -> String {
        file::write(self)
    }

    /// Rule ids the model has weights for.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.names.iter().filter_map(|n| n.strip_prefix("rule:"))
    }

    /// The bias of each genre's score.
    pub fn bias(&self) -> [f64; GENRES] {
        self.bias
    }

    /// Number of features (rules, statistics, words).
    pub fn feature_count(&self) -> usize {
        self.names.len()
    }

    /// The name of feature `f`.
    pub fn feature_name(&self, f: u32) -> &str {
        self.names.get(f as usize).map_or("", String::as_str)
    }

    /// Characters at a text's start whose words are counted.
    pub fn window_chars(&self) -> usize {
        self.window_chars
    }

    /// The weights of one feature by name.
    pub fn weights_of(&self, name: &str) -> Option<[f64; GENRES]> {
        let i = self.names.iter().position(|n| n == name)?;
        Some(self.weights[i])
    }
}
