//! Time as the law means it: filings are judged as of `--as-of`, else
//! today; a filing's own date is context (an existing registration must be
//! rectified), and `--as-of filed` is the historical audit.

mod common;
use common::*;
use serde_json::Value;

const MINING_2019: &str =
    "name: 某某矿业科技有限公司\nfiled_on: 2019-03-01\nbusiness_scope: [比特币挖矿]\n";

fn check(dir: &std::path::Path, extra: &[&str]) -> (Value, i32, String) {
    let json = neglist()
        .args(["check", "--no-config", "--format", "json"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    let concise = neglist()
        .args(["check", "--no-config", "--format", "concise"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    (
        serde_json::from_slice(&json.stdout).unwrap(),
        json.status.code().unwrap(),
        String::from_utf8(concise.stdout).unwrap(),
    )
}

#[test]
fn an_existing_registration_is_reported_as_one_to_rectify() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), MINING_2019).unwrap();
    let (v, code, text) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "NL0101");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["as_of"], "2026-11-28");
    assert_eq!(
        f["existing_registration"],
        serde_json::json!({"field": "filed_on", "date": "2019-03-01", "in_force_since": "2021-09-24"})
    );
    assert!(f["message"].as_str().unwrap().contains("存量登记"), "{f}");
    assert!(text.contains("（按今天 2026-11-28 的规定）"), "{text}");
}

#[test]
fn a_back_dated_filing_does_not_switch_the_rules_off() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "name: 某某虚拟货币矿业有限公司\nfiled_on: 0001-01-01\nbusiness_scope: [比特币挖矿]\n",
    )
    .unwrap();
    let (v, code, _) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(v["findings"].as_array().unwrap().len() >= 2, "{v}");
    // Without a filing date there is nothing to call existing.
    std::fs::write(
        dir.path().join("a.yaml"),
        "name: 某某科技有限公司\nbusiness_scope: [比特币挖矿]\n",
    )
    .unwrap();
    let (v, _, _) = check(dir.path(), &[]);
    assert!(
        v["findings"][0].get("existing_registration").is_none(),
        "{v}"
    );
}

#[test]
fn as_of_filed_is_the_historical_audit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), MINING_2019).unwrap();
    let (v, code, text) = check(dir.path(), &["--as-of", "filed"]);
    assert_eq!(code, 0, "{v}");
    assert!(v["findings"].as_array().unwrap().is_empty());
    assert_eq!(v["summary"]["as_of_first"], "2019-03-01");
    assert_eq!(v["summary"]["as_of_last"], "2019-03-01");
    assert!(
        text.contains(
            "每份申报按其申报日期的规定，无申报日期的按今天 2026-11-28；按 2019-03-01 判断"
        ),
        "{text}"
    );
    // A filing made after the rule is refused in the audit too.
    std::fs::write(
        dir.path().join("b.yaml"),
        MINING_2019.replace("2019", "2022"),
    )
    .unwrap();
    let (v, code, text) = check(dir.path(), &["--as-of", "filed"]);
    assert_eq!(code, 1);
    assert_eq!(v["findings"][0]["as_of"], "2022-03-01");
    assert!(text.contains("按 2019-03-01 … 2022-03-01 判断"), "{text}");
}

#[test]
fn as_of_a_day_and_in_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), MINING_2019).unwrap();
    // Before the rule: clean.
    let (_, code, text) = check(dir.path(), &["--as-of", "2021-01-01"]);
    assert_eq!(code, 0);
    assert!(text.contains("（按 2021-01-01 的规定）"), "{text}");
    // `as_of = "filed"` in neglist.toml, and `neglist config` says it back.
    std::fs::write(dir.path().join("neglist.toml"), "as_of = \"filed\"\n").unwrap();
    let out = neglist()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "a.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let cfg = neglist()
        .current_dir(dir.path())
        .arg("config")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&cfg.stdout).contains("as_of = \"filed\""));
    // A bad value is a located error.
    std::fs::write(dir.path().join("neglist.toml"), "as_of = \"yesterday\"\n").unwrap();
    let out = neglist()
        .current_dir(dir.path())
        .args(["check", "a.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let bad = neglist()
        .args(["check", "--as-of", "soon", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nor `filed`"));
}

/// `neglist test` judges cases that give no date as of NEGLIST_TODAY, as
/// `check` does, and says which day that was: a rule in force until
/// 2026-12-01 passes a dateless deny case the day before and fails it after.
#[test]
fn neglist_test_honours_neglist_today() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("ends.rules");
    std::fs::write(
        &rules,
        "rule XX0003 ends {\n  title \"x\"\n  category risk\n  effective .. 2026-12-01\n  when scope contains [\"比特币\"]\n  message \"m\"\n  example deny { name: a, business_scope: [比特币] }\n}\n",
    )
    .unwrap();
    let case = dir.path().join("case.yaml");
    std::fs::write(
        &case,
        "case: undated\nrule: XX0003\nexpect: deny\nfiling: {name: a, business_scope: [比特币挖矿]}\n",
    )
    .unwrap();
    let run = |today: &str| {
        let out = neglist()
            .current_dir(dir.path())
            .env("NEGLIST_TODAY", today)
            .args(["test", "--no-builtin-rules", "--rules"])
            .arg(&rules)
            .arg(&case)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, text) = run("2026-11-30");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("as of today 2026-11-30"), "{text}");
    let (code, text) = run("2026-12-06");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("as of today 2026-12-06"), "{text}");
    assert!(
        text.contains("flag the filing as of 2026-12-06, but it did not (the rule is not in force"),
        "{text}"
    );
}
