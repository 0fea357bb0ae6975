//! Helpers shared by the tests that drive the built binary on hostile
//! input: a hostile file sits next to a good one that must still be
//! reported, and every output format must agree.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const GOOD: &str = "name: 某某科技有限公司\nbusiness_scope: [比特币挖矿]\n";

pub fn neglist() -> Command {
    let mut c = Command::cargo_bin("neglist").unwrap();
    c.env("NEGLIST_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(120));
    c
}

/// A directory with one hostile file (written by `make`) next to a good
/// file with a known violation.
pub fn with_hostile(name: &str, make: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zz-good.yaml"), GOOD).unwrap();
    let p = dir.path().join(name);
    make(&p);
    (dir, p)
}

/// Runs `check --format json` (plus `extra`) on the directory; returns the
/// report and the exit code, after checking the good file was still checked
/// and the human report does not panic either.
pub fn run(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let out = neglist()
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let good =
        v["findings"].as_array().unwrap().iter().any(|f| {
            f["path"].as_str().unwrap().ends_with("zz-good.yaml") && f["rule"] == "NL0101"
        });
    assert!(good, "the good file was not checked: {v}");
    let human = neglist()
        .args(["check", "--format", "human"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(human.status.code(), out.status.code());
    // SARIF: a result for every finding and every unreadable entry.
    let sarif = neglist()
        .args(["check", "--format", "sarif"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(sarif.status.code(), out.status.code());
    let s: Value = serde_json::from_slice(&sarif.stdout).expect("a SARIF log");
    let results = s["runs"][0]["results"].as_array().unwrap().len();
    let expected =
        v["findings"].as_array().unwrap().len() + v["unreadable"].as_array().unwrap().len();
    assert_eq!(results, expected);
    (v, out.status.code().unwrap())
}

pub fn unreadable_message(v: &Value, name: &str) -> String {
    v["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} is not listed as unreadable: {v}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The findings of one file of a JSON report.
pub fn findings_in<'a>(v: &'a Value, name: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with(name))
        .collect()
}

/// The rule codes of one file's findings.
pub fn rules_in(v: &Value, name: &str) -> Vec<String> {
    findings_in(v, name)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// A hostile file `name` holding `text` next to the good file, checked in
/// every format (see [`run`]): the JSON report and the exit code.
pub fn run_hostile(name: &str, text: &str, extra: &[&str]) -> (Value, i32) {
    let (dir, _) = with_hostile(name, |p| std::fs::write(p, text).unwrap());
    run(dir.path(), extra)
}

/// `neglist check --no-config --format json EXTRA… PATH`: the report and the
/// exit code.
pub fn json_check(extra: &[&str], path: &Path) -> (Value, i32) {
    let out = neglist()
        .args(["check", "--no-config", "--format", "json"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    (
        serde_json::from_slice(&out.stdout).expect("a JSON report"),
        out.status.code().unwrap(),
    )
}
