//! Precompiles the built-in rules (the character tables are the text
//! layer's own build script, crates/neglist-text/build.rs).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    builtin_catalog();
}

/// The built-in rule files, parsed and checked by the crate's own DSL front
/// end (the modules below are the crate's files, compiled into this build
/// script too) and stored as postcard bytes that `dsl::builtin_catalog`
/// decodes in microseconds: a run no longer parses 118 KB of rule text with
/// pest on every start. `tests/builtin_catalog.rs` holds the stored catalog
/// to a run-time parse of the same text.
fn builtin_catalog() {
    for (name, _) in dsl::BUILTIN_RULES {
        println!("cargo:rerun-if-changed=rules/{name}");
    }
    for f in [
        "grammar/neglist.pest",
        "src/dsl",
        "src/diagnostic.rs",
        "src/rule.rs",
        "src/span.rs",
        "src/suggest.rs",
        "src/parse/date.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let catalog = match dsl::load_rules(&dsl::builtin_files()) {
        Ok((catalog, _)) => catalog,
        Err(errors) => {
            for e in &errors {
                eprintln!(
                    "{}: {}: {}",
                    e.source.location(e.span.start),
                    e.message,
                    e.label
                );
            }
            panic!("the built-in rules do not check; run `cargo run -- rules` for the diagnostics");
        }
    };
    let bytes = postcard::to_allocvec(&catalog).expect("the catalog serializes");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin.catalog");
    std::fs::write(dest, bytes).unwrap();
    // The crate (not this script, which has no catalog yet) decodes it.
    println!("cargo::rustc-cfg=neglist_stored_catalog");
}

// The DSL front end and the layers below it that it uses, as the crate has
// them (the text layer is the same crate, `neglist-text`). A module under
// src/dsl may use only these; `tests/builtin_catalog.rs` holds the stored
// catalog to a run-time parse.
#[allow(dead_code)]
#[path = "src/parse/date.rs"]
pub mod date;
#[allow(dead_code)]
#[path = "src/diagnostic.rs"]
mod diagnostic;
#[allow(dead_code, unused_imports)]
#[path = "src/dsl/mod.rs"]
mod dsl;
#[allow(dead_code)]
#[path = "src/rule.rs"]
mod rule;
#[allow(dead_code)]
#[path = "src/span.rs"]
mod span;
#[allow(dead_code)]
#[path = "src/suggest.rs"]
mod suggest;
mod parse {
    pub use super::date;
}
use neglist_text as text;
