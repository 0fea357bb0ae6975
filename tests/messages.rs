//! What a finding's message says, on the built binary: a filing's words
//! fill the rule's placeholders and are never read as placeholders
//! themselves, and they are shown as a reader sees them, not as the
//! escapes that spell them (the JSON `matched` field keeps the file's own
//! bytes).

use serde_json::Value;

mod common;
use common::*;

fn json_of(input: &str, extra: &[&str]) -> Value {
    let out = neglist()
        .args(["check", "--no-config", "--format", "json"])
        .args(extra)
        .arg("-")
        .write_stdin(input)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

fn finding<'a>(v: &'a Value, rule: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule}: {v}"))
}

#[test]
fn a_filing_that_writes_placeholders_gets_them_back_as_words() {
    let v = json_of(
        "name: 某某科技有限公司\nbusiness_scope: [\"比特币{field}{problem}{value}兑换\"]\n",
        &[],
    );
    let f = finding(&v, "NL0201");
    let m = f["message"].as_str().unwrap();
    assert!(m.contains("“比特币{field}{problem}{value}兑换”"), "{m}");
    assert!(!m.contains("business_scope"), "{m}");
    assert_eq!(f["matched"], "比特币{field}{problem}{value}兑换");
}
