//! neglist: checks Chinese enterprise registration filings against the rules
//! that govern market access, as of a date.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `filing` (YAML → spans) uses `parse` (scope, USCC, dates, money);
//! `dsl` (rule files → checked AST); `engine` (compiled rule set, normalizer,
//! evaluator → findings); `check` (files → per-file reports, in parallel);
//! `triage` (waivers, rule selection, severities, baseline — set up from
//! `config`, i.e. neglist.toml); `report` (findings → text, JSON, SARIF…).
//! The library never prints and never exits; the binary's `cli` does.

pub mod catalogue;
pub mod check;
pub mod config;
pub mod dsl;
pub mod engine;
pub mod filing;
pub mod parse;
pub mod report;
pub mod ruletest;
pub mod span;
pub mod suggest;
pub mod triage;
