//! Which evidence a source report keeps: the strongest rules of each genre, a few matches
//! each, and for the top ones an excerpt of their line for the human report. The source text is
//! dropped after this.

use crate::excerpt::excerpt;
use crate::judge::Judgement;
use crate::outcome::Evidence;
use crate::position::first_chars;
use crate::rules::{Genre, RuleSet};
use crate::scan::Hit;

/// Most hits of one rule kept as evidence per source, and most rules per genre.
const HITS_PER_RULE: usize = 2;
const RULES_PER_GENRE: usize = 8;
/// How many of the strongest rules of a genre are shown as labelled spans.
const TOP_RULES: usize = 4;

/// The evidence worth keeping: the strongest rules of each genre, a few hits each. The hit
/// shown for a top rule is, where it has one, on a line already shown for a stronger rule, so a
/// report shows a dateline and its byline together.
pub fn collect_evidence(
    rules: &RuleSet,
    text: &str,
    judgement: &Judgement,
    excerpts: bool,
) -> Vec<Evidence> {
    let lines = &judgement.layout.lines;
    let mut out = Vec::new();
    let mut strongest = judgement.strongest(rules);
    // The hits grouped by rule, each group in text order: a rule's hits are read several
    // times below, and filtering all hits for each of up to 24 rules cost more than one sort.
    // Not for a long file's hundreds of thousands: their copy would raise its peak memory.
    let by_rule = (judgement.hits.len() <= GROUPED_HITS).then(|| {
        let mut hits = judgement.hits.clone();
        hits.sort_by_key(|h| h.rule());
        hits
    });
    for genre in Genre::ALL {
        // Byte ranges of the lines shown so far.
        let mut shown_lines: Vec<std::ops::Range<usize>> = Vec::new();
        let mut shown_spans: Vec<std::ops::Range<usize>> = Vec::new();
        for (rank, (rule_index, _)) in std::mem::take(&mut strongest[genre.index()])
            .into_iter()
            .take(RULES_PER_GENRE)
            .enumerate()
        {
            let rule = &rules.rules[rule_index];
            let hits = || match &by_rule {
                Some(grouped) => {
                    let first = grouped.partition_point(|h| h.rule() < rule_index);
                    let last = grouped.partition_point(|h| h.rule() <= rule_index);
                    RuleHits::Grouped(grouped[first..last].iter())
                }
                None => RuleHits::Filtered(judgement.hits.iter(), rule_index),
            };
            // A top rule's labelled hit: its first on a line already shown, else its first.
            let top_hit = (rank < TOP_RULES)
                .then(|| {
                    hits()
                        .enumerate()
                        .find(|(_, h)| shown_lines.iter().any(|l| l.contains(&h.start())))
                        .or_else(|| hits().next().map(|h| (0, h)))
                })
                .flatten()
                // Text already shown for a stronger rule is not labelled twice.
                .filter(|(_, h)| {
                    !shown_spans
                        .iter()
                        .any(|s| s.start <= h.start() && h.end() <= s.end)
                });
            if let Some((_, h)) = top_hit {
                shown_lines.push(lines.line_range(lines.line(h.start()), text.len()));
                shown_spans.push(h.start()..h.end());
            }
            let top_hit = top_hit.map(|(i, _)| i);
            let last_kept = HITS_PER_RULE.max(top_hit.map_or(0, |i| i + 1));
            let kept = hits()
                .take(last_kept)
                .enumerate()
                .filter(|(k, _)| *k < HITS_PER_RULE || Some(*k) == top_hit);
            for (k, h) in kept {
                let (line, column) = lines.line_col(text, h.start());
                let matched = &text[h.start()..h.end()];
                out.push(Evidence {
                    rule: rule.id.clone(),
                    genre,
                    label: rule.label.clone(),
                    weight: rule.weight,
                    line,
                    column,
                    offset: h.start(),
                    length: h.end() - h.start(),
                    text: first_chars(matched, EVIDENCE_CHARS).to_owned(),
                    top: Some(k) == top_hit,
                    excerpt: (excerpts && Some(k) == top_hit)
                        .then(|| excerpt(text, lines, h.start(), h.end() - h.start())),
                });
            }
        }
    }
    out.sort_by(|a, b| (a.offset, &a.rule).cmp(&(b.offset, &b.rule)));
    out
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
