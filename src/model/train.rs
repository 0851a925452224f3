//! Fitting the model to labelled documents: choose the vocabulary (words met in many sources,
//! not in one), fit the weights by L-BFGS on the L2-regularised log-loss, then calibrate the
//! probabilities and choose the decision offsets on held-out calls made by cross-validation
//! grouped by source inside the training documents.

use super::features::Observation;
use super::lbfgs::{self, Stop};
use super::tokens::Token;
use super::{math, softmax, style, FeatureSpace, Model, GENRES};
use crate::rules::Genre;
use rayon::prelude::*;
use std::collections::HashMap;

/// One labelled document, observed.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub observation: Observation,
    pub label: Genre,
    /// Its source (documents of one source are alike in ways that have nothing to do with
    /// their genre).
    pub group: String,
}

/// What the fit knows of a rule: its id, and the genre and weight its author gave it (the
/// prior of its learned weights).
#[derive(Debug, Clone)]
pub(crate) struct RulePrior {
    pub id: String,
    pub genre: Genre,
    pub weight: f64,
}

impl RulePrior {
    /// The priors of every rule of a rule set, by rule index.
    pub(crate) fn of(rules: &crate::engine::RuleSet) -> Vec<RulePrior> {
        rules
            .rules
            .iter()
            .map(|r| RulePrior {
                id: r.id.to_string(),
                genre: r.genre,
                weight: r.weight,
            })
            .collect()
    }

    /// The prior weights for each genre: the author's weight times `scale` for the rule's
    /// genre, less the mean of the three (the fitted weights of a feature sum to 0 over the
    /// genres too).
    fn weights(&self, scale: f64) -> [f64; GENRES] {
        let own = scale * self.weight;
        std::array::from_fn(|g| {
            if g == self.genre.index() {
                own * 2.0 / 3.0
            } else {
                -own / 3.0
            }
        })
    }
}

/// Settings of a fit.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Inverse strength of the L2 regularisation (the log-loss of each document is weighed
    /// against half the squared weights divided by this).
    pub c: f64,
    /// Least number of sources a word must occur in to be a feature; None: 5% of the sources,
    /// at least 2.
    pub min_sources: Option<usize>,
    /// Most words kept (those in the most sources first).
    pub max_vocabulary: usize,
    /// Folds of the cross-validation that calibrates (grouped by source).
    pub calibration_folds: usize,
    /// Characters at a text's start whose words are counted.
    pub window_chars: usize,
    /// How much more the layout statistics and the words are held back than the rules (their
    /// regularisation is multiplied by these): conventions are the evidence, the statistics
    /// and words only help.
    pub style_penalty: f64,
    /// As `style_penalty`, for the words.
    pub word_penalty: f64,
    /// A rule's learned weight is drawn toward its author's weight times this (in log-odds
    /// per unit of ln(1 + matches)) rather than toward 0: a convention seen in few training
    /// sources keeps about the weight its author gave it.
    pub prior_scale: f64,
    /// What each mistake costs, by label and call (see `DEFAULT_COSTS`).
    pub costs: [[f64; GENRES]; GENRES],
    /// Lines of provenance written into the model's header.
    pub provenance: Vec<String>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            c: 3.0,
            min_sources: None,
            max_vocabulary: 20_000,
            calibration_folds: 5,
            window_chars: super::WORD_WINDOW_CHARS,
            style_penalty: 10.0,
            word_penalty: 0.3,
            prior_scale: 0.5,
            costs: super::DEFAULT_COSTS,
            provenance: Vec::new(),
        }
    }
}

const STOP: Stop = Stop {
    max_iterations: 1000,
    gradient: 1e-6,
};

/// Fits a model: weights on all examples, calibration and decision on held-out calls.
/// `rules` are the rule set's rules by rule index; `names` the text of each token met.
pub(crate) fn fit(
    examples: &[Example],
    rules: &[RulePrior],
    names: &HashMap<Token, String>,
    options: &TrainOptions,
) -> Model {
    let mut model = fit_weights(examples, rules, names, options);
    let held_out = held_out_scores(examples, rules, names, options);
    let labels: Vec<Genre> = examples.iter().map(|e| e.label).collect();
    let (temperature, offsets) = calibrate(&held_out, &labels);
    model.temperature = temperature;
    model.offsets = offsets;
    model.costs = options.costs;
    model.provenance = options.provenance.clone();
    model
}

fn fit_weights(
    examples: &[Example],
    rules: &[RulePrior],
    names: &HashMap<Token, String>,
    options: &TrainOptions,
) -> Model {
    let (vocabulary, idf) = choose_vocabulary(examples, names, options);
    let mut feature_names: Vec<String> = rules.iter().map(|r| format!("rule:{}", r.id)).collect();
    feature_names.extend(style::NAMES.iter().map(|n| format!("style:{n}")));
    let mut feature_idf = vec![1.0; feature_names.len()];
    feature_names.extend(vocabulary);
    feature_idf.extend(idf);
    // The file lists features by name.
    let mut order: Vec<usize> = (0..feature_names.len()).collect();
    order.sort_by(|a, b| feature_names[*a].cmp(&feature_names[*b]));
    order.dedup_by(|a, b| feature_names[*a] == feature_names[*b]);
    let feature_names: Vec<String> = order.iter().map(|i| feature_names[*i].clone()).collect();
    let feature_idf: Vec<f64> = order.iter().map(|i| feature_idf[*i]).collect();
    let mut model = Model {
        names: feature_names,
        idf: feature_idf,
        center: Vec::new(),
        window_chars: options.window_chars,
        ..Model::empty()
    };
    model.center = centers(examples, &model);
    let space = FeatureSpace::new(&model, rules.iter().map(|r| r.id.as_str()));
    let rows: Vec<Vec<(u32, f64)>> = examples
        .iter()
        .map(|e| {
            let mut values = space.values(&e.observation).features;
            values.sort_by_key(|(f, _)| *f);
            values
        })
        .collect();
    let labels: Vec<usize> = examples.iter().map(|e| e.label.index()).collect();
    let penalties: Vec<f64> = model
        .names
        .iter()
        .map(|n| {
            if n.starts_with("style:") {
                options.style_penalty
            } else if n.starts_with("word:") || n.starts_with("heading:") {
                options.word_penalty
            } else {
                1.0
            }
        })
        .collect();
    let priors: Vec<[f64; GENRES]> = model
        .names
        .iter()
        .map(|n| {
            n.strip_prefix("rule:")
                .and_then(|id| rules.iter().find(|r| r.id == id))
                .map_or([0.0; GENRES], |r| r.weights(options.prior_scale))
        })
        .collect();
    let (weights, bias) = logistic_regression(&rows, &labels, &penalties, &priors, options.c);
    model.weights = weights;
    model.bias = bias;
    model
}

/// The mean of each statistic over the examples (rounded as the file writes it), 0 for the
/// other features.
fn centers(examples: &[Example], model: &Model) -> Vec<f64> {
    let mut center = vec![0.0; model.names.len()];
    for (k, name) in style::NAMES.iter().enumerate() {
        let wanted = format!("style:{name}");
        if let Some(f) = model.names.iter().position(|n| *n == wanted) {
            let sum: f64 = examples.iter().map(|e| e.observation.style[k]).sum();
            center[f] = round6(sum / examples.len().max(1) as f64);
        }
    }
    center
}

/// Words met in at least `min_sources` sources (and documents' heading words likewise), the
/// most widespread first, with their inverse document frequency, sorted by name.
fn choose_vocabulary(
    examples: &[Example],
    names: &HashMap<Token, String>,
    options: &TrainOptions,
) -> (Vec<String>, Vec<f64>) {
    let group_count = examples
        .iter()
        .map(|e| e.group.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let min_sources = options
        .min_sources
        .unwrap_or_else(|| (group_count * 5).div_ceil(100).max(2));
    // Per token: documents, and the sources seen (as a sorted list of group numbers).
    let mut group_numbers: HashMap<&str, u32> = HashMap::new();
    let mut stats: HashMap<Token, (u32, Vec<u32>)> = HashMap::new();
    for e in examples {
        let next = group_numbers.len() as u32;
        let g = *group_numbers.entry(e.group.as_str()).or_insert(next);
        for c in &e.observation.tokens {
            let entry = stats.entry(c.token).or_default();
            entry.0 += 1;
            if entry.1.last() != Some(&g) && !entry.1.contains(&g) {
                entry.1.push(g);
            }
        }
    }
    let mut kept: Vec<(Token, u32, usize)> = stats
        .into_iter()
        .filter(|(_, (_, groups))| groups.len() >= min_sources)
        .map(|(t, (docs, groups))| (t, docs, groups.len()))
        .filter(|(t, _, _)| names.contains_key(t))
        .collect();
    kept.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    kept.truncate(options.max_vocabulary);
    let n = examples.len() as f64;
    let mut out: Vec<(String, f64)> = kept
        .into_iter()
        .filter_map(|(t, docs, _)| {
            let idf = math::ln((1.0 + n) / (1.0 + f64::from(docs))) + 1.0;
            names.get(&t).map(|name| (name.clone(), round6(idf)))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().unzip()
}

/// Rounded as the model file writes it, so that a model read back scores as it was fitted.
fn round6(x: f64) -> f64 {
    format!("{x:.6}").parse().unwrap_or(x)
}

/// Multinomial logistic regression on sparse rows: minimises the summed log-loss plus
/// sum of penalty_f |w_f - prior_f|^2 / (2c) (the biases are not regularised). Returns
/// weights by feature, and biases.
pub(crate) fn logistic_regression(
    rows: &[Vec<(u32, f64)>],
    labels: &[usize],
    penalties: &[f64],
    priors: &[[f64; GENRES]],
    c: f64,
) -> (Vec<[f64; GENRES]>, [f64; GENRES]) {
    let features = penalties.len();
    let n_params = (features + 1) * GENRES;
    // Started at the priors: where the data says nothing, that is where it ends.
    let mut x = vec![0.0; n_params];
    for (f, p) in priors.iter().enumerate() {
        x[f * GENRES..(f + 1) * GENRES].copy_from_slice(p);
    }
    let lambda = 1.0 / c;
    let bias_at = features * GENRES;
    lbfgs::minimise(&mut x, STOP, |w, grad| {
        grad.iter_mut().for_each(|v| *v = 0.0);
        let mut loss = 0.0;
        for (row, &y) in rows.iter().zip(labels) {
            let mut z: [f64; GENRES] = std::array::from_fn(|g| w[bias_at + g]);
            for &(f, v) in row {
                let at = f as usize * GENRES;
                for (g, zg) in z.iter_mut().enumerate() {
                    *zg += w[at + g] * v;
                }
            }
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e: [f64; GENRES] = std::array::from_fn(|g| math::exp(z[g] - max));
            let sum: f64 = e.iter().sum();
            loss += math::ln(sum) + max - z[y];
            for g in 0..GENRES {
                let d = e[g] / sum - if g == y { 1.0 } else { 0.0 };
                grad[bias_at + g] += d;
                for &(f, v) in row {
                    grad[f as usize * GENRES + g] += d * v;
                }
            }
        }
        let mut penalty = 0.0;
        for i in 0..bias_at {
            let strength = penalties[i / GENRES];
            let off = w[i] - priors[i / GENRES][i % GENRES];
            penalty += strength * off * off;
            grad[i] += lambda * strength * off;
        }
        loss + 0.5 * lambda * penalty
    });
    let weights = (0..features)
        .map(|f| std::array::from_fn(|g| round6(x[f * GENRES + g])))
        .collect();
    let bias = std::array::from_fn(|g| round6(x[bias_at + g]));
    (weights, bias)
}

/// Raw scores of every example by a model fitted without its fold (grouped by source).
fn held_out_scores(
    examples: &[Example],
    rules: &[RulePrior],
    names: &HashMap<Token, String>,
    options: &TrainOptions,
) -> Vec<[f64; GENRES]> {
    let groups: Vec<&str> = examples.iter().map(|e| e.group.as_str()).collect();
    let folds = super::grouped_folds(&groups, options.calibration_folds);
    let k = options.calibration_folds.max(1);
    let parts: Vec<Vec<(usize, [f64; GENRES])>> = (0..k)
        .into_par_iter()
        .map(|fold| {
            let fitted: Vec<Example> = examples
                .iter()
                .zip(&folds)
                .filter(|(_, f)| **f != fold)
                .map(|(e, _)| e.clone())
                .collect();
            if fitted.is_empty() || fitted.len() == examples.len() {
                return Vec::new();
            }
            let model = fit_weights(&fitted, rules, names, options);
            let space = FeatureSpace::new(&model, rules.iter().map(|r| r.id.as_str()));
            examples
                .iter()
                .enumerate()
                .filter(|(i, _)| folds[*i] == fold)
                .map(|(i, e)| (i, raw_scores(&model, &space, &e.observation)))
                .collect()
        })
        .collect();
    let mut scores = vec![[0.0; GENRES]; examples.len()];
    for (i, s) in parts.into_iter().flatten() {
        scores[i] = s;
    }
    scores
}

/// A model's raw scores of an observation (rules outside the model left out).
pub(crate) fn raw_scores(model: &Model, space: &FeatureSpace, o: &Observation) -> [f64; GENRES] {
    let values = space.values(o).features;
    let mut z = model.bias;
    for (f, v) in values {
        for (zg, w) in z.iter_mut().zip(model.weights[f as usize]) {
            *zg += w * v;
        }
    }
    z
}

/// Temperature and offsets that make held-out scores calibrated probabilities (least
/// log-loss); the offset of `other` stays 0.
fn calibrate(scores: &[[f64; GENRES]], labels: &[Genre]) -> (f64, [f64; GENRES]) {
    if scores.is_empty() {
        return (1.0, [0.0; GENRES]);
    }
    // Parameters: ln temperature, offset of requirements, offset of news.
    let mut p = vec![0.0; 3];
    lbfgs::minimise(&mut p, STOP, |p, grad| {
        let t = math::exp(p[0]);
        let offsets = [p[1], p[2], 0.0];
        grad.iter_mut().for_each(|v| *v = 0.0);
        let mut loss = 0.0;
        for (s, y) in scores.iter().zip(labels) {
            let q = softmax(std::array::from_fn(|g| s[g] / t + offsets[g]));
            let y = y.index();
            loss -= math::ln(q[y].max(1e-300));
            // d loss / d logit_g = q_g - [g == y]; logit_g = s_g / t + o_g.
            for g in 0..GENRES {
                let d = q[g] - if g == y { 1.0 } else { 0.0 };
                grad[0] += d * (-s[g] / t);
                if g < 2 {
                    grad[1 + g] += d;
                }
            }
        }
        loss
    });
    (round6(math::exp(p[0])), [round6(p[1]), round6(p[2]), 0.0])
}

/// Macro-F1 over the genres that are labels or calls.
pub(crate) fn macro_f1(confusion: &[[usize; GENRES]; GENRES]) -> f64 {
    let mut f1s = Vec::new();
    for g in 0..GENRES {
        let support: usize = confusion[g].iter().sum();
        let called: usize = confusion.iter().map(|r| r[g]).sum();
        if support == 0 && called == 0 {
            continue;
        }
        let tp = confusion[g][g] as f64;
        f1s.push(if support + called == 0 {
            0.0
        } else {
            2.0 * tp / (support + called) as f64
        });
    }
    if f1s.is_empty() {
        1.0
    } else {
        f1s.iter().sum::<f64>() / f1s.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small problem solved by scikit-learn 1.x (`LogisticRegression(C=1.0, tol=1e-10,
    /// max_iter=10000)`, multinomial, lbfgs) for reference.
    #[test]
    fn agrees_with_a_reference_solver() {
        let dense = [
            [1.0, 0.0, 0.5],
            [0.9, 0.1, 0.4],
            [0.2, 1.0, 0.0],
            [0.1, 0.8, 0.3],
            [0.0, 0.1, 1.0],
            [0.3, 0.2, 0.9],
            [0.5, 0.5, 0.5],
        ];
        let labels = [0, 0, 1, 1, 2, 2, 0];
        let rows: Vec<Vec<(u32, f64)>> = dense
            .iter()
            .map(|r| r.iter().enumerate().map(|(i, v)| (i as u32, *v)).collect())
            .collect();
        let (w, b) = logistic_regression(&rows, &labels, &[1.0; 3], &[[0.0; 3]; 3], 1.0);
        let reference_w = REFERENCE_W;
        let reference_b = REFERENCE_B;
        for f in 0..3 {
            for g in 0..3 {
                assert!((w[f][g] - reference_w[g][f]).abs() < 2e-5, "{w:?}");
            }
        }
        for g in 0..3 {
            assert!((b[g] - reference_b[g]).abs() < 2e-5, "{b:?}");
        }
    }

    // coef_ (genre by feature) and intercept_ of the reference fit.
    const REFERENCE_W: [[f64; 3]; 3] = [
        [0.77466213, -0.33055848, -0.14094497],
        [-0.36071908, 0.6782366, -0.50390205],
        [-0.41394305, -0.34767812, 0.64484701],
    ];
    const REFERENCE_B: [f64; 3] = [0.16526683, -0.01854929, -0.14671754];

    #[test]
    fn macro_f1_of_a_perfect_and_a_blind_call() {
        assert_eq!(macro_f1(&[[3, 0, 0], [0, 2, 0], [0, 0, 1]]), 1.0);
        assert!(macro_f1(&[[0, 0, 3], [0, 0, 2], [0, 0, 1]]) < 0.2);
    }
}
