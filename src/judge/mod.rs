//! Judging a text: split it into sections, match the rules once, observe the whole text and
//! each section (rule matches, layout, words), and let the model call each of them. The source
//! is what the model calls the whole text; sections are called by the same model on their own
//! text, so a spec's pasted news clipping is reported as news and a newspaper page's articles
//! each as news.

pub(crate) mod evidence;

use crate::engine::RuleSet;
use crate::engine::{scan, Hit};
use crate::model::{observe, Call, Observation, Scorer, Token, Window};
use crate::rules::Genre;
use crate::text::layout::Layout;

/// Settings of the judgement that configuration can change.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Weighing {
    /// Calls below this confidence get a warning.
    pub low_confidence: f64,
}

impl Default for Weighing {
    fn default() -> Self {
        Weighing {
            low_confidence: 0.6,
        }
    }
}

/// Calibrated probabilities per genre, indexed by `Genre::index`.
pub(crate) type Probabilities = [f64; 3];

#[derive(Debug, Clone, PartialEq)]
pub struct SectionCall {
    pub title: std::sync::Arc<str>,
    pub line: usize,
    pub genre: Genre,
    pub confidence: f64,
    pub probabilities: Probabilities,
}

/// The judgement of one text.
#[derive(Debug, Clone)]
pub struct Judgement {
    /// Whether the text had enough in it to be called at all.
    pub judged: bool,
    /// The genre called.
    pub genre: Genre,
    /// The calibrated probability of the genre called.
    pub confidence: f64,
    /// The calibrated probability of each genre.
    pub probabilities: Probabilities,
    /// The model's call on the whole text, with every feature's part in it.
    pub call: Call,
    /// The call on each section.
    pub sections: Vec<SectionCall>,
    /// Every hit, in text order.
    pub hits: Vec<Hit>,
    /// The text's lines, headings and sections.
    pub layout: Layout,
    /// What the model saw of the whole text (its words, with where each first stands).
    pub observed: Observation,
}

/// A text as the model sees it: the whole, and each section (None where the section is the
/// whole text).
#[derive(Debug, Clone)]
pub(crate) struct Observed {
    pub whole: Observation,
    pub sections: Vec<Option<Observation>>,
}

/// Sections of one text beyond which they are observed in parallel.
const PARALLEL_SECTIONS: usize = 64;

/// Observes each section of a layout (None for a section that is the whole text).
pub(crate) fn observe_sections(
    text: &str,
    layout: &Layout,
    hits: &[Hit],
    window_chars: usize,
    keep: &(dyn Fn(Token, &str) -> bool + Sync),
) -> Vec<Option<Observation>> {
    let section = |s: &crate::text::layout::Section| {
        (s.range != (0..text.len())).then(|| {
            observe(
                text,
                s.range.clone(),
                layout,
                hits,
                Window::section(window_chars),
                keep,
            )
        })
    };
    if layout.sections.len() > PARALLEL_SECTIONS {
        use rayon::prelude::*;
        layout.sections.par_iter().map(section).collect()
    } else {
        layout.sections.iter().map(section).collect()
    }
}

/// The model's calls on an observed text: the whole, then each section; None for a section
/// with too little in it to stand alone, which takes the call of its source.
pub(crate) fn call_observed(scorer: &Scorer<'_>, observed: &Observed) -> (Call, Vec<Option<Call>>) {
    let whole = scorer.explain(&observed.whole);
    let call = |o: &Option<Observation>| match o {
        Some(o) => Some(scorer.call(o)).filter(Call::stands_alone),
        None => Some(whole.without_contributions()),
    };
    let sections = if observed.sections.len() > PARALLEL_SECTIONS {
        use rayon::prelude::*;
        observed.sections.par_iter().map(call).collect()
    } else {
        observed.sections.iter().map(call).collect()
    };
    (whole, sections)
}

/// The model's call on each section of a text, each observed and called in turn (a long
/// file's tens of thousands of observations are never all held at once); the same calls as
/// `call_observed` gives.
fn call_sections(
    scorer: &Scorer<'_>,
    text: &str,
    layout: &Layout,
    hits: &[Hit],
    whole: &Call,
) -> Vec<Option<Call>> {
    let keep = |t: Token, _: &str| scorer.knows(t);
    let window = Window::section(scorer.model().window_chars());
    let call = |s: &crate::text::layout::Section| {
        if s.range == (0..text.len()) {
            return Some(whole.without_contributions());
        }
        let observed = observe(text, s.range.clone(), layout, hits, window, &keep);
        Some(scorer.call(&observed)).filter(Call::stands_alone)
    };
    if layout.sections.len() > PARALLEL_SECTIONS {
        use rayon::prelude::*;
        layout.sections.par_iter().map(call).collect()
    } else {
        layout.sections.iter().map(call).collect()
    }
}

/// Splits, matches, observes and calls one text.
pub fn judge_text(rules: &RuleSet, scorer: &Scorer<'_>, text: &str) -> Judgement {
    let layout = Layout::new(text);
    let hits = scan(rules, text, &layout);
    let keep = |t: Token, _: &str| scorer.knows(t);
    let window = Window::whole(scorer.model().window_chars());
    let observed = observe(text, 0..text.len(), &layout, &hits, window, &keep);
    let call = scorer.explain(&observed);
    let section_calls = call_sections(scorer, text, &layout, &hits, &call);
    let (genre, confidence, probabilities) = source_call(&call, &section_calls);
    let sections = layout
        .sections
        .iter()
        .zip(section_calls)
        .map(|(s, c)| {
            let (genre, confidence, probabilities) = match c {
                Some(c) => in_context(scorer, &c, probabilities),
                None => (genre, confidence, probabilities),
            };
            SectionCall {
                title: s.title.clone(),
                line: s.line,
                genre,
                confidence: round3(confidence),
                probabilities,
            }
        })
        .collect();
    Judgement {
        judged: call.judged(),
        genre,
        confidence: round3(confidence),
        probabilities,
        observed,
        call,
        sections,
        hits,
        layout,
    }
}

/// Evidence (rule matches and words) at which a section's own call and its source's weigh
/// alike.
const SECTION_HALF_ALONE: f64 = 40.0;

/// A section's call read in the context of its source: its own log-probabilities and its
/// source's, weighed by how much evidence the section has (a title and a line lean on their
/// document; a pasted article with its dateline stands on its own).
fn in_context(
    scorer: &Scorer<'_>,
    own: &Call,
    source: Probabilities,
) -> (Genre, f64, Probabilities) {
    let e = f64::from(own.evidence);
    let alone = e / (e + SECTION_HALF_ALONE);
    let logits: Probabilities = std::array::from_fn(|g| {
        alone * crate::model::math::ln(own.probabilities[g].max(1e-12))
            + (1.0 - alone) * crate::model::math::ln(source[g].max(1e-12))
    });
    let p = crate::model::softmax(logits);
    let genre = scorer.least_cost_genre(&p);
    (genre, p[genre.index()], p)
}

/// How sure a section's call must be for the section to carry its source: a spec may carry a
/// news clipping (and be called news as a whole when the spec is short), but a news page does
/// not carry a section of requirements.
const SECTION_CARRIES: f64 = 0.9;

/// The call on a source: the call on the whole text, unless that is not requirements and a
/// section is, surely, with a convention of requirements among its evidence (a rule, not only
/// words and layout).
pub(crate) fn source_call(whole: &Call, sections: &[Option<Call>]) -> (Genre, f64, Probabilities) {
    if whole.genre != Genre::Requirements {
        let carrying = sections
            .iter()
            .flatten()
            .filter(|c| c.genre == Genre::Requirements && c.confidence() >= SECTION_CARRIES)
            .filter(|c| c.rules_for[Genre::Requirements.index()])
            .max_by(|a, b| a.confidence().total_cmp(&b.confidence()));
        if let Some(c) = carrying {
            return (Genre::Requirements, c.confidence(), c.probabilities);
        }
    }
    (whole.genre, whole.confidence(), whole.probabilities)
}

/// Confidence as reports show it: three decimals.
pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::test_support::{builtin_rules, markdownish};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn judging_never_panics_and_confidence_is_a_probability(text in markdownish()) {
            let scorer = Scorer::new(Model::builtin(), builtin_rules());
            let j = judge_text(builtin_rules(), &scorer, &text);
            prop_assert!((0.0..=1.0).contains(&j.confidence));
            for s in &j.sections {
                prop_assert!((0.0..=1.0).contains(&s.confidence));
            }
        }
    }
}
