//! neglist: checks Chinese enterprise registration filings against the rules
//! that govern market access, as of a date.
//!
//! One module per stage, data flowing one way; each uses only the layers
//! listed before it (`tests/layering.rs` holds the code to this order):
//! `text` (the `neglist-text` crate: characters and the matcher's skeleton),
//! `span` and `suggest`; `diagnostic` (errors located in a user's text
//! file); `parse` (scope structure, USCC, dates, money); `catalogue` (the
//! official business-scope catalogue, as data); `rule` (the validated
//! `Catalog` of rules everything reads); `classify` (scope items →
//! catalogue entries); `filing` (YAML → spans);
//! `dsl` (rule files → AST → `Catalog`); `engine` (compiled rule set,
//! evaluator → findings); `config` (neglist.toml); `pipeline` (files →
//! per-file reports, in parallel); `triage` (waivers, rule selection,
//! severities, baseline, folding); `report` (findings → text, JSON,
//! SARIF…); `ruletest` (rule examples).
//! The library never prints and never exits; the binary's `cli` does.

pub mod catalogue;
pub mod classify;
pub mod config;
pub mod diagnostic;
pub mod dsl;
pub mod engine;
pub mod filing;
pub mod lang;
pub mod parse;
pub mod pipeline;
pub mod report;
pub mod rule;
pub mod ruletest;
pub mod span;
pub mod suggest;
pub mod triage;

pub use neglist_text as text;
