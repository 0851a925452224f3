//! Rendering an `Outcome`: a miette report for people, JSON for pipelines.

pub mod human;
pub mod json;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}
