//! The decision learned from labelled documents: a multinomial logistic regression whose
//! evidence is the rules' matches, a few layout statistics and the words at a text's start and
//! in its headings. `train` fits it (deterministically, on any machine), `file` reads and
//! writes it as reviewable text, and a `Scorer` applies it to a rule set's observations.

mod features;
mod file;
mod folds;
mod lbfgs;
pub(crate) mod math;
mod style;
mod tokens;
mod train;

pub use features::{observe, Counted, Observation, Window, WORD_WINDOW_CHARS};
pub use file::{FORMAT, MODEL_FILE};
pub use folds::grouped_folds;
pub use tokens::name as token_name;
pub use tokens::Token;

pub use train::{fit, macro_f1, Example, RulePrior, TrainOptions};

use crate::engine::RuleSet;
use crate::rules::Genre;
use std::collections::HashMap;

/// Genres in the order of the model's columns (`Genre::index`).
pub const GENRES: usize = 3;

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

/// A hasher for token keys, which are already well spread (letters packed, code points,
/// FNV hashes): one multiplication mixes them into the table's index bits.
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = (key ^ (key >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// How much a rule the model has no weight for adds to its genre's score, per unit of its
/// YAML weight and `1 + ln n` of its matches: a team's own rule pack still counts before a
/// model is trained with it (a dateline of weight 4, matched once, adds 2).
pub const UNTRAINED_RULE_SCALE: f64 = 0.5;

/// Which feature of a model each rule, statistic and token is.
#[derive(Debug, Clone)]
pub(crate) struct FeatureSpace {
    /// By rule index of the rule set.
    rule_features: Vec<Option<u32>>,
    /// The rule of each rule feature (by feature index).
    feature_rules: Vec<Option<u32>>,
    style_features: [Option<u32>; style::NAMES.len()],
    vocabulary: KeyMap<u32>,
    /// The token of each word feature (by feature index).
    feature_tokens: Vec<Option<Token>>,
    /// Han characters of the plane the vocabulary names: as words of their own, and as the
    /// first and second of a pair (most of a Chinese window's tokens are turned away by a
    /// bit, not a hash lookup).
    han: HanBits,
    idf: Vec<f64>,
    center: Vec<f64>,
}

/// Bit sets over the Basic Multilingual Plane, and a one-hash filter over the pairs.
#[derive(Debug, Clone)]
struct HanBits {
    single: Vec<u64>,
    first: Vec<u64>,
    second: Vec<u64>,
    pairs: Vec<u64>,
}

impl HanBits {
    const WORDS: usize = 1 << 10;

    fn new() -> HanBits {
        HanBits {
            single: vec![0; Self::WORDS],
            first: vec![0; Self::WORDS],
            second: vec![0; Self::WORDS],
            pairs: vec![0; Self::WORDS],
        }
    }

    /// The filter bit of a pair's key (16 bits of a multiplicative hash).
    fn pair_bit(key: u64) -> u32 {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 48) as u32
    }

    fn set(bits: &mut [u64], c: u32) {
        if let Some(w) = bits.get_mut((c >> 6) as usize) {
            *w |= 1 << (c & 63);
        }
    }

    fn has(bits: &[u64], c: u32) -> bool {
        bits.get((c >> 6) as usize)
            .is_some_and(|w| w & (1 << (c & 63)) != 0)
    }
}

/// Words counted at which the words of a text are trusted half (their values, scaled to length
/// 1, are scaled again by n / (n + this)).
const WORDS_HALF_TRUSTED: f64 = 20.0;

impl FeatureSpace {
    /// The space of a model's features for rules `rule_ids` (by rule index).
    pub(crate) fn new<'a>(model: &Model, rule_ids: impl Iterator<Item = &'a str>) -> FeatureSpace {
        let names = &model.names;
        let mut by_name: HashMap<&str, u32> = HashMap::new();
        let mut vocabulary = KeyMap::default();
        let mut feature_tokens = vec![None; names.len()];
        let mut han = HanBits::new();
        for (i, name) in names.iter().enumerate() {
            by_name.insert(name.as_str(), i as u32);
            if let Some(token) = Token::parse(name) {
                vocabulary.insert(token.key(), i as u32);
                feature_tokens[i] = Some(token);
                if let Some(c) = token.han() {
                    HanBits::set(&mut han.single, c);
                }
                if let Some((a, b)) = token.han_pair() {
                    HanBits::set(&mut han.first, a);
                    HanBits::set(&mut han.second, b);
                    HanBits::set(&mut han.pairs, HanBits::pair_bit(token.key()));
                }
            }
        }
        let rule_features: Vec<Option<u32>> = rule_ids
            .map(|id| by_name.get(format!("rule:{id}").as_str()).copied())
            .collect();
        let mut feature_rules = vec![None; names.len()];
        for (rule, f) in rule_features.iter().enumerate() {
            if let Some(f) = f {
                feature_rules[*f as usize] = Some(rule as u32);
            }
        }
        let style_features = std::array::from_fn(|k| {
            by_name
                .get(format!("style:{}", style::NAMES[k]).as_str())
                .copied()
        });
        FeatureSpace {
            rule_features,
            feature_rules,
            style_features,
            vocabulary,
            feature_tokens,
            han,
            idf: model.idf.clone(),
            center: model.center.clone(),
        }
    }

    /// The feature of a token, if the space has one.
    pub(crate) fn token_feature(&self, token: Token) -> Option<u32> {
        self.vocabulary.get(&token.key()).copied()
    }

    /// The feature values of an observation.
    pub(crate) fn values(&self, o: &Observation) -> Values {
        let mut features: Vec<(u32, f64)> = Vec::with_capacity(o.rules.len() + 32 + o.tokens.len());
        let mut outside = Vec::new();
        for &(rule, n) in &o.rules {
            match self.rule_features.get(rule as usize).copied().flatten() {
                Some(f) => features.push((f, math::ln_1p_count(n))),
                None => outside.push((rule, f64::from(n))),
            }
        }
        for (k, f) in self.style_features.iter().enumerate() {
            if let Some(f) = f {
                let deviation = o.style[k] - self.center[*f as usize];
                features.push((*f, deviation * o.amount.reliability(k)));
            }
        }
        let start = features.len();
        let mut counted = 0u32;
        for &Counted {
            token, count: n, ..
        } in &o.tokens
        {
            if let Some(f) = self.token_feature(token) {
                counted += n;
                features.push((f, (1.0 + math::ln_of_count(n)) * self.idf[f as usize]));
            }
        }
        let trust = f64::from(counted) / (f64::from(counted) + WORDS_HALF_TRUSTED);
        normalise(&mut features[start..], trust);
        let matches: u32 = o.rules.iter().map(|(_, n)| *n).sum();
        Values {
            features,
            outside,
            evidence: counted.saturating_add(matches),
        }
    }
}

/// What a model sees of an observation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Values {
    /// (feature, value): rules, then statistics, then words.
    pub(crate) features: Vec<(u32, f64)>,
    /// (rule index, matches) of rules outside the space.
    pub(crate) outside: Vec<(u32, f64)>,
    /// Rule matches and words counted.
    pub(crate) evidence: u32,
}

/// A model bound to a rule set.
#[derive(Debug)]
pub struct Scorer<'m> {
    model: &'m Model,
    space: FeatureSpace,
    /// Rules the model has no weight for: their genre and weight, added on top.
    untrained: Vec<Option<(Genre, f64)>>,
}

/// One feature's part in a call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contribution {
    /// Index into the model's features, or None for an untrained rule (then `rule` is set).
    pub feature: Option<u32>,
    /// The rule index in the rule set, for rule features.
    pub rule: Option<u32>,
    pub value: f64,
    /// What it adds to each genre's score.
    pub scores: [f64; GENRES],
}

impl Contribution {
    /// Its weight for `genre` against the mean of the genres: above zero, it speaks for it.
    pub fn toward(&self, genre: Genre) -> f64 {
        let mean = self.scores.iter().sum::<f64>() / GENRES as f64;
        self.scores[genre.index()] - mean
    }

    /// The genre it speaks for most.
    pub fn genre(&self) -> Genre {
        Genre::ALL
            .into_iter()
            .max_by(|a, b| self.toward(*a).total_cmp(&self.toward(*b)))
            .unwrap_or(Genre::Other)
    }
}

/// The model's call on one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub genre: Genre,
    /// Calibrated probability of each genre.
    pub probabilities: [f64; GENRES],
    /// Raw scores (before calibration).
    pub scores: [f64; GENRES],
    /// Every feature with a value, by feature order (kept when the call is explained).
    pub contributions: Vec<Contribution>,
    /// Rule matches and words counted: what the call rests on.
    pub evidence: u32,
    /// Whether any rule matched.
    pub rule_matched: bool,
    /// Whether a rule that matched speaks for each genre.
    pub rules_for: [bool; GENRES],
}

/// Least evidence (rule matches and words counted) a call needs; a text with less and no rule
/// match is `other`, every genre as likely (an empty file, a heading alone).
pub const MIN_EVIDENCE: u32 = 8;

/// Least evidence a section needs to be called on its own; one with less and no rule match
/// (a title, a line or two) takes the call of its source.
pub const MIN_SECTION_EVIDENCE: u32 = 20;

impl Call {
    /// The call without its explanation.
    pub fn without_contributions(&self) -> Call {
        Call {
            genre: self.genre,
            probabilities: self.probabilities,
            scores: self.scores,
            contributions: Vec::new(),
            evidence: self.evidence,
            rule_matched: self.rule_matched,
            rules_for: self.rules_for,
        }
    }

    /// Whether there was enough text to call.
    pub fn judged(&self) -> bool {
        self.evidence >= MIN_EVIDENCE || self.has_rule_match()
    }

    /// Whether a section with this call is called on its own.
    pub fn stands_alone(&self) -> bool {
        self.evidence >= MIN_SECTION_EVIDENCE || self.has_rule_match()
    }

    fn has_rule_match(&self) -> bool {
        self.rule_matched
    }

    /// The calibrated probability of the genre called.
    pub fn confidence(&self) -> f64 {
        self.probabilities[self.genre.index()]
    }
}

impl<'m> Scorer<'m> {
    pub fn new(model: &'m Model, rules: &RuleSet) -> Scorer<'m> {
        let space = FeatureSpace::new(model, rules.rules.iter().map(|r| &*r.id));
        let untrained = rules
            .rules
            .iter()
            .zip(&space.rule_features)
            .map(|(r, f)| f.is_none().then_some((r.genre, r.weight)))
            .collect();
        Scorer {
            model,
            space,
            untrained,
        }
    }

    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// The genre of least expected cost under calibrated probabilities.
    pub fn decide(&self, p: &[f64; GENRES]) -> Genre {
        decide(self.model, p)
    }

    /// Whether the model counts this token.
    pub fn knows(&self, token: Token) -> bool {
        let han = &self.space.han;
        if let Some(c) = token.han() {
            return HanBits::has(&han.single, c);
        }
        if let Some((a, b)) = token.han_pair() {
            let maybe = HanBits::has(&han.first, a)
                && HanBits::has(&han.second, b)
                && HanBits::has(&han.pairs, HanBits::pair_bit(token.key()));
            if !maybe {
                return false;
            }
        }
        self.space.vocabulary.contains_key(&token.key())
    }

    /// Whether feature `f` is a word (shown at its first occurrence).
    pub fn is_word(&self, f: u32) -> bool {
        self.space
            .feature_tokens
            .get(f as usize)
            .is_some_and(Option::is_some)
    }

    /// Where the word of feature `f` first stands in an observed text.
    pub fn first_span(&self, f: u32, observed: &Observation) -> Option<std::ops::Range<usize>> {
        let token = self
            .space
            .feature_tokens
            .get(f as usize)
            .copied()
            .flatten()?;
        let c = observed.tokens.iter().find(|c| c.token == token)?;
        Some(c.first.0 as usize..c.first.1 as usize)
    }

    /// The model's call on an observation.
    pub fn call(&self, o: &Observation) -> Call {
        self.score(o, false)
    }

    /// The model's call on an observation, with every feature's part in it.
    pub fn explain(&self, o: &Observation) -> Call {
        self.score(o, true)
    }

    fn score(&self, o: &Observation, explain: bool) -> Call {
        let Values {
            features: values,
            outside,
            evidence,
        } = self.space.values(o);
        let m = self.model;
        let mut scores = m.bias;
        let mut rules_for = [false; GENRES];
        let mut contributions = Vec::with_capacity(if explain {
            values.len() + outside.len()
        } else {
            0
        });
        let mut add = |c: Contribution, scores: &mut [f64; GENRES]| {
            for (s, p) in scores.iter_mut().zip(c.scores) {
                *s += p;
            }
            if c.rule.is_some() {
                rules_for[c.genre().index()] |= c.toward(c.genre()) > 0.0;
            }
            if explain {
                contributions.push(c);
            }
        };
        for (f, x) in values {
            let w = m.weights[f as usize];
            let c = Contribution {
                feature: Some(f),
                rule: self.space.feature_rules[f as usize],
                value: x,
                scores: std::array::from_fn(|g| w[g] * x),
            };
            add(c, &mut scores);
        }
        for (rule, n) in outside {
            let Some((genre, weight)) = self.untrained.get(rule as usize).copied().flatten() else {
                continue;
            };
            let mut part = [0.0; GENRES];
            part[genre.index()] = UNTRAINED_RULE_SCALE * weight * (1.0 + math::ln(n));
            let c = Contribution {
                feature: None,
                rule: Some(rule),
                value: n,
                scores: part,
            };
            add(c, &mut scores);
        }
        let matched = o.rules.iter().any(|(rule, _)| {
            self.space
                .rule_features
                .get(*rule as usize)
                .copied()
                .flatten()
                .is_some()
                || self
                    .untrained
                    .get(*rule as usize)
                    .copied()
                    .flatten()
                    .is_some()
        });
        let mut call = Call {
            genre: Genre::Other,
            probabilities: [1.0 / GENRES as f64; GENRES],
            scores,
            contributions,
            evidence,
            rule_matched: matched,
            rules_for,
        };
        if call.judged() {
            call.probabilities = calibrated(m, scores);
            call.genre = decide(m, &call.probabilities);
        }
        call
    }
}

/// Scales word values to length `length`: a text's words count by their mix, not their number.
fn normalise(values: &mut [(u32, f64)], length: f64) {
    let norm = values.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, x) in values.iter_mut() {
            *x *= length / norm;
        }
    }
}

/// Calibrated probabilities of raw scores.
pub(crate) fn calibrated(m: &Model, scores: [f64; GENRES]) -> [f64; GENRES] {
    let logits: [f64; GENRES] = std::array::from_fn(|g| scores[g] / m.temperature + m.offsets[g]);
    softmax(logits)
}

pub fn softmax(logits: [f64; GENRES]) -> [f64; GENRES] {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: [f64; GENRES] = std::array::from_fn(|g| math::exp(logits[g] - max));
    let sum: f64 = e.iter().sum();
    std::array::from_fn(|g| e[g] / sum)
}

/// What a gate's mistakes cost, by label (requirements, news, other) and call: blocking a
/// spec or passing news costs most (a gate that blocks specs is switched off; one that passes
/// news fails its purpose), passing another document somewhat less, and blocking for the wrong
/// reason (news called other, or other called news) least.
pub const DEFAULT_COSTS: [[f64; GENRES]; GENRES] =
    [[0.0, 1.5, 1.5], [1.5, 0.0, 0.5], [1.0, 0.5, 0.0]];

/// The genre of least expected cost under calibrated probabilities.
pub(crate) fn decide(m: &Model, p: &[f64; GENRES]) -> Genre {
    decide_with(&m.costs, p)
}

pub(crate) fn decide_with(costs: &[[f64; GENRES]; GENRES], p: &[f64; GENRES]) -> Genre {
    let mut best = Genre::Other;
    let mut best_cost = f64::INFINITY;
    for call in Genre::ALL {
        let cost: f64 = (0..GENRES)
            .map(|label| p[label] * costs[label][call.index()])
            .sum();
        if cost < best_cost {
            best = call;
            best_cost = cost;
        }
    }
    best
}
