//! The rule test runner: every rule's inline `example deny` / `example allow`
//! filings, evaluated against that rule alone.

use crate::engine::{RuleSet, evaluate};
use crate::filing::{Loaded, SourceFile, load};
use crate::parse::date::Date;

#[derive(Debug, Clone)]
pub struct ExampleResult {
    pub rule: String,
    pub rule_name: String,
    pub deny: bool,
    /// 1-based number among the rule's examples of this verdict.
    pub number: usize,
    /// `file:line:col` of the example.
    pub location: String,
    /// None if it passed, else why not.
    pub failure: Option<String>,
}

/// The date an example is evaluated on: its own `filed_on`, else the first
/// day its rule is in force (else today).
fn example_date(rule_from: Option<Date>, filing_date: Option<Date>) -> Date {
    filing_date.or(rule_from).unwrap_or_else(Date::today)
}

pub fn run_examples(rules: &RuleSet) -> Vec<ExampleResult> {
    let mut out = vec![];
    for (idx, rule) in rules.catalog.rules.iter().enumerate() {
        let (mut n_deny, mut n_allow) = (0, 0);
        for ex in &rule.examples {
            let number = if ex.deny {
                n_deny += 1;
                n_deny
            } else {
                n_allow += 1;
                n_allow
            };
            let file = SourceFile::new(format!("{} example", rule.code), ex.yaml.clone());
            let docs = load(&file);
            let failure = match docs.as_slice() {
                [Loaded::Filing(f)] => {
                    let as_of =
                        example_date(rule.first_day(), f.filed_on.as_ref().map(|d| d.value));
                    let found = evaluate(rules, &file, f, as_of, Some(idx));
                    match (ex.deny, found.is_empty()) {
                        (true, true) => Some(format!(
                            "expected {} to flag this filing (as of {as_of}), but it did not",
                            rule.code
                        )),
                        (false, false) => Some(format!(
                            "expected {} not to flag this filing, but it flagged “{}”",
                            rule.code,
                            found
                                .iter()
                                .map(|f| &file.src[f.range.clone()])
                                .collect::<Vec<_>>()
                                .join("”, “")
                        )),
                        _ => None,
                    }
                }
                [Loaded::Unreadable(u)] => Some(format!(
                    "the example is not a readable filing: {}",
                    u.message
                )),
                _ => Some("an example must be exactly one filing".into()),
            };
            out.push(ExampleResult {
                rule: rule.code.clone(),
                rule_name: rule.name.clone(),
                deny: ex.deny,
                number,
                location: rule.origin.location(ex.span.start),
                failure,
            });
        }
    }
    out
}
