//! The compiled rule set and the evaluator.

pub mod compile;
pub mod eval;

pub use compile::{RuleSet, Workload};
pub use eval::{Existing, Finding, evaluate};
