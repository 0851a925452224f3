//! Which evidence a source report keeps: the features that weighed most for each genre in the
//! model's call on the whole text, with the spans that show them (a rule's matches, a word's
//! first occurrence), and for the top ones an excerpt of their line for the human report. The
//! source text is dropped after this.

use crate::engine::Hit;
use crate::engine::RuleSet;
use crate::input::formats::Origin;
use crate::judge::{round3, Judgement};
use crate::model::{Contribution, Scorer};
use crate::rules::Genre;
use crate::text::excerpt::excerpt;
use crate::text::excerpt::Excerpt;
use crate::text::position::first_chars;
use std::sync::Arc;

/// One piece of evidence: a feature of the model shown at a span of a source (a rule's match,
/// a word).
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The rule matched; None for a learned feature (a word).
    pub rule: Option<std::sync::Arc<str>>,
    /// The model's name of the feature: `rule:<id>`, `word:<token>`, `heading:<token>`.
    pub feature: std::sync::Arc<str>,
    /// The genre it speaks for.
    pub genre: Genre,
    /// What a person reads under the span (`dateline`, `user story`).
    pub label: std::sync::Arc<str>,
    /// What it added to its genre's score against the mean of the three (log-odds).
    pub weight: f64,
    /// 1-based line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
    /// Byte offset and length in the decoded text.
    pub offset: usize,
    /// Byte length of the span.
    pub length: usize,
    /// The text matched.
    pub text: String,
    /// Among the strongest evidence of its genre in the source (shown in reports).
    pub top: bool,
    /// The line around it, kept for top evidence only (the human report shows it); boxed,
    /// since most items have none and a run keeps every item until the report.
    pub excerpt: Option<Box<Excerpt>>,
    /// Where the span stands in the original document, for a source whose text was taken
    /// out of another format (a page, a paragraph, a cell); boxed, as for `excerpt`.
    pub origin: Option<Box<Origin>>,
}

/// Most hits of one rule kept as evidence per source, and most features per genre.
const HITS_PER_RULE: usize = 2;
const FEATURES_PER_GENRE: usize = 8;
/// How many of the strongest features of a genre are shown as labelled spans.
const TOP_FEATURES: usize = 4;
/// Words kept as evidence per genre, and the least a word must weigh to be kept: one word
/// weighs little, and a list of them says less than one convention.
const WORDS_PER_GENRE: usize = 3;
const MIN_WORD_WEIGHT: f64 = 0.05;

/// The evidence worth keeping: the features that speak most for each genre, with their spans.
/// The hit shown for a top rule is, where it has one, on a line already shown for a stronger
/// one, so a report shows a dateline and its byline together.
pub(crate) fn collect_evidence(
    rules: &RuleSet,
    scorer: &Scorer<'_>,
    text: &str,
    judgement: &Judgement,
    excerpts: bool,
) -> Vec<Evidence> {
    let mut out = Vec::new();
    // The hits grouped by rule, each group in text order: a rule's hits are read several
    // times below, and filtering all hits for each rule cost more than one sort. Not for a
    // long file's hundreds of thousands: their copy would raise its peak memory.
    let by_rule = (judgement.hits.len() <= GROUPED_HITS).then(|| {
        let mut hits = judgement.hits.clone();
        hits.sort_by_key(|h| h.rule());
        hits
    });
    let rule_hits = |rule_index: usize| match &by_rule {
        Some(grouped) => {
            let first = grouped.partition_point(|h| h.rule() < rule_index);
            let last = grouped.partition_point(|h| h.rule() <= rule_index);
            RuleHits::Grouped(grouped[first..last].iter())
        }
        None => RuleHits::Filtered(judgement.hits.iter(), rule_index),
    };
    // The features kept for each genre; a word is shown where it first stands.
    let kept = kept_by_genre(&judgement.call.contributions, scorer);
    let span_of = |f: u32| scorer.first_span(f, &judgement.observed);
    for (genre, kept) in Genre::ALL.into_iter().zip(kept) {
        let mut shown = Shown::default();
        for (rank, c) in kept.into_iter().enumerate() {
            let top = rank < TOP_FEATURES;
            let weight = round3(c.toward(genre));
            if let Some(rule_index) = c.rule {
                let rule = &rules.rules[rule_index as usize];
                let spans = shown.pick(
                    top,
                    || rule_hits(rule_index as usize),
                    judgement,
                    text.len(),
                );
                for (span, is_top) in spans {
                    out.push(item(
                        text,
                        judgement,
                        span,
                        Item {
                            rule: Some(rule.id.clone()),
                            feature: scorer.rule_name(rule_index as usize),
                            genre,
                            label: rule.label.clone(),
                            weight,
                        },
                        is_top,
                        excerpts,
                    ));
                }
            } else if let Some(f) = c.feature {
                let Some(span) = span_of(f) else {
                    continue;
                };
                let name = scorer.feature_name(f);
                let is_top = top && shown.take(&span);
                out.push(item(
                    text,
                    judgement,
                    span,
                    Item {
                        rule: None,
                        label: word_label(&name, genre),
                        feature: name,
                        genre,
                        weight,
                    },
                    is_top,
                    excerpts,
                ));
            }
        }
    }
    out.sort_by(|a, b| (a.offset, &a.feature).cmp(&(b.offset, &b.feature)));
    // Kept until the report is written: no spare capacity.
    out.shrink_to_fit();
    out
}

/// The contributions kept as evidence for each genre: those that speak for it and can be shown
/// in the text (rules, and a few words that weigh enough), the strongest first.
fn kept_by_genre<'c>(
    contributions: &'c [Contribution],
    scorer: &Scorer<'_>,
) -> [Vec<&'c Contribution>; 3] {
    // One pass: each contribution goes to the genre it speaks for, with how much.
    let mut by_genre: [Vec<(f64, &Contribution)>; 3] = Default::default();
    for c in contributions {
        let genre = c.genre();
        let toward = c.toward(genre);
        let shown = c.rule.is_some()
            || (toward >= MIN_WORD_WEIGHT && c.feature.is_some_and(|f| scorer.is_word(f)));
        if toward > 0.0 && shown {
            by_genre[genre.index()].push((toward, c));
        }
    }
    by_genre.map(|mut list| {
        // Features and rules are unique: the order is total.
        list.sort_unstable_by(|(ta, a), (tb, b)| {
            tb.total_cmp(ta)
                .then(a.rule.cmp(&b.rule))
                .then(a.feature.cmp(&b.feature))
        });
        let mut words = 0;
        list.retain(|(_, c)| {
            let word = c.rule.is_none();
            words += usize::from(word);
            !word || words <= WORDS_PER_GENRE
        });
        list.truncate(FEATURES_PER_GENRE);
        list.into_iter().map(|(_, c)| c).collect()
    })
}

/// The label of a word feature: one of six, made once and shared.
fn word_label(name: &str, genre: Genre) -> Arc<str> {
    static LABELS: std::sync::OnceLock<[[Arc<str>; 3]; 2]> = std::sync::OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        [
            Genre::ALL.map(|g| Arc::from(format!("word typical of {g}"))),
            Genre::ALL.map(|g| Arc::from(format!("heading word typical of {g}"))),
        ]
    });
    labels[usize::from(name.starts_with("heading:"))][genre.index()].clone()
}

/// What an evidence item says, apart from where it stands.
struct Item {
    rule: Option<Arc<str>>,
    feature: Arc<str>,
    genre: Genre,
    label: Arc<str>,
    weight: f64,
}

fn item(
    text: &str,
    judgement: &Judgement,
    span: std::ops::Range<usize>,
    what: Item,
    top: bool,
    excerpts: bool,
) -> Evidence {
    let lines = &judgement.layout.lines;
    let (line, column) = lines.line_col(text, span.start);
    let matched = text.get(span.clone()).unwrap_or("");
    Evidence {
        rule: what.rule,
        feature: what.feature,
        genre: what.genre,
        label: what.label,
        weight: what.weight,
        line,
        column,
        offset: span.start,
        length: span.len(),
        text: first_chars(matched, EVIDENCE_CHARS).to_owned(),
        top,
        excerpt: (excerpts && top).then(|| Box::new(excerpt(text, lines, span.start, span.len()))),
        origin: None,
    }
}

/// The lines and spans labelled so far for one genre.
#[derive(Default)]
struct Shown {
    lines: Vec<std::ops::Range<usize>>,
    spans: Vec<std::ops::Range<usize>>,
}

impl Shown {
    /// The hits of a rule to keep, each with whether it is labelled: the first `HITS_PER_RULE`,
    /// and for a top rule, its first hit on a line already shown (else its first).
    fn pick<I: Iterator<Item = Hit>>(
        &mut self,
        top: bool,
        hits: impl Fn() -> I,
        judgement: &Judgement,
        text_len: usize,
    ) -> Vec<(std::ops::Range<usize>, bool)> {
        let lines = &judgement.layout.lines;
        let top_hit = top
            .then(|| {
                hits()
                    .enumerate()
                    .find(|(_, h)| self.lines.iter().any(|l| l.contains(&h.start())))
                    .or_else(|| hits().next().map(|h| (0, h)))
            })
            .flatten()
            // Text already shown for a stronger feature is not labelled twice.
            .filter(|(_, h)| {
                !self
                    .spans
                    .iter()
                    .any(|s| s.start <= h.start() && h.end() <= s.end)
            });
        if let Some((_, h)) = top_hit {
            self.lines
                .push(lines.line_range(lines.line(h.start()), text_len));
            self.spans.push(h.start()..h.end());
        }
        let top_index = top_hit.map(|(i, _)| i);
        let last_kept = HITS_PER_RULE.max(top_index.map_or(0, |i| i + 1));
        hits()
            .take(last_kept)
            .enumerate()
            .filter(|(k, _)| *k < HITS_PER_RULE || Some(*k) == top_index)
            .map(|(k, h)| (h.start()..h.end(), Some(k) == top_index))
            .collect()
    }

    /// Labels `span` unless it lies in one labelled already.
    fn take(&mut self, span: &std::ops::Range<usize>) -> bool {
        if self
            .spans
            .iter()
            .any(|s| s.start <= span.start && span.end <= s.end)
        {
            return false;
        }
        self.spans.push(span.clone());
        true
    }
}

/// Most hits a source may have for them to be grouped by rule (a copy of 12 bytes a hit).
const GROUPED_HITS: usize = 1 << 16;

/// One rule's hits in text order: a slice of the grouped hits, or all hits filtered.
enum RuleHits<'a> {
    Grouped(std::slice::Iter<'a, Hit>),
    Filtered(std::slice::Iter<'a, Hit>, usize),
}

impl Iterator for RuleHits<'_> {
    type Item = Hit;

    fn next(&mut self) -> Option<Hit> {
        match self {
            RuleHits::Grouped(hits) => hits.next().copied(),
            RuleHits::Filtered(hits, rule) => hits.find(|h| h.rule() == *rule).copied(),
        }
    }
}

/// Characters of a match kept as its evidence text.
const EVIDENCE_CHARS: usize = 200;
