//! The compiled rule set, the normalizer and the evaluator.

pub mod classes;
pub mod compile;
pub mod eval;
pub mod normalize;

pub use compile::{RuleSet, Workload};
pub use eval::{Existing, Finding, evaluate};
