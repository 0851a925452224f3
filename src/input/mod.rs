//! Finding and reading the sources: the links of INDEX.md, each link's target confined to the
//! seeds folder, read and decoded; and labelled corpora for `eval` and `train`.

pub mod corpus;
pub mod decode;
pub mod index;
pub mod open;
mod problem;
pub mod target;
