//! `eval CORPUS...` (score the judgement, or cross-validate it) and `train CORPUS... -o FILE`.

use super::config::{configured_rules, model_of};
use super::{write_all, Exit};
use crate::cli::{EvalArgs, EvalFormat, FitArgs, TrainArgs};
use crate::error::IntakeError;
use crate::eval;
use crate::input::corpus;
use crate::model;
use std::io::Write;

/// How to fit, from the command line: the source column defaults to `source_repo` when every
/// corpus has it.
fn train_options(
    fit: &FitArgs,
    corpora: &[std::path::PathBuf],
) -> (model::TrainOptions, Option<String>) {
    let group_by = fit
        .group_by
        .clone()
        .or_else(|| corpus::common_column(corpora, "source_repo"));
    let options = model::TrainOptions {
        c: fit.c,
        min_sources: fit.min_sources,
        ..model::TrainOptions::default()
    };
    (options, group_by)
}

pub(super) fn run_eval(
    args: &EvalArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit, IntakeError> {
    let (config, rules) = configured_rules(args.config.as_deref(), &args.rules.rules_dirs, err)?;
    let thresholds = eval::Targets {
        requirements_pass: args.min_requirements_pass,
        news_blocked: args.min_news_blocked,
        other_blocked: args.min_other_blocked,
        macro_f1: args.min_macro_f1,
        max_news_passed: args.max_news_passed,
    };
    let report = match args.cv {
        Some(k) => {
            let (train, group_by) = train_options(&args.fit, &args.corpora);
            let cv = eval::CrossValidation {
                folds: usize::from(k),
                group_by,
                train,
            };
            eval::cross_validate(&args.corpora, &rules, &config.weighing(), &cv, thresholds)?
        }
        None => {
            let model = model_of(&config, args.model.as_deref())?;
            for note in config.deprecations(&model) {
                let _ = writeln!(err, "warning: {note}");
            }
            let method = match args
                .model
                .as_deref()
                .map(std::path::Path::to_path_buf)
                .or_else(|| config.model_path())
            {
                Some(p) => format!("model {}", p.display()),
                None => format!("model {} (built in)", model::MODEL_FILE.0),
            };
            eval::eval(
                &args.corpora,
                &rules,
                &model,
                &config.weighing(),
                thresholds,
                method,
            )?
        }
    };
    let text = match args.format {
        EvalFormat::Human => eval::render_human(&report),
        EvalFormat::Json => eval::render_json(&report),
    };
    write_all(out, &text)?;
    Ok(Exit::pass_if(report.passes()))
}

pub(super) fn run_train(
    args: &TrainArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit, IntakeError> {
    let (config, rules) = configured_rules(args.config.as_deref(), &args.rules.rules_dirs, err)?;
    let mut dirs = config.rule_dirs();
    dirs.extend(args.rules.rules_dirs.iter().cloned());
    let rule_files = crate::rules::rule_sources(&dirs)?;
    let (mut options, group_by) = train_options(&args.fit, &args.corpora);
    let started = std::time::Instant::now();
    let trained = eval::train::train(
        &args.corpora,
        &rules,
        &rule_files,
        group_by.as_deref(),
        &mut options,
    )?;
    std::fs::write(&args.output, trained.model.to_text()).map_err(|source| IntakeError::Io {
        path: args.output.clone(),
        source,
    })?;
    let _ = writeln!(
        err,
        "trained on {} documents from {} sources in {:.1} s",
        trained.documents,
        trained.sources,
        started.elapsed().as_secs_f64()
    );
    write_all(
        out,
        &format!(
            "wrote {} ({} features, fingerprint {})\n",
            args.output.display(),
            trained.model.feature_count(),
            trained.fingerprint
        ),
    )?;
    Ok(Exit::Pass)
}
