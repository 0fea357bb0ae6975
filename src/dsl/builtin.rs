//! The built-in rules as build.rs parsed and checked them: decoding the
//! stored catalog takes microseconds, parsing the rule text with pest
//! milliseconds, on every start.

use super::{BUILTIN_RULES, Catalog, TextSource, builtin_files, load_rules};
use std::sync::Arc;

static STORED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.catalog"));

/// The built-in catalog: the stored one, with each rule's origin given its
/// text back (it is stored by path). Should the stored bytes not decode,
/// the rule text is parsed instead: slower, never different.
pub fn builtin_catalog() -> Catalog {
    match stored_catalog() {
        Some(c) => c,
        None => {
            load_rules(&builtin_files())
                .expect("the built-in rules were checked at build time")
                .0
        }
    }
}

/// The stored catalog alone (None if it does not decode).
pub fn stored_catalog() -> Option<Catalog> {
    let mut catalog: Catalog = postcard::from_bytes(STORED).ok()?;
    let sources: Vec<TextSource> = BUILTIN_RULES
        .iter()
        .map(|(name, text)| TextSource {
            path: format!("<builtin>/{name}"),
            text: Arc::from(*text),
        })
        .collect();
    for rule in &mut catalog.rules {
        rule.origin = sources.iter().find(|s| s.path == rule.origin.path)?.clone();
    }
    Some(catalog)
}
