//! `inventory DIR`: the requirement statements of the sources (or sections) judged to carry
//! requirements, as Markdown, JSON or CSV. The run is `check`'s, keeping the statements.

use super::check::outcome_of;
use super::{write_all, Exit};
use crate::check::Detail;
use crate::cli::{CheckArgs, ColorChoice, InventoryArgs, RuleDirArgs};
use crate::error::IntakeError;
use crate::report::inventory::{render_csv, render_json, render_markdown, InventoryFormat};
use crate::report::Format;
use std::io::Write;

pub(super) fn run(args: &InventoryArgs, out: &mut dyn Write) -> Result<Exit, IntakeError> {
    let check = CheckArgs {
        dir: args.dir.clone(),
        format: Format::Json,
        rules: RuleDirArgs {
            rules_dirs: args.rules.rules_dirs.clone(),
        },
        color: ColorChoice::Never,
        quiet: true,
        verbose: false,
        max_source_bytes: args.max_source_bytes,
        config: args.config.clone(),
        model: args.model.clone(),
        html: None,
    };
    let detail = Detail {
        excerpts: false,
        weighed: false,
        statements: true,
    };
    let (outcome, _) = outcome_of(&check, detail)?;
    let text = match args.format {
        InventoryFormat::Markdown => render_markdown(&outcome),
        InventoryFormat::Json => render_json(&outcome),
        InventoryFormat::Csv => render_csv(&outcome),
    };
    write_all(out, &text)?;
    let listed = outcome.sources.iter().any(|s| !s.statements.is_empty());
    Ok(Exit::pass_if(listed))
}
