//! Every labelled document read, matched and observed once: fitting and scoring then work on
//! the observations.

use crate::engine::{scan, RuleSet};
use crate::error::IntakeError;
use crate::input::corpus::{read_text, Labelled};
use crate::judge::{observe_sections, Observed};
use crate::model::{observe, Token};
use crate::text::lang::{self, TextLang};
use crate::text::layout::Layout;
use rayon::prelude::*;
use std::collections::HashMap;

/// A labelled document as the model sees it.
#[derive(Debug, Clone)]
pub(crate) struct ObservedDoc {
    pub doc: Labelled,
    pub language: TextLang,
    pub observed: Observed,
}

/// A document observed, with the text of the tokens met in it.
type NamedDoc = (ObservedDoc, Vec<(Token, String)>);

/// Every document read, matched and observed (in parallel, in order), with the text of every
/// token met in the documents' openings and headings. Sections are observed when `sections`.
pub(crate) fn observe_corpus(
    docs: Vec<Labelled>,
    rules: &RuleSet,
    window_chars: usize,
    sections: bool,
) -> Result<(Vec<ObservedDoc>, HashMap<Token, String>), IntakeError> {
    let observed: Vec<Result<NamedDoc, IntakeError>> = docs
        .into_par_iter()
        .map(|doc| {
            let decoded = read_text(&doc)?;
            let text = decoded.text.as_str();
            let layout = Layout::new(text);
            let hits = scan(rules, text, &layout);
            let mut names: Vec<(Token, String)> = Vec::new();
            let window = crate::model::Window::whole(window_chars);
            let whole = observe(text, 0..text.len(), &layout, &hits, window, |t, s| {
                names.push((t, crate::model::token_name(t, s)));
                true
            });
            let keep_all = |_: Token, _: &str| true;
            let section_observations = if sections {
                observe_sections(text, &layout, &hits, window_chars, &keep_all)
            } else {
                Vec::new()
            };
            names.sort_unstable();
            names.dedup_by(|a, b| a.0 == b.0);
            Ok((
                ObservedDoc {
                    language: lang::detect(text),
                    observed: Observed {
                        whole,
                        sections: section_observations,
                    },
                    doc,
                },
                names,
            ))
        })
        .collect();
    let mut docs = Vec::with_capacity(observed.len());
    let mut names: HashMap<Token, String> = HashMap::new();
    for result in observed {
        let (doc, doc_names) = result?;
        for (t, n) in doc_names {
            names.entry(t).or_insert(n);
        }
        docs.push(doc);
    }
    Ok((docs, names))
}
