//! The rule test runner: every rule's inline `example deny` / `example allow`
//! filings, evaluated against that rule alone.

use crate::engine::{RuleSet, evaluate};
use crate::filing::yaml::{Document, Node, NodeKind};
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
/// day its rule is in force, else `today` (the caller's today, so that
/// `NEGLIST_TODAY` pins it as it does for `check`).
pub fn example_date(rule_from: Option<Date>, filing_date: Option<Date>, today: Date) -> Date {
    filing_date.or(rule_from).unwrap_or(today)
}

/// What an example's verdict is judged on: the findings at the rule's own
/// strength. A prohibited rule's words under a proven suppression (a
/// negation, a condition) are still reported, lowered; that is not the
/// rule refusing the filing.
fn refusals(mut found: Vec<crate::engine::Finding>) -> Vec<crate::engine::Finding> {
    found.retain(|f| f.suppressed.is_none());
    found
}

pub fn run_examples(rules: &RuleSet, today: Date) -> Vec<ExampleResult> {
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
                    let as_of = example_date(
                        rule.first_day(),
                        f.filed_on.as_ref().map(|d| d.value),
                        today,
                    );
                    let found = refusals(evaluate(rules, &file, f, as_of, Some(idx)));
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

/// The outcome of one case in a rule test file (`tests/rules/*.yaml`).
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// `path:line:col` of the case.
    pub location: String,
    /// The case's `case:` text, else `RULE expect`.
    pub name: String,
    /// None if it passed, else why not.
    pub failure: Option<String>,
}

/// A rule test file: YAML documents, each one case —
///
/// ```yaml
/// case: 稳定币 was not a banned word before 42号
/// rule: NL0212
/// as_of: 2021-10-12          # optional: else the filing's filed_on, else the rule's first day
/// expect: allow              # deny | allow
/// matched: [稳定币]           # optional, with deny: exactly the words flagged
/// filing: {name: 某某科技有限公司, business_scope: [稳定币支付系统开发]}
/// ```
///
/// `filing` is a mapping (flow or block) or a path to a filing file,
/// relative to the case file (`document:` picks one of a multi-document
/// file). A malformed case is a failure, never skipped.
/// A case with no `as_of`, no `filed_on` and a rule with no first day is
/// judged as of `today`.
pub fn run_case_file(rules: &RuleSet, path: &std::path::Path, today: Date) -> Vec<CaseResult> {
    let display = path.display().to_string();
    let text = match std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|b| crate::filing::decode(b).map_err(|e| e.message))
    {
        Ok(t) => t,
        Err(e) => {
            return vec![CaseResult {
                location: display,
                name: "(file)".into(),
                failure: Some(format!("cannot read the test file: {e}")),
            }];
        }
    };
    let file = SourceFile::new(display.clone(), text);
    let mut out = vec![];
    for doc in crate::filing::yaml::parse_documents(&file.src, &file.lines) {
        match doc {
            Document::Error(e) => out.push(CaseResult {
                location: at(&file, e.span.start),
                name: "(file)".into(),
                failure: Some(format!("not valid YAML: {}", e.message)),
            }),
            Document::Node(node) => out.push(run_case(rules, &file, path, &node, today)),
        }
    }
    if out.is_empty() {
        out.push(CaseResult {
            location: display,
            name: "(file)".into(),
            failure: Some("the test file holds no case".into()),
        });
    }
    out
}

fn at(file: &SourceFile, offset: usize) -> String {
    let (line, col) = file.lines.line_col(&file.src, offset);
    format!("{}:{line}:{col}", file.path)
}

const CASE_KEYS: &[&str] = &[
    "case", "rule", "as_of", "expect", "matched", "filing", "document",
];

fn run_case(
    rules: &RuleSet,
    file: &SourceFile,
    path: &std::path::Path,
    node: &Node,
    today: Date,
) -> CaseResult {
    let location = at(file, node.span.start);
    let fail = |name: String, why: String| CaseResult {
        location: location.clone(),
        name,
        failure: Some(why),
    };
    let NodeKind::Mapping(pairs) = &node.kind else {
        return fail(
            "(case)".into(),
            format!("a case must be a mapping, found {}", node.kind_name()),
        );
    };
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key.as_scalar() == Some(k))
            .map(|(_, v)| v)
    };
    let scalar = |k: &str| get(k).and_then(Node::as_scalar).map(str::to_string);
    if let Some((k, _)) = pairs
        .iter()
        .find(|(k, _)| !k.as_scalar().is_some_and(|k| CASE_KEYS.contains(&k)))
    {
        return fail(
            "(case)".into(),
            format!(
                "unknown key `{}` in a case (keys: {})",
                k.as_scalar().unwrap_or("?"),
                CASE_KEYS.join(", ")
            ),
        );
    }
    let Some(rule_id) = scalar("rule") else {
        return fail(
            "(case)".into(),
            "a case needs `rule:` (a rule code or name)".into(),
        );
    };
    let expect = scalar("expect");
    let name =
        scalar("case").unwrap_or_else(|| format!("{rule_id} {}", expect.as_deref().unwrap_or("?")));
    let deny = match expect.as_deref() {
        Some("deny") => true,
        Some("allow") => false,
        _ => return fail(name, "`expect:` must be `deny` or `allow`".into()),
    };
    let Some(idx) = rules.catalog.rules.iter().position(|r| {
        r.code.eq_ignore_ascii_case(&rule_id) || r.name.eq_ignore_ascii_case(&rule_id)
    }) else {
        return fail(name, format!("no rule called `{rule_id}`"));
    };
    let rule = &rules.catalog.rules[idx];
    let as_of = match scalar("as_of").map(|s| crate::parse::date::parse_date(&s)) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => return fail(name, "`as_of:` is not a date (use 2021-10-12)".into()),
    };
    let matched: Option<Vec<String>> = match get("matched").map(|m| &m.kind) {
        None => None,
        Some(NodeKind::Sequence(items)) => Some(
            items
                .iter()
                .filter_map(|i| i.as_scalar().map(str::to_string))
                .collect(),
        ),
        Some(NodeKind::Scalar { value, .. }) => Some(vec![value.clone()]),
        Some(_) => return fail(name, "`matched:` must be a list of strings".into()),
    };
    // The filing: inline, or a file next to the case file.
    let filing_file = match get("filing") {
        None => return fail(name, "a case needs `filing:` (a mapping or a path)".into()),
        Some(f) => match &f.kind {
            NodeKind::Scalar { value, .. } => {
                let p = path
                    .parent()
                    .unwrap_or(std::path::Path::new("."))
                    .join(value);
                match std::fs::read(&p)
                    .map_err(|e| e.to_string())
                    .and_then(|b| crate::filing::decode(b).map_err(|e| e.message))
                {
                    Ok(t) => SourceFile::new(p.display().to_string(), t),
                    Err(e) => {
                        return fail(name, format!("cannot read filing {}: {e}", p.display()));
                    }
                }
            }
            NodeKind::Mapping(_) => SourceFile::new(
                format!("{location} (filing)"),
                dedented(&file.src, f.span.clone()),
            ),
            NodeKind::Sequence(_) => {
                return fail(name, "`filing:` must be a mapping or a path".into());
            }
        },
    };
    let want_doc = match scalar("document").map(|d| d.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return fail(name, "`document:` must be a number (0-based)".into()),
    };
    let docs = load(&filing_file);
    let filing = match docs.get(want_doc) {
        Some(Loaded::Filing(f)) => f,
        Some(Loaded::Unreadable(u)) => {
            return fail(name, format!("the filing is not readable: {}", u.message));
        }
        None => return fail(name, format!("the filing has no document {want_doc}")),
    };
    let day = as_of
        .or(filing.filed_on.as_ref().map(|d| d.value))
        .or(rule.first_day())
        .unwrap_or(today);
    // A rule not in force on the day reports nothing, as in `check`.
    let found = if rule.in_force(day) {
        refusals(evaluate(rules, &filing_file, filing, day, Some(idx)))
    } else {
        vec![]
    };
    let words: Vec<&str> = found
        .iter()
        .map(|f| &filing_file.src[f.range.clone()])
        .collect();
    let failure = match (deny, words.is_empty()) {
        (true, true) => Some(format!(
            "expected {} to flag the filing as of {day}, but it did not{}",
            rule.code,
            if rule.in_force(day) {
                ""
            } else {
                " (the rule is not in force that day)"
            }
        )),
        (false, false) => Some(format!(
            "expected {} not to flag the filing as of {day}, but it flagged “{}”",
            rule.code,
            words.join("”, “")
        )),
        (true, false) => matched.filter(|m| *m != words).map(|m| {
            format!(
                "{} flagged “{}”, but the case expects “{}”",
                rule.code,
                words.join("”, “"),
                m.join("”, “")
            )
        }),
        (false, true) => None,
    };
    CaseResult {
        location,
        name,
        failure,
    }
}

/// The text of a block or flow mapping cut out of its file, with the
/// indentation of its first line removed from the others, so it reads as a
/// document of its own.
fn dedented(src: &str, span: std::ops::Range<usize>) -> String {
    let line_start = src[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = src[line_start..span.start].chars().count();
    let mut out = String::new();
    for (i, line) in src[span].split_inclusive('\n').enumerate() {
        if i == 0 {
            out.push_str(line);
        } else {
            let spaces = line.chars().take(indent).take_while(|c| *c == ' ').count();
            out.push_str(&line[spaces..]);
        }
    }
    out
}
