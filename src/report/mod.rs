//! Rendering an `Outcome`: a miette report for people, JSON for pipelines, SARIF for
//! code-scanning dashboards, workflow commands for GitHub Actions.

pub mod github;
pub mod human;
pub mod json;
mod json_writer;
pub mod sarif;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}
