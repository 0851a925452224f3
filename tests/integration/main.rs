//! The integration tests, in one binary: each module drives the built `intake-lint` (or the
//! library's public surface) the way a user or a pipeline does.
//!
//! `corpus` needs the labelled corpora beside the checkout (`../shared/corpus` and
//! `../shared/train`): without them it is skipped with a note, except under CI (`CI=true`),
//! where their absence fails the run.

mod cases;
mod colour;
mod common;
mod config;
mod corpus;
mod documents;
mod formats;
mod hostile;
mod inventory_gold;
mod page;
mod rules;
mod seeds;
