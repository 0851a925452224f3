//! The part of a check that needs the rules: every source read, decoded and judged in parallel
//! (results keep the order of INDEX.md), the folder walked for unlinked files meanwhile, and the
//! verdict with the findings it brings.

use super::outcome::{Finding, Outcome, SourceReport};
use super::plan::{Plan, Wanted};
use super::source::judge_source;
use super::verdict::{self, Counted};
use super::{shown, CheckOptions};
use crate::codes::{Code, Severity};
use crate::engine::RuleSet;
use crate::input::decode::Decoded;
use crate::input::open::read_source;
use crate::model::Scorer;
use crate::rules::Genre;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

/// A judged source and its findings, or why it could not be read.
type Judged = Result<(SourceReport, Vec<Finding>), crate::input::open::ReadProblem>;

/// Reads, decodes and judges each source of `plan`, in parallel (results keep the order of
/// INDEX.md), and decides. The folder is walked for unlinked files meanwhile, not before.
pub(crate) fn judge_sources(mut plan: Plan<'_>, rules: &RuleSet, opts: &CheckOptions) -> Outcome {
    let scorer = Scorer::new(&opts.model, rules);
    let (unlinked, index_report, judged) = judge_all(&plan, rules, &scorer, opts);
    plan.diagnostics.extend(unlinked.into_iter().flatten());
    let mut reports = gather(&mut plan, judged, opts);
    // INDEX.md's own prose counts when it states requirements: called so, and with a
    // convention of requirements among its evidence (a list of links is neither).
    let states_requirements = index_report
        .evidence
        .iter()
        .any(|e| e.rule.is_some() && e.genre == Genre::Requirements);
    if index_report.genre == Genre::Requirements && states_requirements {
        let mut index_report = index_report;
        if !opts.detail.statements {
            // Its text is at hand (and is no file to read again like the others).
            let text = &plan.index.decoded.text;
            let layout = crate::text::layout::Layout::new(text);
            index_report.statements = super::source::statements_of(
                text,
                &layout,
                index_report.genre,
                &index_report.sections,
            );
        }
        reports.insert(0, index_report);
    }
    // Statements not kept are read again when a report lists them.
    let files = (!opts.detail.statements).then(|| {
        let rel = plan
            .wanted
            .iter()
            .map(|w| (shown(plan.dir, &w.rel), w.rel.clone()))
            .collect();
        std::sync::Arc::new(super::SourceFiles::new(
            plan.dir,
            plan.confinement.fresh(),
            rel,
            opts.max_source_bytes,
            opts.extraction_time,
        ))
    });
    let mut outcome = decide(plan, reports);
    outcome.files = files;
    outcome
}

/// Every source judged (in parallel, in the order of INDEX.md), INDEX.md itself, and the
/// folder walked for unlinked files, all at once.
fn judge_all(
    plan: &Plan<'_>,
    rules: &RuleSet,
    scorer: &Scorer<'_>,
    opts: &CheckOptions,
) -> (Option<Vec<Finding>>, SourceReport, Vec<Judged>) {
    let (dir, index, wanted) = (plan.dir, &plan.index, &plan.wanted);
    let progress = super::progress::Progress::new(opts.progress, wanted.len());
    let judge = |path: &str, decoded: &Decoded, background: bool| {
        judge_source(
            rules,
            scorer,
            path,
            decoded,
            &opts.weighing,
            background,
            opts.detail,
        )
    };
    let ((unlinked, (index_report, _)), judged) = rayon::join(
        || {
            rayon::join(
                || {
                    opts.unlinked_severity
                        .map(|s| unlinked_files(dir, wanted, s))
                },
                || judge(&index.shown, &index.decoded, false),
            )
        },
        || -> Vec<Judged> {
            wanted
                .par_iter()
                .map(|w| {
                    progress.tick();
                    let read = read_source(
                        dir,
                        &plan.confinement,
                        &w.rel,
                        opts.max_source_bytes,
                        opts.extraction_time,
                    );
                    read.map(|decoded| judge(&shown(dir, &w.rel), &decoded, w.background))
                })
                .collect()
        },
    );
    progress.finish();
    (unlinked, index_report, judged)
}

/// The reports of the sources read, and the findings of each source (low-confidence ones at
/// their configured severity) and of each that could not be read.
fn gather(plan: &mut Plan<'_>, judged: Vec<Judged>, opts: &CheckOptions) -> Vec<SourceReport> {
    let mut reports = Vec::with_capacity(judged.len());
    for (w, result) in plan.wanted.iter().zip(judged) {
        match result {
            Ok((report, findings)) => {
                plan.diagnostics
                    .extend(findings.into_iter().filter_map(|f| {
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
                plan.unreadable += 1;
                let (index, links, dir) = (&plan.index, &plan.links, plan.dir);
                plan.diagnostics.add(
                    Code::SourceUnreadable,
                    Code::SourceUnreadable.severity(),
                    || {
                        let message = problem.describe(&shown(dir, &w.rel));
                        index
                            .at_link(
                                Finding::new(Code::SourceUnreadable, message),
                                &links[w.link],
                            )
                            .label("linked here")
                    },
                );
            }
        }
    }
    reports
}

/// The verdict, and the findings it brings: news beside requirements that pass, requirements
/// marked background.
fn decide(plan: Plan<'_>, reports: Vec<SourceReport>) -> Outcome {
    let Plan {
        mut diagnostics,
        unreadable,
        ..
    } = plan;
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
        files: None,
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
