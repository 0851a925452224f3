//! `check DIR`, top to bottom: find sources (INDEX.md links, walk DIR), read and decode, judge
//! each one (split, match, weigh), decide the verdict. Reports render the `Outcome`.

pub mod outcome;
mod progress;
pub mod verdict;

use crate::check::outcome::{Finding, Findings, Outcome, SourceReport};
use crate::codes::{Code, Severity};
use crate::engine::RuleSet;
use crate::error::IntakeError;
use crate::input::index::{self, Link};
use crate::input::source::{Decoded, Target};
use crate::judge::evidence::collect_evidence;
use crate::judge::{judge_text, Weighing};
use crate::model::{Model, Scorer};
use crate::rules::{Genre, Lang};
use crate::text::excerpt::excerpt;
use crate::text::lang::{self, TextLang};
use crate::text::position::LineIndex;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use verdict::Counted;

/// Settings of a check run.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The model that makes the calls.
    pub model: std::sync::Arc<Model>,
    pub weighing: Weighing,
    pub max_source_bytes: u64,
    /// Severity of links to remote documents (None: not reported).
    pub remote_severity: Option<Severity>,
    /// Severity of files in DIR that INDEX.md does not link (None: not reported).
    pub unlinked_severity: Option<Severity>,
    /// Severity of low-confidence calls (None: not reported).
    pub low_confidence_severity: Option<Severity>,
    /// Show a progress bar on stderr once a run takes over a second.
    pub progress: bool,
    /// What to keep of each source beyond its call and evidence.
    pub detail: Detail,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            model: Model::builtin_shared(),
            weighing: Weighing::default(),
            max_source_bytes: crate::input::source::DEFAULT_MAX_SOURCE_BYTES,
            remote_severity: Some(Severity::Warning),
            unlinked_severity: Some(Severity::Warning),
            low_confidence_severity: Some(Severity::Warning),
            progress: false,
            detail: Detail {
                excerpts: true,
                weighed: false,
            },
        }
    }
}

/// How a path is shown: as reached from the DIR argument, with forward slashes.
fn shown(dir: &Path, rel: &Path) -> String {
    dir.join(rel).to_string_lossy().replace('\\', "/")
}

/// A judged source and its findings, or why it could not be read.
type Judged = Result<(SourceReport, Vec<Finding>), crate::input::source::ReadProblem>;

/// A local source to read, from one or more links (`link`: the first, by index).
struct Wanted {
    rel: PathBuf,
    link: usize,
    background: bool,
}

/// INDEX.md as read, for findings that point into it.
struct IndexFile {
    /// Its text, as decoded (judged like a source once the rules are there).
    decoded: Decoded,
    lines: LineIndex,
    shown: String,
}

impl IndexFile {
    /// `f`, located at `link`.
    fn at_link(&self, f: Finding, link: &Link) -> Finding {
        let text = &self.decoded.text;
        let e = excerpt(text, &self.lines, link.span.start, link.span.len());
        let (_, col) = self.lines.line_col(text, link.span.start);
        f.at(&self.shown, e, col)
    }
}

/// What a check knows before any rule is needed: INDEX.md, its links, the sources to read,
/// and the findings about links.
pub struct Plan<'a> {
    dir: &'a Path,
    confinement: crate::input::source::Confinement,
    index: IndexFile,
    links: Vec<Link>,
    wanted: Vec<Wanted>,
    diagnostics: Findings,
    unreadable: usize,
}

/// Checks the sources of `dir` with `rules`.
pub fn check(dir: &Path, rules: &RuleSet, opts: &CheckOptions) -> Result<Outcome, IntakeError> {
    Ok(judge(plan(dir, opts)?, rules, opts))
}

/// `check`, with the rules loaded by `load` while INDEX.md is read and its links followed
/// (the two do not wait for each other). A problem with the rules is reported before one with
/// the folder, as when they are loaded first.
pub fn check_loading(
    dir: &Path,
    opts: &CheckOptions,
    load: impl FnOnce() -> Result<RuleSet, IntakeError> + Send,
) -> Result<(Outcome, RuleSet), IntakeError> {
    let (rules, plan) = rayon::join(load, || plan(dir, opts));
    let rules = rules?;
    let outcome = judge(plan?, &rules, opts);
    Ok((outcome, rules))
}

/// Finds the sources: INDEX.md and its links.
pub fn plan<'a>(dir: &'a Path, opts: &CheckOptions) -> Result<Plan<'a>, IntakeError> {
    let meta = std::fs::metadata(dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => IntakeError::DirMissing(dir.to_path_buf()),
        _ => IntakeError::Io {
            path: dir.to_path_buf(),
            source,
        },
    })?;
    if !meta.is_dir() {
        return Err(IntakeError::DirNotFolder(dir.to_path_buf()));
    }
    let confinement =
        crate::input::source::Confinement::new(std::fs::canonicalize(dir).map_err(|source| {
            IntakeError::Io {
                path: dir.to_path_buf(),
                source,
            }
        })?);
    let index_path = dir.join("INDEX.md");
    let index_shown = shown(dir, Path::new("INDEX.md"));
    if let Ok(meta) = std::fs::metadata(&index_path) {
        if !meta.is_file() {
            return Err(IntakeError::IndexNotText {
                path: index_path,
                reason: "it is not a regular file".to_owned(),
            });
        }
        if meta.len() > opts.max_source_bytes {
            return Err(IntakeError::IndexNotText {
                path: index_path,
                reason: format!(
                    "it is {} bytes, over the limit of {} bytes",
                    meta.len(),
                    opts.max_source_bytes
                ),
            });
        }
    }
    let index_bytes = match std::fs::read(&index_path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IntakeError::IndexMissing(dir.to_path_buf()))
        }
        Err(source) => {
            return Err(IntakeError::Io {
                path: index_path,
                source,
            })
        }
    };
    let index_text = crate::input::source::decode(index_bytes)
        .map_err(|p| IntakeError::IndexNotText {
            path: index_path.clone(),
            reason: p.describe("INDEX.md"),
        })?
        .text;
    let index = IndexFile {
        lines: LineIndex::new(&index_text),
        decoded: Decoded {
            text: index_text,
            encoding: "UTF-8",
        },
        shown: index_shown,
    };
    let at_link = |f: Finding, link: &Link| index.at_link(f, link);

    let mut diagnostics = Findings::default();
    let links = index::links(&index.decoded.text);
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    let mut unreadable = 0usize;
    for (link_index, link) in links.iter().enumerate() {
        match crate::input::source::classify(&link.dest) {
            Target::Local(rel) => {
                if let Some(&i) = seen.get(&rel) {
                    wanted[i].background &= link.background;
                    diagnostics.add(Code::LinkDuplicate, Code::LinkDuplicate.severity(), || {
                        at_link(
                            Finding::new(
                                Code::LinkDuplicate,
                                format!("`{}` is linked more than once; read once", link.dest),
                            ),
                            link,
                        )
                        .label("linked again here")
                    });
                    continue;
                }
                seen.insert(rel.clone(), wanted.len());
                wanted.push(Wanted {
                    rel,
                    link: link_index,
                    background: link.background,
                });
            }
            Target::Remote(url) => {
                let Some(severity) = opts.remote_severity else {
                    continue;
                };
                diagnostics.add(Code::LinkRemote, severity, || {
                    at_link(
                        Finding::new(
                            Code::LinkRemote,
                            format!("remote source `{url}` is not fetched"),
                        )
                        .severity(severity),
                        link,
                    )
                    .label("remote link")
                })
            }
            Target::Outside(why) => {
                unreadable += 1;
                diagnostics.add(Code::LinkOutside, Code::LinkOutside.severity(), || {
                    at_link(
                        Finding::new(Code::LinkOutside, format!("link refused: {why}; not read")),
                        link,
                    )
                    .label("points outside the seeds folder")
                });
            }
            Target::SelfReference => {}
        }
    }
    let index_text = &index.decoded.text;
    for span in index::stray_background_marks(index_text, &links) {
        let e = excerpt(index_text, &index.lines, span.start, span.len());
        let (_, col) = index.lines.line_col(index_text, span.start);
        diagnostics.push(
            Finding::new(
                Code::BackgroundUnused,
                "background mark on a line without a link",
            )
            .at(&index.shown, e, col)
            .label("marks nothing"),
        );
    }

    Ok(Plan {
        dir,
        confinement,
        index,
        links,
        wanted,
        diagnostics,
        unreadable,
    })
}

/// Reads, decodes and judges each source of `plan`, in parallel (results keep the order of
/// INDEX.md), and decides. The folder is walked for unlinked files meanwhile, not before.
pub fn judge(plan: Plan<'_>, rules: &RuleSet, opts: &CheckOptions) -> Outcome {
    let Plan {
        dir,
        confinement,
        index,
        links,
        wanted,
        mut diagnostics,
        mut unreadable,
    } = plan;
    let scorer = Scorer::new(&opts.model, rules);
    let scorer = &scorer;
    // INDEX.md itself is judged meanwhile too: its prose counts only when it carries
    // requirements of its own.
    let progress = crate::check::progress::Progress::new(opts.progress, wanted.len());
    let ((unlinked, (index_report, _)), judged) = rayon::join(
        || {
            rayon::join(
                || {
                    opts.unlinked_severity
                        .map(|s| unlinked_files(dir, &wanted, s))
                },
                || {
                    judge_source(
                        rules,
                        scorer,
                        &index.shown,
                        &index.decoded,
                        &opts.weighing,
                        false,
                        opts.detail,
                    )
                },
            )
        },
        || -> Vec<Judged> {
            wanted
                .par_iter()
                .map(|w| {
                    progress.tick();
                    let path = shown(dir, &w.rel);
                    match crate::input::source::read_local(
                        dir,
                        &confinement,
                        &w.rel,
                        opts.max_source_bytes,
                    ) {
                        Ok(decoded) => Ok(judge_source(
                            rules,
                            scorer,
                            &path,
                            &decoded,
                            &opts.weighing,
                            w.background,
                            opts.detail,
                        )),
                        Err(problem) => Err(problem),
                    }
                })
                .collect()
        },
    );
    progress.finish();
    diagnostics.extend(unlinked.into_iter().flatten());
    let mut reports = Vec::with_capacity(judged.len());
    for (w, result) in wanted.iter().zip(judged) {
        match result {
            Ok((report, findings)) => {
                diagnostics.extend(findings.into_iter().filter_map(|f| {
                    if f.code == Code::LowConfidence {
                        opts.low_confidence_severity
                            .map(|severity| Finding { severity, ..f })
                    } else {
                        Some(f)
                    }
                }));
                reports.push(report);
            }
            Err(problem) => {
                unreadable += 1;
                diagnostics.add(
                    Code::SourceUnreadable,
                    Code::SourceUnreadable.severity(),
                    || {
                        index
                            .at_link(
                                Finding::new(
                                    Code::SourceUnreadable,
                                    problem.describe(&shown(dir, &w.rel)),
                                ),
                                &links[w.link],
                            )
                            .label("linked here")
                    },
                );
            }
        }
    }

    // INDEX.md's own prose counts when it states requirements: called so, and with a
    // convention of requirements among its evidence (a list of links is neither).
    let states_requirements = index_report
        .evidence
        .iter()
        .any(|e| e.rule.is_some() && e.genre == Genre::Requirements);
    if index_report.genre == Genre::Requirements && states_requirements {
        reports.insert(0, index_report);
    }

    // Decide.
    let counted: Vec<Counted> = reports
        .iter()
        .map(|r| Counted {
            genre: r.genre,
            background: r.background,
        })
        .collect();
    let (verdict, reason) = verdict::decide(unreadable > 0, &counted);
    if verdict == verdict::Verdict::Pass {
        for r in reports
            .iter()
            .filter(|r| r.genre == Genre::News && !r.background)
        {
            diagnostics.push(
                Finding::new(
                    Code::NewsBesideRequirements,
                    format!("`{}` reads as news, not requirements", r.path),
                )
                .in_file(&r.path),
            );
        }
    }
    for r in reports
        .iter()
        .filter(|r| r.background && r.genre == Genre::Requirements)
    {
        diagnostics.push(
            Finding::new(
                Code::BackgroundRequirements,
                format!(
                    "`{}` is marked background but carries requirements; it is not counted",
                    r.path
                ),
            )
            .in_file(&r.path),
        );
    }
    Outcome {
        verdict,
        reason,
        sources: reports,
        unreadable,
        diagnostics: diagnostics.into_vec(),
    }
}

/// Files under DIR that INDEX.md does not link (hidden files and INDEX.md itself excepted).
fn unlinked_files(dir: &Path, wanted: &[Wanted], severity: Severity) -> Vec<Finding> {
    let linked: HashSet<&Path> = wanted.iter().map(|w| w.rel.as_path()).collect();
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker.filter_map(Result::ok) {
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if rel == Path::new("INDEX.md") || linked.contains(rel) {
            continue;
        }
        out.push(
            Finding::new(
                Code::UnlinkedFile,
                format!(
                    "`{}` is not linked from INDEX.md; not checked",
                    shown(dir, rel)
                ),
            )
            .severity(severity)
            .in_file(&shown(dir, rel)),
        );
    }
    out
}

/// Features shown by `-v`: the bias, then those whose parts differ most between genres.
const WEIGHED_SHOWN: usize = 16;

fn weighed(
    scorer: &Scorer<'_>,
    judgement: &crate::judge::Judgement,
) -> Vec<crate::check::outcome::Weighed> {
    let relative = |scores: [f64; 3]| {
        let mean = scores.iter().sum::<f64>() / 3.0;
        scores.map(|s| crate::judge::round3(s - mean))
    };
    let spread = |t: &[f64; 3]| t.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let mut list: Vec<crate::check::outcome::Weighed> = judgement
        .call
        .contributions
        .iter()
        .map(|c| crate::check::outcome::Weighed {
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
    pub excerpts: bool,
    pub weighed: bool,
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
    let evidence = collect_evidence(rules, scorer, text, &judgement, detail.excerpts);
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

    let (mut genre, mut confidence) = (judgement.genre, judgement.confidence);
    let pack = match language {
        TextLang::Zh => Some(Lang::Zh),
        TextLang::En => Some(Lang::En),
        _ => None,
    };
    let unsupported = match language {
        TextLang::Unsupported(name) => Some(name),
        _ => pack.filter(|l| !rules.has_language(*l)).map(|l| l.as_str()),
    };
    let mut sections = judgement.sections.clone();
    if let Some(name) = unsupported {
        genre = Genre::Other;
        confidence = 0.0;
        // Nor are its sections judged.
        for s in &mut sections {
            s.genre = Genre::Other;
            s.confidence = 0.0;
        }
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
    } else if confidence < weighing.low_confidence {
        // The evidence both ways: for the genre called and for the runner-up.
        let runner_up = Genre::ALL
            .into_iter()
            .filter(|g| *g != genre)
            .max_by(|a, b| {
                judgement.probabilities[a.index()].total_cmp(&judgement.probabilities[b.index()])
            })
            .unwrap_or(Genre::Other);
        let both = |g: Genre| {
            // Conventions (rules) first, then words; each feature once.
            let mut items: Vec<&crate::check::outcome::Evidence> =
                evidence.iter().filter(|e| e.genre == g).collect();
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
        };
        findings.push(
            Finding::new(
                Code::LowConfidence,
                format!(
                    "`{path}` judged {genre} with low confidence {confidence:.2} \
                     ({runner_up} {:.2}); {genre} evidence: {}; {runner_up} evidence: {}",
                    judgement.probabilities[runner_up.index()],
                    both(genre),
                    both(runner_up)
                ),
            )
            .in_file(path),
        );
    }

    let report = SourceReport {
        path: path.to_owned(),
        genre,
        confidence,
        probabilities: judgement.probabilities,
        background,
        encoding: decoded.encoding,
        language: language.name(),
        weighed: if detail.weighed {
            weighed(scorer, &judgement)
        } else {
            Vec::new()
        },
        sections,
        evidence,
    };
    (report, findings)
}
