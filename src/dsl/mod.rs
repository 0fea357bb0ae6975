//! The rule language front end: pest grammar → AST → validated
//! [`Catalog`](crate::rule::Catalog).

pub mod ast;
// Not in build.rs, which compiles this module to make what it decodes.
#[cfg(neglist_stored_catalog)]
mod builtin;
pub mod parser;
pub mod validate;

use crate::diagnostic::{SourceError, TextSource};
use crate::rule::Catalog;
#[cfg(neglist_stored_catalog)]
pub use builtin::{builtin_catalog, stored_catalog};

use std::sync::Arc;

/// The rule files built into the binary: (file name, text).
pub const BUILTIN_RULES: &[(&str, &str)] = &[
    ("common.rules", include_str!("../../rules/common.rules")),
    ("mining.rules", include_str!("../../rules/mining.rules")),
    (
        "virtual-currency.rules",
        include_str!("../../rules/virtual-currency.rules"),
    ),
    (
        "token-issuance.rules",
        include_str!("../../rules/token-issuance.rules"),
    ),
    (
        "negative-list.rules",
        include_str!("../../rules/negative-list.rules"),
    ),
    (
        "licensed-finance.rules",
        include_str!("../../rules/licensed-finance.rules"),
    ),
    ("energy.rules", include_str!("../../rules/energy.rules")),
    ("data.rules", include_str!("../../rules/data.rules")),
    (
        "catalogue.rules",
        include_str!("../../rules/catalogue.rules"),
    ),
];

/// Parses and checks a set of rule files. On failure returns every error
/// (parse errors first, then checker errors).
pub fn load_rules(
    files: &[(String, String)],
) -> Result<(Catalog, Vec<SourceError>), Vec<SourceError>> {
    let mut parsed = vec![];
    let mut errors = vec![];
    for (path, text) in files {
        let src = TextSource {
            path: path.clone(),
            text: Arc::from(text.as_str()),
        };
        match parser::parse_rule_file(&src) {
            Ok(f) => parsed.push((src, f)),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    validate::validate(&parsed)
}

/// The built-in rule files as (path, text) pairs, their paths marked `<builtin>/`.
pub fn builtin_files() -> Vec<(String, String)> {
    BUILTIN_RULES
        .iter()
        .map(|(n, t)| (format!("<builtin>/{n}"), t.to_string()))
        .collect()
}
