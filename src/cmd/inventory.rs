//! `inventory DIR`: the requirement statements of the sources (or sections) judged to carry
//! requirements, as Markdown, JSON or CSV. The run is `check`'s, keeping the statements.

use super::check::{outcome_of, RunArgs};
use super::{write_all, Exit};
use crate::check::Detail;
use crate::cli::InventoryArgs;
use crate::error::IntakeError;
use crate::report::inventory::{render_csv, render_json, render_markdown, InventoryFormat};
use std::io::Write;

pub(super) fn run(args: &InventoryArgs, out: &mut dyn Write) -> Result<Exit, IntakeError> {
    let run = RunArgs {
        dir: &args.dir,
        rules_dirs: &args.rules.rules_dirs,
        config: args.config.as_deref(),
        model: args.model.as_deref(),
        max_source_bytes: args.max_source_bytes,
        quiet: true,
    };
    let detail = Detail {
        excerpts: false,
        weighed: false,
        statements: true,
    };
    let (outcome, _) = outcome_of(&run, detail)?;
    let text = match args.format {
        InventoryFormat::Markdown => render_markdown(&outcome),
        InventoryFormat::Json => render_json(&outcome),
        InventoryFormat::Csv => render_csv(&outcome),
    };
    write_all(out, &text)?;
    let listed = outcome.sources.iter().any(|s| !s.statements.is_empty());
    Ok(Exit::pass_if(listed))
}
