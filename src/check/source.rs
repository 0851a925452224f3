//! One source judged: its call and evidence, and the findings about it (its encoding, a
//! language without rules, too little text, a call less sure than the threshold).

use super::outcome::{Evidence, Finding, SourceReport, Weighed};
use crate::codes::Code;
use crate::engine::RuleSet;
use crate::input::decode::Decoded;
use crate::inventory::Statement;
use crate::judge::evidence::collect_evidence;
use crate::judge::{judge_text, Judgement, Weighing};
use crate::model::Scorer;
use crate::rules::{Genre, Lang};
use crate::text::lang::{self, TextLang};

/// Features shown by `-v`: the bias, then those whose parts differ most between genres.
const WEIGHED_SHOWN: usize = 16;

fn weighed(scorer: &Scorer<'_>, judgement: &Judgement) -> Vec<Weighed> {
    let relative = |scores: [f64; 3]| {
        let mean = scores.iter().sum::<f64>() / 3.0;
        scores.map(|s| crate::judge::round3(s - mean))
    };
    let spread = |t: &[f64; 3]| t.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let mut list: Vec<Weighed> = judgement
        .call
        .contributions
        .iter()
        .map(|c| Weighed {
            feature: match (c.feature, c.rule) {
                (Some(f), _) => scorer.model().feature_name(f).into(),
                (None, Some(_)) => "untrained rule".into(),
                (None, None) => "?".into(),
            },
            value: crate::judge::round3(c.value),
            toward: relative(c.scores),
        })
        .collect();
    list.sort_by(|a, b| {
        spread(&b.toward)
            .total_cmp(&spread(&a.toward))
            .then(a.feature.cmp(&b.feature))
    });
    list.truncate(WEIGHED_SHOWN);
    list.insert(
        0,
        crate::check::outcome::Weighed {
            feature: "bias".into(),
            value: 1.0,
            toward: relative(scorer.model().bias()),
        },
    );
    list
}

/// What a source report keeps beyond its call and evidence: the human report shows the lines
/// of the top evidence, and `-v` the features that weighed most; the other formats skip the
/// cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    /// Keep the line around each top evidence item.
    pub excerpts: bool,
    /// Keep the features that weighed most in the call.
    pub weighed: bool,
    /// List the requirement statements of what is judged requirements (the inventory).
    pub statements: bool,
}

/// Judges one decoded source and keeps its evidence (with `excerpts`, the lines of its top
/// evidence too); the text is not kept.
pub fn judge_source(
    rules: &RuleSet,
    scorer: &Scorer<'_>,
    path: &str,
    decoded: &Decoded,
    weighing: &Weighing,
    background: bool,
    detail: Detail,
) -> (SourceReport, Vec<Finding>) {
    let text = decoded.text.as_str();
    let language = lang::detect(text);
    let judgement = judge_text(rules, scorer, text);
    let mut evidence = collect_evidence(rules, scorer, text, &judgement, detail.excerpts);
    if !decoded.origins.is_empty() {
        for e in &mut evidence {
            e.origin = decoded.origins.at(e.offset).cloned().map(Box::new);
        }
    }
    let mut findings = Vec::new();
    if !decoded.encoding.starts_with("UTF-8") {
        findings.push(
            Finding::new(
                Code::SourceEncoding,
                format!("`{path}` is not UTF-8; decoded as {}", decoded.encoding),
            )
            .in_file(path),
        );
    }

    let unsupported = unsupported_language(rules, language);
    if let Some(name) = unsupported {
        findings.push(
            Finding::new(
                Code::LanguageUnsupported,
                format!("no rules for language {name}: `{path}` cannot be judged"),
            )
            .in_file(path),
        );
    } else if !judgement.judged {
        findings.push(
            Finding::new(
                Code::TooLittleText,
                format!(
                    "`{path}` has too little text to judge (no rule matched, fewer than {} \
                     words counted); counted as other",
                    crate::model::MIN_EVIDENCE
                ),
            )
            .in_file(path),
        );
    } else if judgement.confidence < weighing.low_confidence {
        findings.push(low_confidence(path, &judgement, &evidence));
    }
    let weighed = if detail.weighed {
        weighed(scorer, &judgement)
    } else {
        Vec::new()
    };
    let statements = if detail.statements && !background && unsupported.is_none() {
        requirement_statements(text, &judgement)
    } else {
        Vec::new()
    };
    // The sections move into the report; the layout and hits go now, not with the report.
    let (mut genre, mut confidence) = (judgement.genre, judgement.confidence);
    let probabilities = judgement.probabilities;
    let mut sections = judgement.sections;
    if unsupported.is_some() {
        genre = Genre::Other;
        confidence = 0.0;
        // Nor are its sections judged.
        for s in &mut sections {
            s.genre = Genre::Other;
            s.confidence = 0.0;
        }
    }
    let report = SourceReport {
        path: path.to_owned(),
        genre,
        confidence,
        probabilities,
        background,
        encoding: decoded.encoding,
        format: decoded.format,
        language: language.name(),
        weighed,
        sections,
        evidence,
        statements,
    };
    (report, findings)
}

/// The statements of a text called requirements (all its sections but news clippings), or
/// of the sections called requirements in another text.
fn requirement_statements(text: &str, judgement: &crate::judge::Judgement) -> Vec<Statement> {
    statements_of(
        text,
        &judgement.layout,
        judgement.genre,
        &judgement.sections,
    )
}

/// The statements of a text with `layout`, called `genre` with `sections` (one call for each
/// section of the layout).
pub(crate) fn statements_of(
    text: &str,
    layout: &crate::text::layout::Layout,
    genre: Genre,
    sections: &[crate::judge::SectionCall],
) -> Vec<Statement> {
    crate::inventory::statements(text, layout, &requirement_parts(layout, genre, sections))
}

/// The parts of a text whose statements are listed: all its sections but news when it is
/// called requirements, else its sections called requirements.
pub(crate) fn requirement_parts(
    layout: &crate::text::layout::Layout,
    genre: Genre,
    sections: &[crate::judge::SectionCall],
) -> Vec<std::ops::Range<usize>> {
    let whole = genre == Genre::Requirements;
    sections
        .iter()
        .zip(&layout.sections)
        .filter(|(call, _)| match whole {
            true => call.genre != Genre::News,
            false => call.genre == Genre::Requirements,
        })
        .map(|(_, section)| section.range.clone())
        .collect()
}

/// The name of the text's language when no rule pack judges it.
fn unsupported_language(rules: &RuleSet, language: TextLang) -> Option<&'static str> {
    let pack = match language {
        TextLang::Zh => Lang::Zh,
        TextLang::En => Lang::En,
        TextLang::Unsupported(name) => return Some(name),
        TextLang::Unknown => return None,
    };
    (!rules.has_language(pack)).then(|| pack.as_str())
}

/// A call less sure than the threshold, with the evidence both ways: for the genre called and
/// for the runner-up.
fn low_confidence(path: &str, judgement: &Judgement, evidence: &[Evidence]) -> Finding {
    let genre = judgement.genre;
    let runner_up = Genre::ALL
        .into_iter()
        .filter(|g| *g != genre)
        .max_by(|a, b| {
            judgement.probabilities[a.index()].total_cmp(&judgement.probabilities[b.index()])
        })
        .unwrap_or(Genre::Other);
    Finding::new(
        Code::LowConfidence,
        format!(
            "`{path}` judged {genre} with low confidence {:.2} \
             ({runner_up} {:.2}); {genre} evidence: {}; {runner_up} evidence: {}",
            judgement.confidence,
            judgement.probabilities[runner_up.index()],
            strongest(evidence, genre),
            strongest(evidence, runner_up)
        ),
    )
    .in_file(path)
}

/// The three strongest features of the evidence for `genre`, conventions (rules) first, then
/// words; each feature once.
fn strongest(evidence: &[Evidence], genre: Genre) -> String {
    let mut items: Vec<&Evidence> = evidence.iter().filter(|e| e.genre == genre).collect();
    items.sort_by(|a, b| {
        b.rule
            .is_some()
            .cmp(&a.rule.is_some())
            .then(b.weight.total_cmp(&a.weight))
    });
    let mut list: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for e in items {
        if !seen.contains(&&*e.feature) && list.len() < 3 {
            seen.push(&e.feature);
            list.push(format!("{} (line {})", e.feature, e.line));
        }
    }
    if list.is_empty() {
        "none".to_owned()
    } else {
        list.join(", ")
    }
}
