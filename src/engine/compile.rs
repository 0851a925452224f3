//! Compiling loaded rules into one matcher. Every phrase of every rule, and a literal trigger of
//! every pattern, go into one literal matcher (`literal_matcher`), so a text is searched in one
//! pass. A pattern whose triggers are top-level pieces of it (or of each branch of its
//! alternations) is verified at each trigger by anchored searches; any other runs in windows
//! around its triggers, or on heading lines for heading-scoped rules. Patterns are compiled on
//! first use, so a run pays only for the rules its text can trigger.

use super::anchored::{AnchoredRegex, BuiltDfas, CachePool};
use super::gate::TriggerGate;
use super::limits::{
    is_word_byte, MATCH_WINDOW, MAX_PATTERN_LEN, REGEX_CACHE_LIMIT, REGEX_SIZE_LIMIT,
};
use super::literal_matcher::{build_automaton, LiteralMatcher, Meaning, Owner};
use super::literals::{split, triggers, Split, Triggers};
use crate::error::LocatedError;
use crate::rules::{find_id_offset, rule_error, Lang, LoadedRule, Rule, RuleSource, Scope};
use regex_automata::meta;
use regex_automata::util::syntax;
use regex_syntax::hir::Hir;
use std::sync::{Arc, OnceLock};

/// Where a rule's matches count and which of them it drops.
#[derive(Debug, Clone)]
pub(crate) struct Matching {
    pub(crate) scope: Scope,
    pub(crate) exceptions: Vec<String>,
}

/// How a pattern is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// In windows around its triggers.
    Triggered {
        /// Bytes searched either side of a trigger.
        max_len: usize,
    },
    /// On the heading lines its triggers stand on (its rule is heading-scoped).
    TriggeredHeadings,
    /// On every heading line (heading-scoped, no usable trigger).
    Headings,
    /// Over the whole text (no usable trigger, or unbounded length).
    Everywhere,
}

/// One pattern of one rule.
#[derive(Debug)]
pub struct Pattern {
    /// The index of its rule in the rule set.
    pub rule: usize,
    /// Its rule's scope, beside it for the scan (which otherwise reads no rule per trigger).
    pub(crate) scope: Scope,
    /// The pattern as written.
    pub source: String,
    /// How it is searched.
    pub reach: Reach,
    /// Shared by the branches of one pattern: they search windows with the whole pattern.
    compiled: Arc<OnceLock<Option<meta::Regex>>>,
    /// The pattern cut at its trigger, when its triggers are top-level pieces of it.
    split: Option<Split>,
    /// What must stand next to a trigger of a cut pattern (checked for each trigger, so kept
    /// here, ahead of the lazily built searches).
    pub gate: Option<TriggerGate>,
    /// Boxed: the two lazy DFAs are large, and a pattern's other fields are read for every
    /// trigger.
    anchored: OnceLock<Option<Box<AnchoredRegex>>>,
    /// Shared by all patterns of a rule set.
    built: Arc<BuiltDfas>,
}

impl Pattern {
    /// The compiled regex (compiled on first use; None if it failed, which `compile` rules out
    /// by compiling every pattern of user-supplied packs up front).
    pub fn regex(&self) -> Option<&meta::Regex> {
        self.compiled
            .get_or_init(|| build_regex(&self.source).ok())
            .as_ref()
    }

    /// The pattern compiled for verifying one trigger at a time (on first use), when it can
    /// be cut at its trigger; otherwise the regex searches windows.
    pub fn anchored(&self) -> Option<&AnchoredRegex> {
        self.anchored
            .get_or_init(|| {
                self.split
                    .as_ref()
                    .and_then(|s| AnchoredRegex::build(s, &self.built).ok())
                    .map(Box::new)
            })
            .as_deref()
    }

    /// Whether triggers are verified one at a time (see `anchored`).
    pub fn is_anchored(&self) -> bool {
        self.split.is_some()
    }
}

/// All rules, compiled together.
#[derive(Debug)]
pub struct RuleSet {
    /// The rules as data, by rule index.
    pub rules: Vec<Rule>,
    /// What the scan needs of each rule, by rule index (it reads nothing else of them).
    pub(crate) matching: Vec<Matching>,
    /// Every pattern of every rule, by pattern index.
    pub patterns: Vec<Pattern>,
    pub(crate) literals: Option<LiteralMatcher>,
    /// Lazy-DFA caches of the anchored patterns, one set per working thread.
    pub(crate) caches: CachePool,
    /// Patterns searched without triggers (on headings or over the whole text), in order.
    pub(crate) untriggered: Vec<usize>,
}

impl RuleSet {
    /// The rule with id `id`.
    pub fn find(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| &*r.id == id)
    }

    /// Each key of a rule written in an old spelling: the rule's file, and what to write.
    pub fn deprecated_keys(&self) -> Vec<(&str, String)> {
        let mut out = Vec::new();
        for r in &self.rules {
            for (old, new) in &r.deprecated_keys {
                out.push((
                    r.file.as_str(),
                    format!(
                        "{}:{}: rule `{}` writes `{old}`, read as `{new}`; rename the key",
                        r.file, r.line, r.id
                    ),
                ));
            }
        }
        out
    }

    /// Languages that have at least one rule of their own.
    pub fn has_language(&self, lang: Lang) -> bool {
        self.rules.iter().any(|r| r.languages.contains(&lang))
    }

    /// Heap bytes of the literal automaton (for memory work).
    pub fn automaton_bytes(&self) -> usize {
        self.literals
            .as_ref()
            .map_or(0, LiteralMatcher::memory_usage)
    }

    /// How often each literal of the automata occurs in `text` where its key gate lets it
    /// through to its phrases and patterns (for tuning triggers).
    pub fn literal_hits(&self, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        if let Some(literals) = &self.literals {
            let mut counts = vec![0usize; literals.keys.len()];
            literals.for_each(text, 0..text.len(), |key, _| counts[key] += 1);
            for (i, n) in counts.into_iter().enumerate() {
                let key = &literals.keys[i];
                let what = match literals.entries(i).first().map(|e| e.meaning) {
                    Some(Meaning::Phrase { rule, .. }) => {
                        format!("phrase of {}", self.rules[rule as usize].id)
                    }
                    Some(Meaning::Trigger { first, count }) => {
                        let Some(&p) = literals.patterns(first, count).first() else {
                            continue;
                        };
                        format!(
                            "trigger of {}",
                            self.rules[self.patterns[p as usize].rule].id
                        )
                    }
                    None => continue,
                };
                out.push((format!("{what}: {key:?}"), n));
            }
        }
        out
    }

    /// Patterns that scan whole texts (slow on large inputs), by rule id.
    pub fn untriggered(&self) -> Vec<(&str, &str)> {
        self.patterns
            .iter()
            .filter(|p| p.reach == Reach::Everywhere)
            .map(|p| (&*self.rules[p.rule].id, p.source.as_str()))
            .collect()
    }
}

/// Rewrites `\b`/`\B` as ASCII word boundaries: Unicode ones never match next to Han text and
/// switch the regex engine off its fast path on Chinese documents.
pub(crate) fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some('B') => out.push_str("(?-u:\\B)"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn syntax_config() -> syntax::Config {
    syntax::Config::new()
        .multi_line(true)
        .crlf(true)
        .unicode(true)
        .utf8(true)
}

fn parse(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .crlf(true)
        .unicode(true)
        .utf8(true)
        .nest_limit(100)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())
}

fn build_regex(pattern: &str) -> Result<meta::Regex, String> {
    meta::Regex::builder()
        .syntax(syntax_config().nest_limit(100))
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .onepass_size_limit(Some(REGEX_SIZE_LIMIT))
                .dfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(REGEX_CACHE_LIMIT),
        )
        .build(pattern)
        .map_err(|e| {
            let text = e.to_string();
            if e.size_limit().is_some() {
                format!("pattern exceeds the regex size limit of {REGEX_SIZE_LIMIT} bytes: {text}")
            } else {
                text
            }
        })
}

/// Compiles loaded rules into one matcher; every problem is collected. A rule the
/// configuration disabled is kept as data but not compiled: the scan never meets it. Patterns of
/// `eager_files` compile now (a user's pack: its errors before any source is read); the rest on
/// first use.
pub(crate) fn compile(
    loaded: Vec<LoadedRule>,
    sources: &[RuleSource],
    eager_files: &[String],
) -> Result<RuleSet, Vec<LocatedError>> {
    let mut build = Build {
        sources,
        eager_files,
        errors: Vec::new(),
        patterns: Vec::new(),
        literals: Vec::new(),
        built: Arc::new(BuiltDfas::default()),
    };
    let mut rules = Vec::with_capacity(loaded.len());
    let mut matching = Vec::with_capacity(loaded.len());
    for (index, lr) in loaded.into_iter().enumerate() {
        if !lr.disabled {
            build.phrases(index, &lr.spec.phrases);
            for pattern in &lr.spec.patterns {
                build.pattern(index, &lr, pattern);
            }
        }
        matching.push(Matching {
            scope: lr.spec.scope,
            exceptions: lr.spec.exceptions.clone(),
        });
        rules.push(rule_of(lr));
    }
    let Build {
        errors,
        patterns,
        literals,
        ..
    } = build;
    if !errors.is_empty() {
        return Err(errors);
    }
    let literals = build_automaton(literals, |p| patterns.get(p).and_then(|p| p.gate.as_ref()))
        .map_err(|e| automaton_error(sources, e))?;
    let untriggered = (0..patterns.len())
        .filter(|&p| matches!(patterns[p].reach, Reach::Headings | Reach::Everywhere))
        .collect();
    Ok(RuleSet {
        rules,
        matching,
        patterns,
        literals,
        caches: CachePool::default(),
        untriggered,
    })
}

/// The data of a loaded rule, as the rest of the tool reads it.
fn rule_of(lr: LoadedRule) -> Rule {
    let spec = lr.spec;
    let deprecated_keys = if spec.old_max_per_section.is_some() {
        vec![("max_per_section", "max-per-section")]
    } else {
        Vec::new()
    };
    Rule {
        deprecated_keys,
        label: Arc::from(spec.label.clone().unwrap_or_else(|| spec.title.clone())),
        id: Arc::from(spec.id),
        genre: spec.genre,
        languages: spec.languages,
        title: spec.title,
        description: spec.description,
        weight: spec.weight,
        scope: spec.scope,
        disabled: lr.disabled,
        file: lr.file,
        line: lr.line,
        examples_match: spec.examples.must_match,
        examples_no_match: spec.examples.must_not_match,
    }
}

/// The matcher being built: its patterns, the literals of its automaton, the problems met.
struct Build<'a> {
    sources: &'a [RuleSource],
    eager_files: &'a [String],
    errors: Vec<LocatedError>,
    patterns: Vec<Pattern>,
    /// (literal, whether its case matters, what it stands for)
    literals: Vec<(String, bool, Owner)>,
    built: Arc<BuiltDfas>,
}

impl Build<'_> {
    /// A rule's phrases: literals of the automaton, checked for word boundaries at their ends.
    fn phrases(&mut self, rule: usize, phrases: &[String]) {
        for phrase in phrases {
            let bytes = phrase.as_bytes();
            self.literals.push((
                phrase.clone(),
                true,
                Owner::Phrase {
                    rule,
                    word_start: bytes.first().is_some_and(|b| is_word_byte(*b)),
                    word_end: bytes.last().is_some_and(|b| is_word_byte(*b)),
                },
            ));
        }
    }

    /// A problem with `pattern` of `lr`, located in its file.
    fn fail(&mut self, lr: &LoadedRule, pattern: &str, message: String) {
        let Some(s) = self.sources.iter().find(|s| s.name == lr.file) else {
            return;
        };
        let offset = s
            .text
            .find(pattern)
            .unwrap_or_else(|| find_id_offset(&s.text, &lr.spec.id, 0));
        self.errors.push(rule_error(
            s,
            offset,
            pattern.len().clamp(1, 80),
            format!("rule `{}`: {message}", lr.spec.id),
            "this pattern".to_owned(),
            Some("patterns use Rust regex syntax: https://docs.rs/regex".to_owned()),
        ));
    }

    /// One pattern of rule `rule`: checked, cut at its triggers where it can be, and entered
    /// as one pattern per branch with its triggers in the automaton.
    fn pattern(&mut self, rule: usize, lr: &LoadedRule, pattern: &str) {
        if pattern.len() > MAX_PATTERN_LEN {
            let message = format!(
                "pattern is {} bytes long; the limit is {MAX_PATTERN_LEN}",
                pattern.len()
            );
            return self.fail(lr, pattern, message);
        }
        let rewritten = ascii_word_boundaries(pattern);
        let hir = match parse(&rewritten) {
            Ok(hir) => hir,
            Err(e) => return self.fail(lr, pattern, format!("invalid regular expression: {e}")),
        };
        if hir.properties().minimum_len() == Some(0) {
            return self.fail(lr, pattern, "pattern matches the empty string".to_owned());
        }
        let compiled = Arc::new(OnceLock::new());
        if self.eager_files.contains(&lr.file) {
            match build_regex(&rewritten) {
                Ok(re) => {
                    let _ = compiled.set(Some(re));
                }
                Err(e) => {
                    return self.fail(lr, pattern, format!("invalid regular expression: {e}"))
                }
            }
        }
        let max_len = hir
            .properties()
            .maximum_len()
            .unwrap_or(MATCH_WINDOW)
            .min(MATCH_WINDOW);
        let headings_only = lr.spec.scope == Scope::Heading;
        // One pattern entry per branch when the pattern splits at its triggers (each
        // verified at its own triggers); otherwise one entry searched in windows.
        let branches: Vec<(Option<Split>, Option<Triggers>)> = match split(&hir) {
            Some(splits) => splits
                .into_iter()
                .map(|s| {
                    let t = s.triggers.clone();
                    (Some(s), Some(t))
                })
                .collect(),
            None => vec![(None, triggers(&hir))],
        };
        for (split, found) in branches {
            let reach = self.choose_reach(found, headings_only, max_len);
            self.patterns.push(Pattern {
                rule,
                scope: lr.spec.scope,
                source: rewritten.clone(),
                reach,
                compiled: compiled.clone(),
                gate: split.as_ref().map(TriggerGate::of),
                split,
                anchored: OnceLock::new(),
                built: self.built.clone(),
            });
        }
    }

    /// How the next pattern is searched, its triggers (if any) entered in the automaton.
    fn choose_reach(
        &mut self,
        found: Option<Triggers>,
        headings_only: bool,
        max_len: usize,
    ) -> Reach {
        let id = self.patterns.len();
        match found {
            Some(Triggers {
                literals: found,
                ascii_case_insensitive,
            }) => {
                for literal in found {
                    self.literals.push((
                        literal,
                        !ascii_case_insensitive,
                        Owner::Trigger(vec![id]),
                    ));
                }
                if headings_only {
                    Reach::TriggeredHeadings
                } else {
                    Reach::Triggered { max_len }
                }
            }
            None if headings_only => Reach::Headings,
            None => Reach::Everywhere,
        }
    }
}

fn automaton_error(sources: &[RuleSource], e: String) -> Vec<LocatedError> {
    sources
        .first()
        .map(|s| {
            rule_error(
                s,
                0,
                1,
                format!("the phrases and triggers do not fit in one automaton: {e}"),
                "rules".to_owned(),
                None,
            )
        })
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(
            ascii_word_boundaries(r"\bshall\b"),
            r"(?-u:\b)shall(?-u:\b)"
        );
        assert_eq!(ascii_word_boundaries(r"a\\b"), r"a\\b");
        assert_eq!(ascii_word_boundaries(r"\d\B"), r"\d(?-u:\B)");
    }

    #[test]
    fn builtin_patterns_all_compile_and_few_scan_everything() {
        let rules = crate::engine::load_ruleset(&[] as &[std::path::PathBuf]).unwrap();
        for p in &rules.patterns {
            assert!(p.regex().is_some(), "{} does not compile", p.source);
            assert!(
                !p.is_anchored() || p.anchored().is_some(),
                "{} splits but its anchored searches do not compile",
                p.source
            );
        }
        assert!(rules.untriggered().is_empty(), "{:?}", rules.untriggered());
    }
}
