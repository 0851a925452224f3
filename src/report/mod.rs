//! Rendering an `Outcome`: a miette report for people, JSON for pipelines, SARIF for
//! code-scanning dashboards, workflow commands for GitHub Actions.

pub mod github;
pub mod html;
pub mod human;
pub mod inventory;
pub mod json;
mod json_writer;
pub mod sarif;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
// Variants without docs: clap would show them as value help and lengthen `--help`. They
// are a miette report for people, one JSON object (docs/json-output.md), SARIF 2.1.0,
// GitHub Actions workflow commands, and a self-contained HTML page.
#[allow(missing_docs)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Html,
}
