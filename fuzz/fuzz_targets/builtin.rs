//! The built-in rule set, compiled once per fuzzing process (shared by the
//! targets that check whole files).
use neglist::engine::RuleSet;
use std::sync::OnceLock;

pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let (catalog, _) = neglist::dsl::load_rules(&neglist::dsl::builtin_files()).unwrap();
        RuleSet::compile(catalog).unwrap()
    })
}
