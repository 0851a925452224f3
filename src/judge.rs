//! Weighing evidence into a genre, per section and per source.
//!
//! Each rule adds its weight once, and repeated matches add with diminishing returns
//! (`weight * (1 + ln n)`), so one convention seen many times cannot outvote several different
//! conventions. `other` rules (legal articles, changelogs, minutes) compete with both genres.
//! A section or source is `requirements` or `news` only when that genre both clears its
//! threshold and outweighs the other two; otherwise it is `other`.

use crate::rules::{Genre, RuleSet};
use crate::scan::{scan, Hit};
use crate::sections::Layout;

/// Thresholds of the decision, settable from configuration.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Weighing {
    /// Score a source needs for `requirements`.
    pub requirements_min: f64,
    /// Score a source needs for `news`.
    pub news_min: f64,
    /// Score one section needs for `requirements` on its own (a spec's one strong section).
    pub section_requirements_min: f64,
    /// A genre must beat the runner-up by this factor.
    pub dominance: f64,
    /// Calls below this confidence get a warning.
    pub low_confidence: f64,
}

impl Default for Weighing {
    fn default() -> Self {
        Weighing {
            requirements_min: 4.5,
            news_min: 4.0,
            section_requirements_min: 7.0,
            dominance: 1.25,
            low_confidence: 0.6,
        }
    }
}

/// How far back (in bytes) a match may start and still overlap a later one.
const MAX_OVERLAP_LOOKBACK: usize = 4096;

/// Scores per genre, indexed by `Genre::index`.
pub type Scores = [f64; 3];

#[derive(Debug, Clone, PartialEq)]
pub struct SectionCall {
    pub title: std::sync::Arc<str>,
    pub line: usize,
    pub genre: Genre,
    pub confidence: f64,
    pub scores: Scores,
}

/// The judgement of one text.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub genre: Genre,
    pub confidence: f64,
    pub scores: Scores,
    pub sections: Vec<SectionCall>,
    /// Every hit, in text order.
    pub hits: Vec<Hit>,
    pub layout: Layout,
}

impl Judgement {
    /// Rules of each genre that fired (indexed by `Genre::index`), with how many hits each:
    /// the most telling convention first (by weight, then by what its matches add up to, then
    /// by its first hit).
    pub fn strongest(&self, rules: &RuleSet) -> [Vec<(usize, usize)>; 3] {
        // Per rule: hits, and where the first starts (one pass for all genres).
        let mut seen: Vec<(usize, usize)> = vec![(0, 0); rules.rules.len()];
        for h in &self.hits {
            if let Some(entry) = seen.get_mut(h.rule()) {
                if entry.0 == 0 {
                    entry.1 = h.start();
                }
                entry.0 += 1;
            }
        }
        let mut by_genre: [Vec<(usize, (usize, usize))>; 3] = Default::default();
        for (rule, entry) in seen.into_iter().enumerate().filter(|(_, (n, _))| *n > 0) {
            by_genre[rules.rules[rule].genre.index()].push((rule, entry));
        }
        by_genre.map(|mut list| {
            list.sort_by(|(a, (na, fa)), (b, (nb, fb))| {
                let (ra, rb) = (&rules.rules[*a], &rules.rules[*b]);
                let wa = contribution(ra.weight, *na, 0);
                let wb = contribution(rb.weight, *nb, 0);
                rb.weight
                    .total_cmp(&ra.weight)
                    .then(wb.total_cmp(&wa))
                    .then(fa.cmp(fb))
            });
            list.into_iter().map(|(rule, (n, _))| (rule, n)).collect()
        })
    }
}

/// What `n` matches of a rule of weight `w` add.
pub fn contribution(weight: f64, n: usize, cap: u32) -> f64 {
    let n = if cap > 0 { n.min(cap as usize) } else { n };
    if n == 0 {
        0.0
    } else {
        weight * (1.0 + (n as f64).ln())
    }
}

/// Scores of a set of hits (in text order). One span of text is one piece of evidence: where
/// rules of the same genre match the same text (one span inside the other), only the heaviest
/// counts; spans that merely touch (a quote's speaker, then "told reporters") are two pieces.
pub fn score(rules: &RuleSet, hits: &[Hit]) -> Scores {
    if hits.len() > PARALLEL_HITS {
        return score_in_parallel(rules, hits);
    }
    // The rules of the hits that count, sorted: a section has a few dozen hits, and a count
    // per rule of the whole set (zeroed and read back for every section) cost more than
    // sorting them.
    let mut counted: Vec<usize> = Vec::with_capacity(hits.len());
    // The furthest any earlier hit reaches (see `outweighed`).
    let mut reach = 0usize;
    for (i, h) in hits.iter().enumerate() {
        if !outweighed(rules, hits, i, reach) {
            counted.push(h.rule());
        }
        reach = reach.max(h.end());
    }
    counted.sort_unstable();
    let mut scores = [0.0; 3];
    // Summed in rule order, as the counts of `score_in_parallel` are.
    for run in counted.chunk_by(|a, b| a == b) {
        if let Some(r) = rules.rules.get(run[0]) {
            scores[r.genre.index()] += contribution(r.weight, run.len(), r.max_per_section);
        }
    }
    scores
}

/// `score` of a long file's hits, counted in parallel pieces and the counts summed.
fn score_in_parallel(rules: &RuleSet, hits: &[Hit]) -> Scores {
    use rayon::prelude::*;
    // The furthest any earlier hit reaches: a hit that ends beyond it, and starts after the
    // hit before it, lies in no earlier span and holds none.
    let reach_before: Vec<usize> = hits
        .iter()
        .scan(0usize, |reach, h| {
            let before = *reach;
            *reach = (*reach).max(h.end());
            Some(before)
        })
        .collect();
    // Counts by rule index: summed in rule order, as a sorted map would give them.
    let rules_count = rules.rules.len();
    let count = |mut counts: Vec<usize>, i: usize| {
        if !outweighed(rules, hits, i, reach_before[i]) {
            if let Some(n) = counts.get_mut(hits[i].rule()) {
                *n += 1;
            }
        }
        counts
    };
    let counts = (0..hits.len())
        .into_par_iter()
        .with_min_len(PARALLEL_HITS)
        .fold(|| vec![0; rules_count], count)
        .reduce(
            || vec![0; rules_count],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        );
    let mut scores = [0.0; 3];
    for (rule, n) in counts.into_iter().enumerate().filter(|(_, n)| *n > 0) {
        let r = &rules.rules[rule];
        scores[r.genre.index()] += contribution(r.weight, n, r.max_per_section);
    }
    scores
}

/// Hits beyond which they are counted, and sections scored, in parallel.
const PARALLEL_HITS: usize = 1 << 14;

/// Whether hit `i` is the same evidence as a heavier hit of its genre (one span inside the
/// other). `reach_before` is the furthest end of the hits before it.
fn outweighed(rules: &RuleSet, hits: &[Hit], i: usize, reach_before: usize) -> bool {
    let h = &hits[i];
    let rule = &rules.rules[h.rule()];
    // Earlier hits start at or before this one: one holds it only if it ends at or after its
    // end, and is held by it only if it starts where it starts.
    let earlier = if reach_before < h.end() && (i == 0 || hits[i - 1].start() < h.start()) {
        &hits[..0]
    } else {
        &hits[..i]
    };
    earlier
        .iter()
        .rev()
        .take_while(|o| o.start() + MAX_OVERLAP_LOOKBACK > h.start())
        .chain(hits[i + 1..].iter().take_while(|o| o.start() < h.end()))
        .any(|o| {
            let other = &rules.rules[o.rule()];
            o.rule() != h.rule()
                && ((o.start() <= h.start() && h.end() <= o.end())
                    || (h.start() <= o.start() && o.end() <= h.end()))
                && other.genre == rule.genre
                && (other.weight, std::cmp::Reverse(o.rule()))
                    > (rule.weight, std::cmp::Reverse(h.rule()))
        })
}

/// The genre the scores point to, and how sure that is (in [0, 1]).
///
/// Confidence grows with the winner's margin over its strongest rival, measured in units of
/// the winner's threshold: at the threshold with no rival it is 0.75, at twice the threshold
/// about 0.88. `other` by default (neither genre near its threshold) is sure when both are far
/// from it; `other` that outweighed a genre past its threshold is as sure as its margin.
pub fn decide(scores: Scores, requirements_min: f64, w: &Weighing) -> (Genre, f64) {
    let [req, news, other] = scores;
    let thresholds = [requirements_min, w.news_min];
    for (genre, s, rivals, min) in [
        (Genre::Requirements, req, news.max(other), thresholds[0]),
        (Genre::News, news, req.max(other), thresholds[1]),
    ] {
        if s >= min && s >= w.dominance * rivals {
            return (genre, round3(margin_confidence((s - rivals) / min)));
        }
    }
    let (rival, rival_min) = if req / thresholds[0] >= news / thresholds[1] {
        (req, thresholds[0])
    } else {
        (news, thresholds[1])
    };
    if rival >= rival_min {
        // A genre carried its threshold but was outweighed, or two genres tied.
        let x = (other - rival) / rival_min;
        let confidence = if x >= 0.0 {
            margin_confidence(x)
        } else {
            0.5 * (1.0 + x).max(0.0) + 0.1
        };
        return (Genre::Other, round3(confidence.clamp(0.1, 1.0)));
    }
    // Neither genre carried: the nearer one came to its threshold, the less sure `other` is,
    // unless the conventions of other genres outweigh it.
    let by_distance = 1.0 - 0.5 * (rival / rival_min);
    let by_margin = margin_confidence((other - rival) / rival_min);
    (Genre::Other, round3(by_distance.max(by_margin)))
}

fn margin_confidence(x: f64) -> f64 {
    1.0 - 0.5 * (-0.7 * x.max(0.0)).exp()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Splits, matches and weighs one text.
pub fn judge_text(rules: &RuleSet, text: &str, w: &Weighing) -> Judgement {
    let layout = Layout::new(text);
    let hits = scan(rules, text, &layout);

    // Hits are in text order: each section's are one slice of them.
    let call = |s: &crate::sections::Section| {
        let from = hits.partition_point(|h| h.start() < s.range.start);
        let to = hits.partition_point(|h| h.start() < s.range.end);
        let scores = score(rules, &hits[from..to]);
        let (genre, confidence) = decide(scores, w.section_requirements_min, w);
        SectionCall {
            title: s.title.clone(),
            line: s.line,
            genre,
            confidence,
            scores,
        }
    };
    let sections: Vec<SectionCall> = if hits.len() <= PARALLEL_HITS {
        layout.sections.iter().map(call).collect()
    } else {
        use rayon::prelude::*;
        layout.sections.par_iter().map(call).collect()
    };

    let scores = score(rules, &hits);
    let (mut genre, mut confidence) = decide(scores, w.requirements_min, w);
    if genre != Genre::Requirements {
        // A requirements section decides the source: a spec may carry a news clipping, but a
        // news page does not carry a section of requirements.
        if let Some(best) = sections
            .iter()
            .filter(|s| s.genre == Genre::Requirements)
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
        {
            genre = Genre::Requirements;
            confidence = best.confidence;
        }
    }
    Judgement {
        genre,
        confidence,
        scores,
        sections,
        hits,
        layout,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The reach of earlier hits only skips scans that would find nothing.
        #[test]
        fn the_shortcut_changes_no_call(
            spans in proptest::collection::vec((0usize..300, 1usize..60, 0usize..12), 0..60),
        ) {
            let rules = crate::rules::load_ruleset(&[] as &[std::path::PathBuf]).unwrap();
            let mut hits: Vec<Hit> = spans
                .iter()
                .filter_map(|&(start, len, rule)| Hit::new(rule * 6, start..start + len))
                .collect();
            hits.sort_unstable();
            let mut reach = 0;
            for i in 0..hits.len() {
                // An unreachable reach turns the shortcut off: every earlier hit is looked at.
                prop_assert_eq!(
                    outweighed(&rules, &hits, i, reach),
                    outweighed(&rules, &hits, i, usize::MAX)
                );
                reach = reach.max(hits[i].end());
            }
        }
    }

    #[test]
    fn repeated_matches_have_diminishing_returns() {
        assert_eq!(contribution(2.0, 0, 0), 0.0);
        assert_eq!(contribution(2.0, 1, 0), 2.0);
        assert!(contribution(2.0, 10, 0) < 2.0 * 4.0);
        assert_eq!(contribution(2.0, 10, 1), 2.0);
    }

    #[test]
    fn a_genre_must_clear_its_threshold_and_dominate() {
        let w = Weighing::default();
        assert_eq!(decide([0.0, 0.0, 0.0], 5.0, &w).0, Genre::Other);
        assert_eq!(decide([0.0, 9.0, 0.0], 5.0, &w).0, Genre::News);
        assert_eq!(decide([9.0, 0.0, 0.0], 5.0, &w).0, Genre::Requirements);
        assert_eq!(decide([9.0, 0.0, 9.0], 5.0, &w).0, Genre::Other);
        assert_eq!(decide([9.0, 8.5, 0.0], 5.0, &w).0, Genre::Other);
    }

    #[test]
    fn confidence_stays_in_unit_interval() {
        let w = Weighing::default();
        for s in [
            [0.0, 0.0, 0.0],
            [100.0, 0.0, 0.0],
            [5.0, 0.0, 0.0],
            [4.9, 3.9, 0.0],
        ] {
            let (_, c) = decide(s, 5.0, &w);
            assert!((0.0..=1.0).contains(&c), "{s:?} -> {c}");
        }
    }
}
