//! Rules as data: the YAML schema of a rule pack, and loading packs with every problem located
//! at its file, line and column. The engine compiles them.

mod load;
mod rule;
mod schema;

pub(crate) use load::LoadedRule;
pub(crate) use load::{find_id_offset, rule_error, BUILTIN_PACKS};
pub use load::{parse_rules, rule_sources, RuleSource};
pub use rule::Rule;
pub(crate) use schema::Scope;
pub use schema::{Genre, Lang};
