//! Fitting into other tools: the filing schema for editors, shell
//! completions, the man page, stdin with a name.

use assert_cmd::Command;
use serde_json::Value;

fn neglist() -> Command {
    let mut c = Command::cargo_bin("neglist").unwrap();
    c.env("NEGLIST_TODAY", "2026-11-28").env("NO_COLOR", "1");
    c
}

#[test]
fn schema_covers_both_spellings_and_the_examples() {
    let out = neglist().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "name",
        "企业名称",
        "uscc",
        "统一社会信用代码",
        "entity_type",
        "企业类型",
        "registered_capital",
        "注册资本",
        "established_on",
        "成立日期",
        "filed_on",
        "申报日期",
        "region",
        "行政区划",
        "address",
        "住所",
        "industry",
        "行业代码",
        "business_scope",
        "经营范围",
        "licenses",
        "许可证件",
        "energy",
        "用能",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
    assert_eq!(schema["additionalProperties"], false);
    let licence = &props["licenses"]["items"]["properties"];
    assert!(licence.get("type").is_some() && licence.get("类型").is_some());
    // Every key the bundled examples use is in the schema, except the one
    // deliberately misspelt (and reported as NL0001).
    for entry in std::fs::read_dir("examples/filings").unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            let Some((key, _)) = line.split_once(':') else {
                continue;
            };
            if key.starts_with([' ', '#', '-', '{']) || key.is_empty() || key == "busines_scope" {
                continue;
            }
            assert!(
                props.contains_key(key.trim()),
                "example key {key:?} not in the schema"
            );
        }
    }
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = neglist().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("explain") && text.contains("check"),
            "{shell}"
        );
    }
    let man = neglist().arg("man").output().unwrap();
    let text = String::from_utf8(man.stdout).unwrap();
    assert!(
        text.starts_with(".ie") || text.contains(".TH neglist"),
        "{text}"
    );
    assert!(text.contains("check"));
}

#[test]
fn stdin_with_a_name() {
    let out = neglist()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "filings/new.yaml",
            "-",
        ])
        .write_stdin("name: 某某比特币矿池有限公司\n")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["path"], "filings/new.yaml");
    assert_eq!(out.status.code(), Some(1));
}
