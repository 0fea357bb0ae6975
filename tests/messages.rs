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

#[test]
fn a_message_shows_the_words_an_escape_spells() {
    // \u escapes, and a line continuation inside the words.
    let v = json_of(
        "name: 某某科技有限公司\nbusiness_scope: \"\\u6bd4\\u7279\\u5e01\\u6316\\u77ff；软件开发；矿机\\\n  托管\"\n",
        &[],
    );
    let found: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "NL0101")
        .collect();
    assert_eq!(found.len(), 2, "{v}");
    let m = found[0]["message"].as_str().unwrap();
    assert!(m.contains("经营范围“比特币挖矿”"), "{m}");
    assert!(!m.contains("\\u"), "{m}");
    // The output contract: `matched` is the file's bytes.
    assert_eq!(found[0]["matched"], "\\u6bd4\\u7279\\u5e01\\u6316\\u77ff");
    let m = found[1]["message"].as_str().unwrap();
    assert!(m.contains("经营范围“矿机托管”"), "{m}");
    assert_eq!(found[1]["matched"], "矿机\\\n  托管");
}

#[test]
fn an_ndjson_message_shows_the_words_an_escape_spells() {
    let v = json_of(
        "{\"name\":\"某某科技有限公司\",\"business_scope\":[\"\\u6bd4\\u7279\\u5e01\\u6316\\u77ff\"]}\n",
        &["--input-format", "ndjson"],
    );
    let f = finding(&v, "NL0101");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("经营范围“比特币挖矿”"),
        "{f}"
    );
    assert_eq!(f["matched"], "\\u6bd4\\u7279\\u5e01\\u6316\\u77ff");
}

#[test]
fn a_message_in_a_name_or_a_list_of_many_items_shows_the_words() {
    // A name in single quotes with a doubled quote, and the last of many
    // escaped scope items.
    let mut s = String::from("name: '某某''比特币矿业有限公司'\nbusiness_scope:\n");
    for _ in 0..200 {
        s.push_str("  - \"\\u8f6f\\u4ef6\\u5f00\\u53d1\"\n");
    }
    s.push_str("  - \"\\u77ff\\u673a\\u6258\\u7ba1\"\n");
    let v = json_of(&s, &[]);
    let texts: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(texts.iter().any(|m| m.contains("“矿机托管”")), "{texts:?}");
    assert!(texts.iter().all(|m| !m.contains("\\u")), "{texts:?}");
}
