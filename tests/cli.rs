//! Tests on the built binary: what a user runs and sees.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const TODAY: &str = "2026-11-28";

fn neglist() -> Command {
    let mut c = Command::cargo_bin("neglist").unwrap();
    c.env("NEGLIST_TODAY", TODAY).env("NO_COLOR", "1");
    c
}

/// Writes `text` as rule file `name` in a fresh temporary directory and runs
/// `neglist ARGS… --rules FILE EXTRA…` on it.
fn run_with_rules(name: &str, text: &str, args: &[&str], extra: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    neglist()
        .args(args)
        .arg("--rules")
        .arg(&p)
        .args(extra)
        .output()
        .unwrap()
}

fn json_of(args: &[&str]) -> (Value, i32) {
    let out = neglist()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (v, out.status.code().unwrap())
}

/// The text under every underline must be exactly the file's bytes at the
/// span, and line/column must be the character position of the offset.
fn assert_spans_cut_matched(v: &Value) {
    for f in v["findings"].as_array().unwrap() {
        let bytes = std::fs::read(f["path"].as_str().unwrap()).unwrap();
        let off = f["span"]["offset"].as_u64().unwrap() as usize;
        let len = f["span"]["length"].as_u64().unwrap() as usize;
        let cut = std::str::from_utf8(&bytes[off..off + len]).expect("span on char boundaries");
        assert_eq!(cut, f["matched"].as_str().unwrap(), "finding {f}");
        let before = std::str::from_utf8(&bytes[..off])
            .unwrap()
            .trim_start_matches('\u{feff}');
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!(f["span"]["line"].as_u64().unwrap() as usize, line);
        assert_eq!(f["span"]["column"].as_u64().unwrap() as usize, col);
    }
}

fn matched_by(v: &Value, path_part: &str, rule: &str) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains(path_part) && f["rule"] == rule)
        .map(|f| f["matched"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn examples_human_output_snapshots() {
    let mut files: Vec<_> = std::fs::read_dir("examples/filings")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let out = neglist()
            .args(["check", "--format", "human"])
            .arg(&f)
            .output()
            .unwrap();
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let text = String::from_utf8(out.stdout).unwrap();
        insta::assert_snapshot!(
            format!("human-{name}"),
            format!("exit: {}\n{text}", out.status.code().unwrap())
        );
        let (json, _) = json_of(&[f.to_str().unwrap()]);
        insta::assert_json_snapshot!(format!("json-{name}"), json);
    }
}

#[test]
fn whole_examples_directory_json_contract() {
    let (v, code) = json_of(&["examples/filings"]);
    assert_eq!(code, 1, "violations and an unreadable file fail the run");
    assert_eq!(v["version"], 1);
    let files = std::fs::read_dir("examples/filings").unwrap().count();
    assert_eq!(v["summary"]["files"], files as u64);
    assert_eq!(v["summary"]["unreadable"], 1);
    assert_spans_cut_matched(&v);
    // Ordered by path, then document, then offset.
    let keys: Vec<(String, u64, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["document"].as_u64().unwrap(),
                f["span"]["offset"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn underlines_cut_out_the_offending_words() {
    let (v, _) = json_of(&["examples/filings"]);
    // A list item.
    assert_eq!(matched_by(&v, "11-token", "NL0204"), vec!["代币发行"]);
    // Inside a long one-line registration-format scope string.
    assert_eq!(
        matched_by(&v, "03-registration", "NL0101"),
        vec!["比特币矿机托管"]
    );
    // Inside a folded multi-line string.
    assert_eq!(matched_by(&v, "08-folded", "NL0101"), vec!["以太坊挖矿"]);
    // Evasions: what the file really says, not its normalized form.
    assert_eq!(
        matched_by(&v, "07-evasions", "NL0211"),
        vec!["虛擬貨幣", "虚 拟 货 币", "加密\\u200B货币"]
    );
    assert_eq!(matched_by(&v, "07-evasions", "NL0101"), vec!["ＢＴＣ挖矿"]);
    // The check character of a bad USCC.
    assert_eq!(matched_by(&v, "09-bad-uscc", "NL0601"), vec!["7"]);
}

#[test]
fn raw_zero_width_space_and_bom_keep_exact_spans() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("zw.yaml");
    std::fs::write(&p, "\u{feff}name: 某某公司\nbusiness_scope:\n  - 虚拟\u{200B}货币挖矿\n  - \"一般项目：技术服务；比特币\n    挖矿。\"\n").unwrap();
    let (v, code) = json_of(&[p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_spans_cut_matched(&v);
    let m = matched_by(&v, "zw.yaml", "NL0101");
    assert_eq!(m, vec!["虚拟\u{200B}货币挖矿", "比特币\n    挖矿"]);
    assert_eq!(v["findings"][0]["span"]["column"], 5);
}

#[test]
fn near_misses_raise_no_error() {
    for f in [
        "01-clean-cloud-data",
        "04-near-miss-mineral-mining",
        "05-near-miss-digital-rmb-vr",
        "13-near-miss-finance-words",
    ] {
        let (v, code) = json_of(&[&format!("examples/filings/{f}.yaml")]);
        assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{f}: {v}");
        assert_eq!(code, 0, "{f}");
        // On any date, not just the filing's own.
        for day in ["2021-10-12", "2023-06-01", TODAY] {
            let (v, _) = json_of(&["--as-of", day, &format!("examples/filings/{f}.yaml")]);
            let errors: Vec<_> = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["severity"] == "error")
                .collect();
            assert!(errors.is_empty(), "{f} as of {day}: {errors:?}");
        }
    }
}

#[test]
fn as_of_changes_the_answer() {
    let f = "examples/filings/10-stablecoin-2026.yaml";
    let (then, code_then) = json_of(&["--as-of", "2021-10-12", f]);
    assert_eq!(then["as_of"], "2021-10-12");
    assert_eq!(then["findings"].as_array().unwrap().len(), 0);
    assert_eq!(code_then, 0);
    let (now, code_now) = json_of(&["--as-of", TODAY, f]);
    assert_eq!(matched_by(&now, "10-stable", "NL0212"), vec!["稳定币"]);
    assert_eq!(code_now, 1);
    // Before 2021-09-24 the 237号 word ban was not in force either.
    let (before, _) = json_of(&["--as-of", "2021-09-01", "examples/filings/07-evasions.yaml"]);
    assert!(matched_by(&before, "07", "NL0211").is_empty());
}

/// A financial word under each edition: NL0301 (error) under the 2022
/// list, NL0303 (error again: the 2025 edition kept and extended the item).
#[test]
fn finance_words_follow_the_edition_in_force() {
    let f = "examples/filings/14-finance-words-refused.yaml";
    let (y2023, _) = json_of(&["--as-of", "2023-06-01", f]);
    assert_eq!(
        matched_by(&y2023, "14-", "NL0301"),
        vec!["金融", "理财", "典当"]
    );
    assert!(matched_by(&y2023, "14-", "NL0303").is_empty());
    let (y2026, _) = json_of(&["--as-of", TODAY, f]);
    assert!(matched_by(&y2026, "14-", "NL0301").is_empty());
    assert_eq!(
        matched_by(&y2026, "14-", "NL0303"),
        vec!["金融", "理财", "典当"]
    );
    // (The pawn-licence error on the same word is folded into the
    // prohibition, kept as related.)
    let pawn = y2026["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "NL0303" && x["matched"] == "典当")
        .unwrap();
    assert_eq!(pawn["related"][0]["rule"], "NL0408", "{pawn}");
    for x in y2026["findings"].as_array().unwrap() {
        if x["rule"] == "NL0303" {
            // An error again; how far the source is confirmed is said by
            // its status, not in the message.
            assert_eq!(x["severity"], "error");
            assert_eq!(x["basis"][0]["document"], "发改体改规〔2025〕466号");
            assert_eq!(x["basis"][0]["status"], "partly-confirmed");
            assert!(!x["message"].as_str().unwrap().contains("未核实"));
        }
    }
    // Before the 2022 edition there is no word-list finding at all.
    let (y2021, _) = json_of(&["--as-of", "2021-10-12", f]);
    assert!(matched_by(&y2021, "14-", "NL0301").is_empty());
    assert!(matched_by(&y2021, "14-", "NL0302").is_empty());
}

/// Findings cite the sources that applied on the day the filing was
/// evaluated, not every source the rule has ever had.
#[test]
fn basis_is_the_text_in_force_that_day() {
    let f = "examples/filings/02-refused-mining-company.yaml";
    let docs = |v: &Value, rule: &str| -> Vec<String> {
        let x = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["rule"] == rule)
            .unwrap();
        x["basis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["document"].as_str().unwrap().to_string())
            .collect()
    };
    let (v, _) = json_of(&["--as-of", "2021-10-12", f]);
    assert_eq!(docs(&v, "NL0101"), vec!["发改运行〔2021〕1283号"]);
    // (NL0211 on 虚拟货币 is folded into the mining finding here; alone:)
    let dir = tempfile::tempdir().unwrap();
    let word = dir.path().join("word.yaml");
    std::fs::write(
        &word,
        "name: 某某科技有限公司\nbusiness_scope: [虚拟货币技术咨询]\n",
    )
    .unwrap();
    let word = word.to_str().unwrap();
    let (w, _) = json_of(&["--as-of", "2021-10-12", word]);
    assert_eq!(docs(&w, "NL0211"), vec!["银发〔2021〕237号"]);
    let (v, _) = json_of(&["--as-of", TODAY, f]);
    let now = docs(&v, "NL0101");
    assert!(
        now.contains(&"国家发展改革委令第7号".to_string()),
        "{now:?}"
    );
    assert!(!now.iter().any(|d| d.contains("2019年本")), "{now:?}");
    let (w, _) = json_of(&["--as-of", TODAY, word]);
    assert_eq!(docs(&w, "NL0211"), vec!["银发〔2026〕42号"]);
}

#[test]
fn rules_as_of_lists_what_was_in_force() {
    let table = |day: &str| {
        let out = neglist().args(["rules", "--as-of", day]).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let has = |t: &str, code: &str| t.lines().any(|l| l.starts_with(code));
    let y2017 = table("2017-09-04");
    assert!(has(&y2017, "NL0204") && has(&y2017, "NL0218") && has(&y2017, "NL0219"));
    assert!(!has(&y2017, "NL0201"));
    assert!(!has(&y2017, "NL0101") && !has(&y2017, "NL0211"));
    let y2021 = table("2021-10-12");
    assert!(has(&y2021, "NL0101") && has(&y2021, "NL0211") && has(&y2021, "NL0501"));
    assert!(!has(&y2021, "NL0212") && !has(&y2021, "NL0301") && !has(&y2021, "NL0215"));
    let y2023 = table("2023-06-01");
    assert!(has(&y2023, "NL0301") && !has(&y2023, "NL0303"));
    let now = table(TODAY);
    assert!(has(&now, "NL0212") && has(&now, "NL0303") && has(&now, "NL0215"));
    assert!(!has(&now, "NL0301"));
    // Data rules hold on any date.
    assert!(has(&y2017, "NL0601") && has(&now, "NL0605"));
}

#[test]
fn malformed_filing_is_located_and_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a-bad.yaml"),
        "name: 甲\n  business_scope: [x\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-good.yaml"),
        "name: 某某公司\nbusiness_scope: [比特币挖矿]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c-gbk.yaml"),
        b"name: \xc4\xb3\xc4\xb3\xb9\xab\xcb\xbe\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("d-list.yaml"), "- a\n- b\n").unwrap();
    std::fs::write(dir.path().join("e-empty.yaml"), "").unwrap();
    let (v, code) = json_of(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let unreadable = v["unreadable"].as_array().unwrap();
    assert_eq!(unreadable.len(), 4, "{v}");
    assert!(
        unreadable[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("a-bad.yaml")
    );
    assert_eq!(unreadable[0]["span"]["line"], 2);
    assert!(
        unreadable[1]["message"]
            .as_str()
            .unwrap()
            .contains("GB18030")
    );
    assert!(
        unreadable[2]["message"]
            .as_str()
            .unwrap()
            .contains("not a mapping")
    );
    assert!(
        unreadable[3]["message"]
            .as_str()
            .unwrap()
            .contains("no YAML document")
    );
    assert_eq!(matched_by(&v, "b-good", "NL0101"), vec!["比特币挖矿"]);
    // Human output names the place too.
    let out = neglist()
        .args(["check", "--format", "human"])
        .arg(dir.path().join("a-bad.yaml"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("a-bad.yaml:2:"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn duplicate_keys_and_alias_bombs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nname: x\n";
    std::fs::write(dir.path().join("bomb.yaml"), bomb).unwrap();
    std::fs::write(dir.path().join("dup.yaml"), "name: 甲\n企业名称: 乙\n").unwrap();
    let (v, code) = json_of(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        v["unreadable"][0]["message"]
            .as_str()
            .unwrap()
            .contains("billion laughs")
    );
    let dup: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "NL0002")
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0]["matched"], "企业名称");
}

#[test]
fn malformed_rule_file_points_at_the_bad_token() {
    let out = run_with_rules(
        "bad.rules",
        "terms t = [\"比特币\"]\nrule XX0001 my-rule {\n  title \"x\"\n  categroy prohibited\n}\n",
        &["check"],
        &["examples/filings/01-clean-cloud-data.yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.rules:4:3"), "{err}");
    assert!(err.contains("unexpected `categroy`"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn rule_checker_errors_are_located() {
    let out = run_with_rules(
        "bad.rules",
        "terms mywords = [\"比特币\"]\nterms one = [\"币\"]\nrule XX0001 my-rule {\n  title \"x\"\n  category prohibited\n  basis no-such-source\n  effective 2021-02-30 ..\n  when scope contains mywordz unless [\"比特\"]\n  message \"{matchd}\"\n}\n",
        &["rules"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for want in [
        "term `币` is too short",
        "unknown source `no-such-source`",
        "impossible date `2021-02-30`",
        "unknown term set `mywordz`",
        "did you mean `mywords`?",
        "unknown placeholder `{matchd}`",
        "bad.rules:2:14",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
}

#[test]
fn unreachable_unless_and_duplicate_ids_are_errors() {
    let out = run_with_rules(
        "bad.rules",
        "rule NL0101 other-name {\n  title \"x\"\n  category risk\n  when scope contains [\"比特币挖矿\"] unless [\"比特币挖矿\"]\n  message \"m\"\n}\n",
        &["rules"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("duplicate rule id `NL0101`"), "{err}");
    assert!(err.contains("can never fire"), "{err}");
}

#[test]
fn escapes_in_rule_strings_decode_or_are_located_errors() {
    // R5: `\u200B` is a zero-width space, as in the YAML of an example.
    let ok = "rule XX0001 zw {\n  title \"x\"\n  category risk\n  effective ..\n  when scope contains [\"虚拟\\u200B货币\"]\n  message \"m\"\n  example deny { name: a, business_scope: [\"虚拟\\u200B货币交易\"] }\n  example allow { name: a, business_scope: [虚拟现实] }\n}\n";
    let out = run_with_rules(
        "zw.rules",
        ok,
        &["rules", "--no-builtin-rules"],
        &["--terms"],
    );
    assert_eq!(out.status.code(), Some(0));
    let terms = String::from_utf8(out.stdout).unwrap();
    assert!(terms.contains("虚拟\u{200B}货币"), "{terms}");
    assert!(!terms.contains("u200B"), "{terms}");
    // Its examples pass (an empty directory of cases, not tests/rules/).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zw.rules"), ok).unwrap();
    let out = neglist()
        .args(["test", "--no-builtin-rules", "--rules"])
        .arg(dir.path().join("zw.rules"))
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
    // Any other escape is refused at its place.
    let bad = ok.replace("\\u200B货币\"]", "\\x200B货币\"]");
    let out = run_with_rules("bad.rules", &bad, &["rules", "--no-builtin-rules"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.rules:5:27"), "{err}");
    assert!(err.contains("unknown escape `\\x`"), "{err}");
}

#[test]
fn a_new_rule_file_needs_no_rust_change() {
    let dir = tempfile::tempdir().unwrap();
    // The rule file the manual shows (tests/readme.rs keeps them equal).
    let rules = std::path::PathBuf::from("examples/project/rules/nft.rules");
    let filing = dir.path().join("f.yaml");
    std::fs::write(
        &filing,
        "name: 某某文化有限公司\nfiled_on: 2026-06-01\nbusiness_scope: [ＮＦＴ发行平台]\n",
    )
    .unwrap();
    let out = neglist()
        .args(["check", "--format", "json", "--rules"])
        .arg(&rules)
        .arg(&filing)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning alone does not fail the run"
    );
    assert_eq!(v["findings"][0]["rule"], "XX0001");
    assert_eq!(v["findings"][0]["severity"], "warning");
    assert_eq!(v["findings"][0]["matched"], "ＮＦＴ");
    assert_eq!(
        v["findings"][0]["basis"][0]["document"],
        "内部合规指引〔2026〕1号"
    );
    neglist()
        .args(["test", "--rules"])
        .arg(&rules)
        .assert()
        .success();
    neglist()
        .args(["explain", "nft-in-scope", "--rules"])
        .arg(&rules)
        .assert()
        .success();
}

#[test]
fn builtin_rule_examples_pass_and_a_wrong_example_fails() {
    let out = neglist().arg("test").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 failed"), "{text}");
    assert!(!text.contains("FAILED"));
    // The runner can fail: an allow example that the rule does flag.
    // (Run outside the repository, so no tests/rules cases are picked up.)
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("wrong.rules");
    std::fs::write(
        &rules,
        "rule XX0002 wrong {\n  title \"x\"\n  category risk\n  when scope contains [\"比特币\"]\n  message \"m\"\n  example deny { name: a, business_scope: [以太坊] }\n  example allow { name: a, business_scope: [比特币] }\n}\n",
    )
    .unwrap();
    let out = neglist()
        .current_dir(dir.path())
        .args(["test", "--no-builtin-rules", "--rules"])
        .arg(&rules)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("0 passed, 2 failed"), "{text}");
    assert!(text.contains("wrong.rules:6:"), "{text}");
}

#[test]
fn every_builtin_rule_is_sourced_documented_and_tested_both_ways() {
    let out = neglist().args(["rules"]).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let codes: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .filter(|c| !neglist::filing::builtin_codes().any(|b| b.code == *c))
        .collect();
    assert!(codes.len() >= 35, "{codes:?}");
    for code in codes {
        let out = neglist()
            .args(["explain", code, "--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let basis = v["basis"].as_array().unwrap();
        assert!(!basis.is_empty(), "{code} cites no source");
        for b in basis {
            assert!(
                b["source"]["number"]
                    .as_str()
                    .is_some_and(|n| !n.is_empty()),
                "{code}"
            );
            assert!(b["source"]["status"].as_str().is_some(), "{code}");
        }
        for key in ["title", "title_en", "help", "help_en", "message"] {
            assert!(
                v[key].as_str().is_some_and(|t| !t.is_empty()),
                "{code} lacks {key}"
            );
        }
        let ex = v["examples"].as_array().unwrap();
        let deny = ex.iter().filter(|e| e["verdict"] == "deny").count();
        let allow = ex.iter().filter(|e| e["verdict"] == "allow").count();
        assert!(
            deny >= 3 && allow >= 3,
            "{code}: {deny} deny, {allow} allow examples"
        );
        // A rule resting only on unconfirmed text is never a hard error.
        let all_unconfirmed = basis.iter().all(|b| b["source"]["status"] == "unconfirmed");
        assert!(!(all_unconfirmed && v["severity"] == "error"), "{code}");
    }
}

#[test]
fn explain_by_code_name_and_source() {
    let out = neglist().args(["explain", "NL0101"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("explain-NL0101", text);
    let by_name = neglist()
        .args(["explain", "vc-mining-in-scope"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(by_name.stdout).unwrap(), text);
    let en = neglist()
        .args(["explain", "NL0101", "--lang", "en"])
        .output()
        .unwrap();
    insta::assert_snapshot!("explain-NL0101-en", String::from_utf8(en.stdout).unwrap());
    // A source, by number (also typed with [] for 〔〕) or by id.
    for id in ["银发〔2021〕237号", "银发[2021]237号", "pboc-2021-237"] {
        let src = neglist().args(["explain", id]).output().unwrap();
        let s = String::from_utf8(src.stdout).unwrap();
        assert!(s.contains("NL0211 vc-word-in-scope"), "{id}: {s}");
        assert!(s.contains("2026-02-06"), "{id}: {s}");
    }
    neglist().args(["explain", "NL9999"]).assert().code(2);
}

#[test]
fn explain_says_which_text_applies_on_a_day() {
    let json = |day: &str| -> Value {
        let out = neglist()
            .args(["explain", "NL0211", "--format", "json", "--as-of", day])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(
        json("2021-10-12")["applicable_today"][0],
        "银发〔2021〕237号"
    );
    assert_eq!(json(TODAY)["applicable_today"][0], "银发〔2026〕42号");
    let v = json(TODAY);
    assert_eq!(v["periods"][0]["from"], "2021-09-24");
    assert_eq!(v["periods"][0]["until"], Value::Null);
    let stable = neglist()
        .args(["explain", "NL0212", "--as-of", "2021-10-12"])
        .output()
        .unwrap();
    let t = String::from_utf8(stable.stdout).unwrap();
    assert!(t.contains("不在有效期内"), "{t}");
    assert!(t.contains("2026-02-06 .."), "{t}");
}

#[test]
fn rule_test_cases_can_fail_and_say_where() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cases.yaml");
    std::fs::write(
        &p,
        "case: wrong verdict\nrule: NL0212\nas_of: 2021-10-12\nexpect: deny\nfiling: {name: 某某稳定币科技有限公司}\n---\ncase: wrong words\nrule: NL0212\nas_of: 2026-11-28\nexpect: deny\nmatched: [虚拟货币]\nfiling: {name: 某某稳定币科技有限公司}\n---\ncase: typo\nrule: NL0212\nexpct: deny\nfiling: {name: a}\n---\nrule: NL9999\nexpect: allow\nfiling: {name: a}\n---\ncase: right\nrule: NL0212\nas_of: 2026-11-28\nexpect: deny\nmatched: [稳定币]\nfiling:\n  name: 某某稳定币科技有限公司\n",
    )
    .unwrap();
    let out = neglist().arg("test").arg(&p).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("4 failed"), "{text}");
    assert!(text.contains("case right ... ok"), "{text}");
    assert!(text.contains("not in force"), "{text}");
    assert!(text.contains("but the case expects “虚拟货币”"), "{text}");
    assert!(text.contains("unknown key `expct`"), "{text}");
    assert!(text.contains("no rule called `NL9999`"), "{text}");
    assert!(text.contains("cases.yaml:7:1"), "{text}");
    // The bundled cases pass (CI runs them from the repository root).
    let out = neglist().arg("test").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains(" cases)") && !text.contains(", 0 cases)"),
        "{text}"
    );
}

#[test]
fn bad_flags_exit_2() {
    neglist()
        .args(["check", "--as-of", "2021-02-30", "examples/filings"])
        .assert()
        .code(2);
    neglist()
        .args(["check", "--format", "xml", "examples/filings"])
        .assert()
        .code(2);
    neglist().args(["frobnicate"]).assert().code(2);
}

#[test]
fn output_order_does_not_depend_on_argument_order() {
    let a = neglist()
        .args([
            "check",
            "--format",
            "json",
            "examples/filings/07-evasions.yaml",
            "examples/filings/02-refused-mining-company.yaml",
        ])
        .output()
        .unwrap();
    let b = neglist()
        .args([
            "check",
            "--format",
            "json",
            "examples/filings/02-refused-mining-company.yaml",
            "examples/filings/07-evasions.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    std::fs::write(dir.path().join("sub/ok.yaml"), "name: 某某公司\n").unwrap();
    let (v, code) = json_of(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        v["unreadable"][0]["message"]
            .as_str()
            .unwrap()
            .contains("symlink loop"),
        "{v}"
    );
    assert_eq!(v["summary"]["filings"], 1);
    assert!(Path::new(dir.path()).exists());
}

/// The manual's Commands chapter shows `neglist explain` for a mining rule;
/// it must be what the tool really prints.
#[test]
fn manual_explain_example_is_real_output() {
    let readme = std::fs::read_to_string("docs/commands.md").unwrap();
    let at = readme
        .find("## Example: `neglist explain NL0102`")
        .expect("docs/commands.md has the explain example");
    let start = readme[at..].find("```text\n").unwrap() + at + "```text\n".len();
    let end = readme[start..].find("\n```\n").unwrap() + start + 1;
    let out = neglist().args(["explain", "NL0102"]).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), &readme[start..end]);
}

/// Enough files for several chunks of the streaming checker: every file is
/// reported once, in path order (`a.yaml` < `a/…` < `a0.yaml`), whatever
/// the chunking and threads.
#[test]
fn many_files_stream_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let clean = "name: 某某科技有限公司\nbusiness_scope: [软件开发]\n";
    let bad = "name: 某某科技有限公司\nbusiness_scope: [比特币挖矿]\n";
    let mut expected_bad = vec![];
    for i in 0..700 {
        let sub = root.join(format!("d{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        let p = sub.join(format!("f{i:04}.yaml"));
        let text = if i % 50 == 0 { bad } else { clean };
        if i % 50 == 0 {
            expected_bad.push(p.to_string_lossy().into_owned());
        }
        std::fs::write(&p, text).unwrap();
    }
    for name in ["a.yaml", "a0.yaml"] {
        std::fs::write(root.join(name), bad).unwrap();
        expected_bad.push(root.join(name).to_string_lossy().into_owned());
    }
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::write(root.join("a/b.yaml"), bad).unwrap();
    expected_bad.push(root.join("a/b.yaml").to_string_lossy().into_owned());
    expected_bad.sort();
    let out = neglist()
        .args(["check", "--format", "json"])
        .arg(root)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 703);
    assert_eq!(v["summary"]["filings"], 703);
    let paths: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "NL0101")
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, expected_bad);
    // The NDJSON report says the same, a line at a time.
    let out = neglist()
        .args(["check", "--format", "ndjson"])
        .arg(root)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let last = lines.last().unwrap();
    assert_eq!(last["type"], "summary");
    assert_eq!(last["summary"], v["summary"]);
    let nd_paths: Vec<&str> = lines
        .iter()
        .filter(|l| l["type"] == "finding" && l["rule"] == "NL0101")
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(nd_paths, paths);
}

/// The streaming contract a registry export or a distributed engine's map
/// step relies on: NDJSON filings on stdin, NDJSON findings on stdout, one
/// filing a line, positions in the stream.
#[test]
fn ndjson_stdin_to_ndjson_stdout() {
    let input = concat!(
        "{\"name\":\"某某科技有限公司\",\"filed_on\":\"2026-03-01\",\"business_scope\":[\"软件开发\"]}\n",
        "\n",
        "{\"name\":\"某某科技有限公司\",\"filed_on\":\"2026-03-01\",\"business_scope\":[\"稳定币支付系统开发\"]}\r\n",
        "[1, 2]\n",
        "{\"name\":\"某某矿业有限公司\",\"business_scope\":\"一般项目：矿山开采；比特币挖矿。\"}",
    );
    let out = neglist()
        .args([
            "check",
            "--input-format",
            "ndjson",
            "--format",
            "ndjson",
            "-",
        ])
        .write_stdin(input)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let findings: Vec<&Value> = lines.iter().filter(|l| l["type"] == "finding").collect();
    let rules: Vec<(&str, u64)> = findings
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["document"].as_u64().unwrap()))
        .collect();
    assert_eq!(rules, vec![("NL0212", 2), ("NL0101", 4)]);
    for f in &findings {
        // Offsets and lines point into the stream as it was sent.
        let off = f["span"]["offset"].as_u64().unwrap() as usize;
        let len = f["span"]["length"].as_u64().unwrap() as usize;
        assert_eq!(&input[off..off + len], f["matched"].as_str().unwrap());
        let line = input[..off].matches('\n').count() + 1;
        assert_eq!(f["span"]["line"].as_u64().unwrap() as usize, line);
    }
    let bad: Vec<&Value> = lines.iter().filter(|l| l["type"] == "unreadable").collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0]["document"], 3);
    assert_eq!(bad[0]["span"]["line"], 4);
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["filings"], 3);
    // An over-long line is refused without being held, and reading goes on.
    let long = format!(
        "{{\"name\":\"{}\"}}\n{{\"name\":\"某某比特币矿池有限公司\",\"business_scope\":[\"软件开发\"]}}\n",
        "x".repeat(5000)
    );
    let out = neglist()
        .args([
            "check",
            "--input-format",
            "ndjson",
            "--format",
            "json",
            "--max-file-size",
            "1000",
            "-",
        ])
        .write_stdin(long)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["unreadable"][0]["document"], 0);
    assert_eq!(v["findings"][0]["rule"], "NL0102");
    assert_eq!(v["findings"][0]["span"]["line"], 2);
}

#[test]
fn yaml_on_stdin() {
    let out = neglist()
        .args(["check", "--format", "json", "-"])
        .write_stdin("name: 某某比特币矿池有限公司\nbusiness_scope: [软件开发]\n")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["path"], "-");
    assert_eq!(v["findings"][0]["rule"], "NL0102");
    assert_eq!(out.status.code(), Some(1));
}

/// A system that writes one filing and waits for the answer gets it while
/// stdin is still open: line-oriented reports of piped filings are written
/// (and flushed) as each filing is checked.
#[test]
fn ndjson_stdin_answers_each_filing_as_it_comes() {
    use std::io::{BufRead, Write};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_neglist"))
        .args([
            "check",
            "--input-format",
            "ndjson",
            "--format",
            "ndjson",
            "-",
        ])
        .env("NEGLIST_TODAY", "2026-11-28")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for name in ["某某比特币挖矿有限公司", "某某虚拟货币交易有限公司"] {
        writeln!(stdin, "{{\"name\":\"{name}\"}}").unwrap();
        stdin.flush().unwrap();
        let answer = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("no answer while stdin is open");
        assert!(answer.contains("\"type\":\"finding\""), "{answer}");
        assert!(answer.contains(name), "{answer}");
        // (The rest of this filing's findings, before the next one.)
        while rx
            .recv_timeout(std::time::Duration::from_millis(300))
            .is_ok()
        {}
    }
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    let rest: Vec<String> = rx.iter().collect();
    assert!(
        rest.last()
            .is_some_and(|l| l.contains("\"type\":\"summary\"")),
        "{rest:?}"
    );
}

/// The explanation `explain ID` prints (stdout, exit code, stderr).
fn explain(args: &[&str]) -> (String, i32, String) {
    let out = neglist().arg("explain").args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn explain_takes_short_document_numbers() {
    let (full, code, _) = explain(&["发改运行〔2021〕1283号"]);
    assert_eq!(code, 0);
    // The document, and an index of the rules that cite it.
    assert!(full.starts_with("# 发改运行〔2021〕1283号"), "{full}");
    for rule in ["NL0101", "NL0102", "NL0103"] {
        assert!(full.contains(&format!("  {rule} ")), "{rule}: {full}");
    }
    for short in [
        "1283号",
        "1283",
        " 1283号 ",
        "〔2021〕1283号",
        "[2021]1283号",
        "发改运行1283号",
        "１２８３号",
    ] {
        let (text, code, err) = explain(&[short]);
        assert_eq!((code, text.as_str()), (0, full.as_str()), "{short}: {err}");
    }
    let (t, code, _) = explain(&["42号"]);
    assert_eq!(code, 0);
    assert!(t.starts_with("# 银发〔2026〕42号"), "{t}");
    assert!(t.contains("  NL0212 "), "{t}");
    assert_eq!(explain(&["银发42号"]).0, t);
    assert!(explain(&["第7号"]).0.starts_with("# 国家发展改革委令第7号"));
    // A year that is not the document's, an issuer that is not its own.
    assert_eq!(explain(&["〔2020〕1283号"]).1, 2);
    assert_eq!(explain(&["银发1283号"]).1, 2);
    // Only documents numbered with 号: GB 32100-2015 is not `2015号`.
    assert_eq!(explain(&["2015号"]).1, 2);
    // JSON: the source and the rules citing it.
    let (j, code, _) = explain(&["1283号", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&j).unwrap();
    assert_eq!(v["source"]["number"], "发改运行〔2021〕1283号");
    let codes: Vec<&str> = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"NL0101") && codes.len() >= 3, "{codes:?}");
}

#[test]
fn a_short_number_several_documents_share_is_listed_not_guessed() {
    let rules = "source a-5 {\n  number \"甲发〔2020〕5号\"\n  title \"甲文件\"\n  effective 2020-01-01\n  status \"confirmed\"\n}\n\
source b-5 {\n  number \"乙发〔2021〕5号\"\n  title \"乙文件\"\n  effective 2021-01-01\n  status \"confirmed\"\n}\n\
rule XX0001 a-rule {\n  title \"甲规则\"\n  category risk\n  basis a-5\n  when scope contains [\"甲项目\"]\n  message \"m\"\n}\n\
rule XX0002 b-rule {\n  title \"乙规则\"\n  category risk\n  basis b-5\n  when scope contains [\"乙项目\"]\n  message \"m\"\n}\n";
    let run = |id: &str| {
        run_with_rules(
            "two.rules",
            rules,
            &["explain", id, "--no-builtin-rules"],
            &[],
        )
    };
    let out = run("5号");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    for want in [
        "甲发〔2020〕5号",
        "乙发〔2021〕5号",
        "XX0001",
        "XX0002",
        "完整文号",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
    // A year or an issuer makes it one.
    for id in ["〔2021〕5号", "乙发5号"] {
        let out = run(id);
        assert_eq!(out.status.code(), Some(0), "{id}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with("# 乙发〔2021〕5号"), "{id}: {text}");
        assert!(
            text.contains("XX0002") && !text.contains("XX0001"),
            "{text}"
        );
    }
}

#[test]
fn explain_takes_catalogue_and_rule_codes_in_any_case_and_spacing() {
    let (entry, code, _) = explain(&["H2002"]);
    assert_eq!(code, 0);
    assert!(entry.starts_with("# H2002 餐饮服务"), "{entry}");
    for id in ["h2002", "H 2002", " h2002 ", "ｈ２００２"] {
        assert_eq!(explain(&[id]).0, entry, "{id}");
    }
    let (rule, _, _) = explain(&["NL0101"]);
    for id in ["nl0101", "NL 0101", "ＮＬ０１０１"] {
        assert_eq!(explain(&[id]).0, rule, "{id}");
    }
}

#[test]
fn explain_of_nothing_suggests_the_nearest() {
    for (id, want) in [
        ("1284号", "发改运行〔2021〕1283号"),
        ("H2022", "H2002"),
        ("vc-minng", "NL0101"),
        ("NL0109", "NL0101"),
        ("挖矿", "NL0101"),
    ] {
        let (out, code, err) = explain(&[id]);
        assert_eq!(code, 2, "{id}");
        assert!(out.is_empty(), "{id}: {out}");
        assert!(err.contains(&format!("`{id}`")), "{id}: {err}");
        assert!(err.contains(want), "{id} should suggest {want}: {err}");
        assert!(err.contains("neglist rules"), "{err}");
    }
    // Only near numbers: 1284号 is one digit off 1283号, not near 18号.
    let (_, _, err) = explain(&["1284号"]);
    assert!(!err.contains("〔2022〕18号"), "{err}");
    // In English too.
    let (_, code, err) = explain(&["H2022", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("did you mean") && err.contains("H2002"),
        "{err}"
    );
}

/// The lines of `neglist rules ARGS…`.
fn rules_of(args: &[&str]) -> String {
    let out = neglist().arg("rules").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn rules_table_is_in_code_order_and_aligned() {
    use unicode_width::UnicodeWidthStr;
    for lang in ["zh", "en"] {
        let table = rules_of(&["--lang", lang]);
        let mut lines = table.lines();
        let head = lines.next().unwrap();
        let rows: Vec<&str> = lines.collect();
        let codes: Vec<&str> = rows
            .iter()
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted, "code order");
        assert!(codes.contains(&"NL0001") && codes.contains(&"NL0705"));
        // Every cell starts at its heading's display column, after a gap
        // (a CJK character is two columns wide).
        let labels: &[&str] = if lang == "zh" {
            &["代码", "名称", "类别", "严重性", "默认", "有效期间", "标题"]
        } else {
            &[
                "code", "name", "category", "severity", "default", "in force", "title",
            ]
        };
        // (display column, character) of each character of a line.
        let cells = |l: &str| -> Vec<(usize, char)> {
            let mut col = 0;
            l.chars()
                .map(|c| {
                    let here = col;
                    col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    (here, c)
                })
                .collect()
        };
        let cols: Vec<usize> = labels
            .iter()
            .map(|label| {
                let at = head
                    .find(label)
                    .unwrap_or_else(|| panic!("{label}: {head}"));
                head[..at].width()
            })
            .collect();
        assert!(cols.windows(2).all(|w| w[0] < w[1]), "{head}");
        for row in &rows {
            let chars = cells(row);
            let at = |col: usize| chars.iter().find(|(w, _)| *w == col).map(|(_, c)| *c);
            for &col in &cols[1..] {
                assert!(
                    at(col).is_some_and(|c| c != ' ') && at(col - 1) == Some(' '),
                    "{lang}: no cell at column {col}:\n{head}\n{row}"
                );
            }
        }
    }
}

#[test]
fn rules_as_json_is_an_array_in_code_order() {
    let v: Value = serde_json::from_str(&rules_of(&["--format", "json"])).unwrap();
    let all = v.as_array().unwrap();
    let table = rules_of(&[]);
    assert_eq!(all.len(), table.lines().count() - 1);
    let codes: Vec<&str> = all.iter().map(|r| r["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    let nl0101 = all.iter().find(|r| r["code"] == "NL0101").unwrap();
    assert_eq!(nl0101["name"], "vc-mining-in-scope");
    assert_eq!(nl0101["severity"], "error");
    assert_eq!(nl0101["category"], "prohibited");
    assert_eq!(nl0101["default"], "on");
    assert_eq!(nl0101["builtin_check"], false);
    assert_eq!(nl0101["periods"][0]["from"], "2021-09-24");
    assert_eq!(nl0101["sources"][0]["number"], "发改运行〔2021〕1283号");
    let nl0001 = all.iter().find(|r| r["code"] == "NL0001").unwrap();
    assert_eq!(nl0001["builtin_check"], true);
    assert_eq!(nl0001["periods"][0]["from"], Value::Null);
    for r in all {
        for key in ["code", "name", "title", "category", "severity", "default"] {
            assert!(r[key].is_string(), "{key}: {r}");
        }
        assert!(r["periods"].is_array() && r["sources"].is_array(), "{r}");
    }
    // --as-of filters the array as it does the table.
    let old: Value =
        serde_json::from_str(&rules_of(&["--format", "json", "--as-of", "2017-09-04"])).unwrap();
    let old_codes: Vec<&str> = old
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(old_codes.contains(&"NL0204") && !old_codes.contains(&"NL0101"));
}

/// Files in `dir` neglist left behind (temporary output files).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".neglist-"))
        .collect()
}

#[test]
fn output_file_is_the_report_with_the_same_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let direct = neglist()
        .args(["check", "--format", "json", "examples/filings"])
        .output()
        .unwrap();
    let out = neglist()
        .args(["check", "--format", "json", "examples/filings", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), direct.status.code());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read(&file).unwrap(), direct.stdout);
    // --format auto: the extension picks the format.
    for (name, check) in [
        ("r.sarif", "\"version\": \"2.1.0\""),
        ("r.html", "<!DOCTYPE html>"),
        ("r.txt", ": 错误[NL0101]"),
    ] {
        let out = neglist()
            .args(["check", "examples/filings", "-o"])
            .arg(dir.path().join(name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(
            text.contains(check),
            "{name}: {}",
            &text[..text.len().min(300)]
        );
        assert!(!text.contains('\u{1b}'), "{name}: colour in a file");
    }
    // A clean run still exits 0.
    let clean = neglist()
        .args(["check", "examples/filings/01-clean-cloud-data.yaml", "-o"])
        .arg(dir.path().join("clean.txt"))
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn output_file_is_replaced_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    std::fs::write(&file, "old report\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    // The run fails after the report is written (the baseline cannot be
    // written): the old report stays, and no temporary file.
    let out = neglist()
        .args(["check", "--format", "json", "examples/filings", "-o"])
        .arg(&file)
        .arg("--write-baseline")
        .arg(dir.path().join("no-such-dir/baseline.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old report\n");
    assert!(leftovers(dir.path()).is_empty());
    // A directory that does not exist, a directory, an input, the
    // configuration: refused before anything is checked.
    for target in [
        dir.path().join("missing/report.json"),
        dir.path().to_path_buf(),
        "examples/filings/02-refused-mining-company.yaml".into(),
        "examples/filings".into(),
        // (Not there yet, but the next run would read it as a filing.)
        "examples/filings/report.yaml".into(),
    ] {
        let out = neglist()
            .args(["check", "examples/filings", "-o"])
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", target.display());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(&target.display().to_string()), "{err}");
    }
    let project = Path::new("examples/project");
    let out = neglist()
        .current_dir(project)
        .args(["check", "filings", "-o", "neglist.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("neglist.toml")
    );
    // A good run replaces it, keeping its mode.
    let out = neglist()
        .args(["check", "--format", "json", "examples/filings", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(v["summary"]["errors"].as_u64().unwrap() > 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    // Written through a symbolic link, the link stays.
    #[cfg(unix)]
    {
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        std::fs::write(&file, "old\n").unwrap();
        neglist()
            .args(["check", "--format", "json", "examples/filings", "-o"])
            .arg(&link)
            .assert()
            .code(1);
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert!(std::fs::read_to_string(&file).unwrap().starts_with('{'));
    }
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn output_file_for_rules_explain_classify_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    let f = |n: &str| dir.path().join(n);
    for (args, name) in [
        (&["rules", "--format", "json"][..], "rules.json"),
        (&["explain", "1283号"][..], "explain.txt"),
        (
            &["classify", "--scope", "餐饮服务", "--format", "json"][..],
            "classify.json",
        ),
        (&["schema"][..], "schema.json"),
    ] {
        let direct = neglist().args(args).output().unwrap();
        let out = neglist()
            .args(args)
            .arg("-o")
            .arg(f(name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(std::fs::read(f(name)).unwrap(), direct.stdout, "{args:?}");
    }
    // Nothing to explain: exit 2, the old file kept.
    std::fs::write(f("explain.txt"), "old\n").unwrap();
    let out = neglist()
        .args(["explain", "9999号", "-o"])
        .arg(f("explain.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(f("explain.txt")).unwrap(), "old\n");
    assert!(leftovers(dir.path()).is_empty());
}
