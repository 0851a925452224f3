//! `config`: the effective configuration and where each value comes from; and the
//! configuration, rules and model every other subcommand runs with.

use super::write_all;
use crate::config::Config;
use crate::engine::{load_configured, RuleSet};
use crate::error::IntakeError;
use crate::model::Model;
use std::io::Write;
use std::path::{Path, PathBuf};

pub(super) fn run(
    config_path: Option<&Path>,
    extra: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<super::Exit, IntakeError> {
    let (config, rules) = configured_rules(config_path, extra, err)?;
    write_all(out, &config.describe(&rules))?;
    Ok(super::Exit::Pass)
}

/// The configuration and the rules it selects (config folders first, then `--rules`); a rule
/// key spelled the old way is warned about on `err`.
pub(super) fn configured_rules(
    config_path: Option<&Path>,
    extra: &[PathBuf],
    err: &mut dyn Write,
) -> Result<(Config, RuleSet), IntakeError> {
    let config = discover_config(config_path)?;
    let rules = rules_of(&config, extra)?;
    for (_, note) in rules.deprecated_keys() {
        let _ = writeln!(err, "warning: {note}");
    }
    Ok((config, rules))
}

/// The configuration file in force (`--config`, or found from the working folder up).
pub(super) fn discover_config(config_path: Option<&Path>) -> Result<Config, IntakeError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    Config::discover(config_path, &cwd)
}

/// The rules `config` selects, with the packs of `extra` (config folders first).
pub(super) fn rules_of(config: &Config, extra: &[PathBuf]) -> Result<RuleSet, IntakeError> {
    let mut dirs = config.rule_dirs();
    dirs.extend(extra.iter().cloned());
    load_configured(&dirs, |rules| config.apply_to_rules(rules))
}

/// The model in force: `--model`, else the configuration's `model`, else the built-in one.
pub(super) fn model_of(
    config: &Config,
    explicit: Option<&Path>,
) -> Result<std::sync::Arc<Model>, IntakeError> {
    match explicit
        .map(std::path::Path::to_path_buf)
        .or_else(|| config.model_path())
    {
        Some(path) => Ok(std::sync::Arc::new(Model::load(&path)?)),
        None => Ok(Model::builtin_shared()),
    }
}
