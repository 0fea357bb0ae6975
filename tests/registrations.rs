//! Right on real registrations (the wording registers really hold, written
//! here in our own words): capital amounts as registers spell them.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn capital_in_the_spellings_registers_hold_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let amounts = [
        "100万香港元",
        "50(万元(人民币))",
        "300万元美元",
        "20（万元（港币））",
        "80万港币",
        "10万欧元",
        "1000万日元",
        "500万新台币",
        "40万德国马克",
        "100万元整",
    ];
    let mut text = String::new();
    for (i, a) in amounts.iter().enumerate() {
        text.push_str(&format!(
            "{}name: 某某{i}贸易有限公司\nregistered_capital: \"{a}\"\nbusiness_scope: [日用百货销售]\n",
            if i == 0 { "" } else { "---\n" }
        ));
    }
    // And one no reader could parse: still a data error.
    text.push_str(
        "---\nname: 某某贸易有限公司\nregistered_capital: 很多\nbusiness_scope: [日用百货销售]\n",
    );
    std::fs::write(dir.path().join("capital.yaml"), text).unwrap();
    let out = neglist()
        .args(["check", "--no-config", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bad: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "NL0006")
        .collect();
    assert_eq!(bad.len(), 1, "{v}");
    assert_eq!(bad[0]["matched"], "很多");
}
