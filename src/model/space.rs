//! The feature space of a model: which feature each rule, statistic and word of an
//! observation is, and the values a model multiplies by its weights.

use super::features::{Counted, Observation};
use super::tokens::Token;
use super::{math, style, Model};
use std::collections::HashMap;

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

/// Which feature of a model each rule, statistic and token is.
#[derive(Debug, Clone)]
pub(crate) struct FeatureSpace {
    /// By rule index of the rule set.
    pub(super) rule_features: Vec<Option<u32>>,
    /// The rule of each rule feature (by feature index).
    pub(super) feature_rules: Vec<Option<u32>>,
    style_features: [Option<u32>; style::NAMES.len()],
    vocabulary: KeyMap<u32>,
    /// The token of each word feature (by feature index).
    pub(super) feature_tokens: Vec<Option<Token>>,
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

    /// Whether the model counts this token.
    pub(super) fn knows(&self, token: Token) -> bool {
        let han = &self.han;
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
        self.vocabulary.contains_key(&token.key())
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

/// Scales word values to length `length`: a text's words count by their mix, not their number.
fn normalise(values: &mut [(u32, f64)], length: f64) {
    let norm = values.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, x) in values.iter_mut() {
            *x *= length / norm;
        }
    }
}
