//! Finding and reading the sources: the links of INDEX.md, each link's target confined to the
//! seeds folder, read and decoded; and labelled corpora for `eval` and `train`.

pub(crate) mod corpus;
pub(crate) mod decode;
pub(crate) mod formats;
pub(crate) mod index;
pub(crate) mod open;
mod problem;
pub(crate) mod target;
