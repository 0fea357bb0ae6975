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
    let (v, _) = json_check(&[], dir.path());
    let bad: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "NL0006")
        .collect();
    assert_eq!(bad.len(), 1, "{v}");
    assert_eq!(bad[0]["matched"], "很多");
}

#[test]
fn negated_boilerplate_and_conditions_draw_no_licence_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "name: 某某投资管理有限公司\nbusiness_scope: \"一般项目：企业管理咨询；投资咨询（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）；未经金融等监管部门批准不得从事吸收存款、融资担保、代客理财、向社会公众集（融）资等金融业务。1、不得发放贷款；2、不得向投资者承诺投资本金不受损失。\"\n",
    )
    .unwrap();
    // And the same structure must not hide a real business line.
    std::fs::write(
        dir.path().join("b.yaml"),
        "name: 某某科技有限公司\nbusiness_scope: \"比特币挖矿（不含危险化学品）；融资担保（不含吸收存款）\"\n",
    )
    .unwrap();
    let (v, _) = json_check(&[], dir.path());
    let a: Vec<&Value> = findings_in(&v, "a.yaml")
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(a.is_empty(), "{a:?}");
    let b = rules_in(&v, "b.yaml");
    assert!(
        b.contains(&"NL0101".to_string()) && b.contains(&"NL0407".to_string()),
        "{b:?}"
    );
    assert!(!b.contains(&"NL0402".to_string()), "{b:?}");
}
