//! Reading rule files: the built-in packs embedded at build time, plus user folders.
//!
//! Every problem in every file is collected and reported at once, each pointing at its line
//! and column, so a rule author fixes a pack in one pass.

use super::schema::{RuleFile, RuleSpec};
use crate::error::{IntakeError, LocatedError};
use crate::text::position::LineIndex;
use miette::NamedSource;
use std::collections::HashMap;
use std::path::Path;

/// The built-in packs, embedded so the installed binary works from any folder.
pub(crate) const BUILTIN_PACKS: &[(&str, &str)] = &[
    (
        "rules/news-zh.yaml",
        include_str!("../../rules/news-zh.yaml"),
    ),
    (
        "rules/news-en.yaml",
        include_str!("../../rules/news-en.yaml"),
    ),
    (
        "rules/requirements-zh.yaml",
        include_str!("../../rules/requirements-zh.yaml"),
    ),
    (
        "rules/requirements-en.yaml",
        include_str!("../../rules/requirements-en.yaml"),
    ),
    (
        "rules/requirements-any.yaml",
        include_str!("../../rules/requirements-any.yaml"),
    ),
    ("rules/other.yaml", include_str!("../../rules/other.yaml")),
];

/// A rule as loaded, with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedRule {
    pub spec: RuleSpec,
    /// Switched off by the configuration: kept as data, never compiled.
    pub disabled: bool,
    /// The file it was read from (`rules/news-zh.yaml` for built-in packs).
    pub file: String,
    /// 1-based line of its `id:` in that file.
    pub line: usize,
}

/// One rule file's text, kept for error spans.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// The file's name (`rules/news-zh.yaml` for a built-in pack).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// Collects the rule sources: built-in packs first, then `*.yaml`/`*.yml` of each extra folder
/// in file-name order.
pub fn rule_sources(extra_dirs: &[impl AsRef<Path>]) -> Result<Vec<RuleSource>, IntakeError> {
    let mut sources: Vec<RuleSource> = BUILTIN_PACKS
        .iter()
        .map(|(name, text)| RuleSource {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
        })
        .collect();
    for dir in extra_dirs {
        sources.extend(read_rule_dir(dir.as_ref())?);
    }
    Ok(sources)
}

/// Reads the YAML files of one folder (not recursive), sorted by name.
pub(crate) fn read_rule_dir(dir: &Path) -> Result<Vec<RuleSource>, IntakeError> {
    let entries = std::fs::read_dir(dir).map_err(|source| IntakeError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| IntakeError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let is_yaml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e == "yaml" || e == "yml");
        if is_yaml && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|source| IntakeError::Io {
            path: path.clone(),
            source,
        })?;
        let name = path.display().to_string();
        match String::from_utf8(bytes) {
            Ok(text) => out.push(RuleSource { name, text }),
            Err(e) => {
                return Err(IntakeError::Rules {
                    count: 1,
                    errors: vec![rule_error(
                        &RuleSource {
                            name,
                            text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                        },
                        e.utf8_error().valid_up_to(),
                        1,
                        "rule file is not UTF-8 text".to_owned(),
                        "invalid byte here".to_owned(),
                        None,
                    )],
                })
            }
        }
    }
    Ok(out)
}

/// Parses rule sources into rules; schema and duplicate-id problems are all collected.
pub fn parse_rules(sources: &[RuleSource]) -> Result<Vec<LoadedRule>, Vec<LocatedError>> {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for source in sources {
        let file: RuleFile = match serde_yaml::from_str(&source.text) {
            Ok(file) => file,
            Err(e) => {
                let offset = e.location().map_or(0, |l| l.index());
                let message = yaml_message(&e);
                errors.push(rule_error(
                    source,
                    offset,
                    1,
                    format!("invalid rule file: {message}"),
                    "here".to_owned(),
                    Some(
                        "a rule file is `rules:` followed by a list of rules; see rules/README.md"
                            .to_owned(),
                    ),
                ));
                continue;
            }
        };
        let lines = LineIndex::new(&source.text);
        let mut search_from = 0;
        for spec in file.rules {
            let offset = find_id_offset(&source.text, &spec.id, search_from);
            search_from = offset;
            let line = lines.line(offset);
            // A problem of this rule, pointed at its id.
            let at_id = |message: String, label: &str, help: Option<String>| {
                rule_error(
                    source,
                    offset,
                    spec.id.len().max(1),
                    message,
                    label.to_owned(),
                    help,
                )
            };
            if let Some((other_file, other_line)) = seen.get(&spec.id) {
                errors.push(at_id(
                    format!("duplicate rule id `{}`", spec.id),
                    "defined again here",
                    Some(format!(
                        "first defined in {other_file}:{other_line}; rule ids must be unique"
                    )),
                ));
                continue;
            }
            seen.insert(spec.id.clone(), (source.name.clone(), line));
            for problem in check_spec(&spec) {
                errors.push(at_id(
                    format!("rule `{}`: {problem}", spec.id),
                    "in this rule",
                    None,
                ));
            }
            rules.push(LoadedRule {
                disabled: false,
                spec,
                file: source.name.clone(),
                line,
            });
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// serde_yaml prefixes its message with the position; the span already says where.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Problems a valid YAML document can still have.
fn check_spec(spec: &RuleSpec) -> Vec<String> {
    let mut problems = Vec::new();
    if !is_valid_id(&spec.id) {
        problems.push(
            "id must be namespaced lower-case words separated by dots, e.g. `news.zh.dateline`"
                .to_owned(),
        );
    }
    if spec.phrases.is_empty() && spec.patterns.is_empty() {
        problems.push("empty matcher: give at least one of `phrases` or `patterns`".to_owned());
    }
    if spec.phrases.iter().any(|p| p.trim().is_empty()) {
        problems.push("a phrase is empty".to_owned());
    }
    if !(spec.weight.is_finite() && spec.weight > 0.0 && spec.weight <= 10.0) {
        problems.push(format!("weight {} is outside (0, 10]", spec.weight));
    }
    if spec.languages.is_empty() {
        problems.push("languages is empty".to_owned());
    }
    if spec.title.trim().is_empty() {
        problems.push("title is empty".to_owned());
    }
    if spec.examples.must_match.is_empty() {
        problems.push("examples.match needs at least one example".to_owned());
    }
    if spec.old_max_per_section.is_some() && spec.max_per_section != 0 {
        problems.push("give `max-per-section` only, not also `max_per_section`".to_owned());
    }
    if spec.examples.must_not_match.is_empty() {
        problems.push("examples.no-match needs at least one example".to_owned());
    }
    problems
}

fn is_valid_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Byte offset of a rule's id in its file, for spans (serde gives no positions for values).
pub(crate) fn find_id_offset(text: &str, id: &str, from: usize) -> usize {
    if id.is_empty() {
        return from.min(text.len());
    }
    let from = from.min(text.len());
    let tail = text.get(from..).unwrap_or("");
    let mut pos = 0;
    while let Some(i) = tail[pos..].find(id) {
        let at = pos + i;
        let before = tail[..at].trim_end_matches([' ', '"', '\'']);
        if before.ends_with("id:") {
            return from + at;
        }
        pos = at + id.len();
    }
    text.find(id).unwrap_or(from)
}

pub(crate) fn rule_error(
    source: &RuleSource,
    offset: usize,
    len: usize,
    message: String,
    label: String,
    help: Option<String>,
) -> LocatedError {
    let offset = crate::text::position::floor_char_boundary(&source.text, offset);
    let len = len.min(source.text.len() - offset);
    let (line, column) = LineIndex::new(&source.text).line_col(&source.text, offset);
    LocatedError {
        code: crate::codes::Code::RulesInvalid,
        message,
        src: NamedSource::new(source.name.clone(), source.text.clone()),
        span: (offset, len).into(),
        label,
        help,
        line,
        column,
        path: source.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> RuleSource {
        RuleSource {
            name: "test.yaml".to_owned(),
            text: text.to_owned(),
        }
    }

    const GOOD: &str = "rules:\n  - id: news.en.test\n    genre: news\n    languages: [en]\n    title: t\n    description: d\n    weight: 1\n    phrases: [said]\n    examples:\n      match: [he said]\n      no-match: [unsaid]\n";

    #[test]
    fn a_valid_rule_loads_with_its_line() {
        let rules = parse_rules(&[source(GOOD)]).unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].line, 2);
    }

    #[test]
    fn unknown_field_points_at_its_line() {
        let text = GOOD.replace("    weight: 1\n", "    weigth: 1\n");
        let errors = parse_rules(&[source(&text)]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("unknown field `weigth`"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].line, 7);
    }

    #[test]
    fn duplicate_ids_across_files_are_reported() {
        let errors = parse_rules(&[source(GOOD), source(GOOD)]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("duplicate rule id"));
    }

    #[test]
    fn empty_matcher_and_bad_weight_are_reported_together() {
        let text = GOOD
            .replace("    phrases: [said]\n", "")
            .replace("weight: 1", "weight: -2");
        let errors = parse_rules(&[source(&text)]).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn builtin_packs_load() {
        let sources = rule_sources(&[] as &[&Path]).unwrap();
        let rules = parse_rules(&sources).unwrap();
        assert!(rules.len() > 20);
    }
}
