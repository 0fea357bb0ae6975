//! `neglist test`: every rule's inline examples, then the rule test cases.

use neglist::engine::RuleSet;
use neglist::parse::date::Date;
use neglist::pipeline::collect_inputs;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `today` (NEGLIST_TODAY, else the day in China) judges the examples and
/// cases that give no date of their own; the report says which day it was.
pub fn run(rules: &RuleSet, paths: &[PathBuf], today: Date, stdout: &mut impl Write) -> ExitCode {
    // (what, location, failure) for every inline example, then every case.
    let mut results: Vec<(String, String, Option<String>)> = vec![];
    for r in neglist::ruletest::run_examples(rules, today) {
        let verdict = if r.deny { "deny" } else { "allow" };
        results.push((
            format!("{} {} example {verdict} #{}", r.rule, r.rule_name, r.number),
            r.location,
            r.failure,
        ));
    }
    let examples = results.len();
    let case_paths: Vec<PathBuf> = if paths.is_empty() {
        let default = PathBuf::from("tests/rules");
        if default.is_dir() {
            vec![default]
        } else {
            vec![]
        }
    } else {
        paths.to_vec()
    };
    for input in collect_inputs(&case_paths) {
        let cases = match input {
            neglist::pipeline::Input::File { path, .. } => {
                neglist::ruletest::run_case_file(rules, &path, today)
            }
            neglist::pipeline::Input::WalkError { display, message } => {
                vec![neglist::ruletest::CaseResult {
                    location: display,
                    name: "(walk)".into(),
                    failure: Some(message),
                }]
            }
        };
        for c in cases {
            results.push((format!("case {}", c.name), c.location, c.failure));
        }
    }
    let mut failed = 0;
    let _ = writeln!(
        stdout,
        "rule tests as of today {today} where the case, its filing and its rule give no date"
    );
    for (what, location, failure) in &results {
        match failure {
            None => {
                let _ = writeln!(stdout, "test {what} ... ok");
            }
            Some(why) => {
                failed += 1;
                let _ = writeln!(stdout, "test {what} ... FAILED\n  --> {location}\n  {why}");
            }
        }
    }
    let _ = writeln!(
        stdout,
        "\nrule tests: {} passed, {failed} failed ({examples} inline examples, {} cases)",
        results.len() - failed,
        results.len() - examples
    );
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
