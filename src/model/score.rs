//! A model bound to a rule set: its call on an observation, calibrated, the genre of least
//! expected cost, and (when asked) every feature's part in it.

use super::features::Observation;
use super::space::{FeatureSpace, Values};
use super::tokens::Token;
use super::{math, Model, GENRES};
use crate::engine::RuleSet;
use crate::rules::Genre;
use std::sync::Arc;

/// How much a rule the model has no weight for adds to its genre's score, per unit of its
/// YAML weight and `1 + ln n` of its matches: a team's own rule pack still counts before a
/// model is trained with it (a dateline of weight 4, matched once, adds 2).
pub(crate) const UNTRAINED_RULE_SCALE: f64 = 0.5;

/// A model bound to a rule set.
#[derive(Debug)]
pub struct Scorer<'m> {
    model: &'m Model,
    space: FeatureSpace,
    /// Rules the model has no weight for: their genre and weight, added on top.
    untrained: Vec<Option<(Genre, f64)>>,
    /// The name of each feature of the model, and `rule:<id>` of each rule by rule index:
    /// shared by every evidence item that names them, not made for each.
    feature_names: Vec<Arc<str>>,
    rule_names: Vec<Arc<str>>,
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
pub(crate) const MIN_EVIDENCE: u32 = 8;

/// Least evidence a section needs to be called on its own; one with less and no rule match
/// (a title, a line or two) takes the call of its source.
pub(crate) const MIN_SECTION_EVIDENCE: u32 = 20;

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
    /// Binds `model` to `rules`: each rule is its feature, or (untrained) counts by its YAML weight.
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
            feature_names: model.names.iter().map(|n| Arc::from(n.as_str())).collect(),
            rule_names: rules
                .rules
                .iter()
                .map(|r| Arc::from(format!("rule:{}", r.id)))
                .collect(),
        }
    }

    /// The model bound.
    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// The name of feature `f` of the model (empty for none).
    pub(crate) fn feature_name(&self, f: u32) -> Arc<str> {
        self.feature_names
            .get(f as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from(""))
    }

    /// `rule:<id>` of the rule of index `rule`.
    pub(crate) fn rule_name(&self, rule: usize) -> Arc<str> {
        self.rule_names
            .get(rule)
            .cloned()
            .unwrap_or_else(|| Arc::from(""))
    }

    /// The genre of least expected cost under calibrated probabilities.
    pub fn least_cost_genre(&self, p: &[f64; GENRES]) -> Genre {
        least_cost_genre(&self.model.costs, p)
    }

    /// Whether the model counts this token.
    pub fn knows(&self, token: Token) -> bool {
        self.space.knows(token)
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
            call.genre = least_cost_genre(&m.costs, &call.probabilities);
        }
        call
    }
}

/// Calibrated probabilities of raw scores.
fn calibrated(m: &Model, scores: [f64; GENRES]) -> [f64; GENRES] {
    let logits: [f64; GENRES] = std::array::from_fn(|g| scores[g] / m.temperature + m.offsets[g]);
    softmax(logits)
}

pub(crate) fn softmax(logits: [f64; GENRES]) -> [f64; GENRES] {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: [f64; GENRES] = std::array::from_fn(|g| math::exp(logits[g] - max));
    let sum: f64 = e.iter().sum();
    std::array::from_fn(|g| e[g] / sum)
}

/// What a gate's mistakes cost, by label (requirements, news, other) and call: blocking a
/// spec or passing news costs most (a gate that blocks specs is switched off; one that passes
/// news fails its purpose), passing another document somewhat less, and blocking for the wrong
/// reason (news called other, or other called news) least.
pub(crate) const DEFAULT_COSTS: [[f64; GENRES]; GENRES] =
    [[0.0, 1.5, 1.5], [1.5, 0.0, 0.5], [1.0, 0.5, 0.0]];

/// The genre of least expected cost under calibrated probabilities `p`, given what each
/// mistake `costs` (by label and call).
fn least_cost_genre(costs: &[[f64; GENRES]; GENRES], p: &[f64; GENRES]) -> Genre {
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
