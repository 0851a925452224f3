//! Rules as data: the YAML schema of a rule pack, and loading packs with every problem located
//! at its file, line and column. The engine compiles them.

mod load;
mod rule;
mod schema;

pub use load::{
    find_id_offset, parse_rules, read_rule_dir, rule_error, rule_sources, LoadedRule, RuleSource,
    BUILTIN_PACKS,
};
pub use rule::Rule;
pub use schema::{Examples, Genre, Lang, RuleFile, RuleSpec, Scope};
