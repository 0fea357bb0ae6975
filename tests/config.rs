//! neglist.toml, waivers, baselines and `--format auto`, on the built binary.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn neglist(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("neglist").unwrap();
    c.current_dir(dir)
        .env("NEGLIST_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_WORKFLOW");
    c
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn json(dir: &Path, args: &[&str]) -> (Value, i32, String) {
    let out = neglist(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (v, out.status.code().unwrap(), stderr)
}

fn rules_of(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

const MINING: &str = "name: 某某科技有限公司\nbusiness_scope:\n  - 软件开发\n  - 虚拟货币挖矿\n";

#[test]
fn found_by_walking_up_and_shown_by_neglist_config() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "neglist.toml", "ignore = [\"NL0211\"]\n");
    write(d.path(), "filings/deep/a.yaml", MINING);
    let sub = d.path().join("filings/deep");
    let (v, code, _) = json(&sub, &["a.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&v, "findings"), ["NL0101"], "NL0211 is ignored");
    let out = neglist(&sub).arg("config").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("# read from") && text.contains("neglist.toml"),
        "{text}"
    );
    assert!(text.contains("ignore = [\"NL0211\"]"), "{text}");
    // --no-config reads none; --config reads the one named.
    let (v, _, _) = json(&sub, &["--no-config", "a.yaml"]);
    // (NL0211 on 虚拟货币 lies inside the mining finding: folded into it.)
    assert_eq!(rules_of(&v, "findings"), ["NL0101"]);
    assert_eq!(v["findings"][0]["related"][0]["rule"], "NL0211");
    write(d.path(), "other.toml", "select = [\"NL0211\"]\n");
    let other = d.path().join("other.toml");
    let (v, _, _) = json(&sub, &["--config", other.to_str().unwrap(), "a.yaml"]);
    assert_eq!(rules_of(&v, "findings"), ["NL0211"]);
}

#[test]
fn a_bad_configuration_stops_the_run_pointing_at_the_key() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "neglist.toml",
        "selct = [\"NL01\"]\nignore = [\"NL9999\"]\nrules = [\"nope\"]\n[severity]\nrisk = \"fatal\"\n",
    );
    write(d.path(), "a.yaml", MINING);
    let out = neglist(d.path())
        .args(["check", "a.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing is checked");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("neglist.toml:1:1"), "{err}");
    assert!(
        err.contains("未知键 `selct`") && err.contains("是否想写 `select`"),
        "{err}"
    );
    assert!(err.contains("`fatal` 不是严重性"), "{err}");
    assert!(
        err.contains("neglist.toml:3:10") && err.contains("`nope` 不存在"),
        "{err}"
    );
    // The rule id is checked once the keys are right.
    write(
        d.path(),
        "neglist.toml",
        "ignore = [\"NL9999\", \"vc-minning-in-scope\"]\n",
    );
    let out = neglist(d.path())
        .args(["check", "a.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("`NL9999` 不是规则"), "{err}");
    assert!(err.contains("是否想写 `vc-mining-in-scope`"), "{err}");
    // On the command line too.
    let out = neglist(d.path())
        .args([
            "check",
            "--no-config",
            "--select",
            "NL01,prohibitd",
            "a.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("command line") && err.contains("是否想写 `prohibited`"),
        "{err}"
    );
}

#[test]
fn select_ignore_and_severity_by_specificity() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.yaml", MINING);
    // A prefix selects a family; an exact ignore beats it.
    write(
        d.path(),
        "neglist.toml",
        "select = [\"NL01\", \"NL02\"]\nignore = [\"vc-word-in-scope\"]\n[severity]\nprohibited = \"warning\"\nNL0101 = \"note\"\n",
    );
    let (v, code, _) = json(d.path(), &["a.yaml"]);
    assert_eq!(rules_of(&v, "findings"), ["NL0101"]);
    assert_eq!(v["findings"][0]["severity"], "note");
    assert_eq!(code, 0, "a note does not fail the run");
    // The command line: --select replaces, --ignore adds, and a flag beats
    // the file (ALL brings back the rule the file ignores).
    let (v, _, _) = json(
        d.path(),
        &["--select", "ALL", "--ignore", "NL0101", "a.yaml"],
    );
    assert_eq!(rules_of(&v, "findings"), ["NL0211"]);
    let (v, _, _) = json(d.path(), &["--ignore", "NL0101", "a.yaml"]);
    assert!(rules_of(&v, "findings").is_empty());
    let (v, _, _) = json(d.path(), &["--select", "NL0211", "a.yaml"]);
    assert_eq!(rules_of(&v, "findings"), ["NL0211"]);
    assert_eq!(v["findings"][0]["severity"], "warning", "category override");
}

#[test]
fn exclude_in_the_walk_and_with_force_exclude() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "neglist.toml",
        "exclude = [\"old\", \"filings/*.draft.yaml\"]\n",
    );
    write(d.path(), "filings/a.yaml", MINING);
    write(d.path(), "filings/b.draft.yaml", MINING);
    write(d.path(), "filings/old/c.yaml", MINING);
    let paths = |v: &Value| -> Vec<String> {
        let mut p: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect();
        p.dedup();
        p
    };
    let (v, _, _) = json(d.path(), &["filings"]);
    assert_eq!(paths(&v), ["filings/a.yaml"]);
    assert_eq!(v["summary"]["files"], 1);
    // Named explicitly: checked, unless --force-exclude.
    let (v, _, _) = json(d.path(), &["filings/old/c.yaml", "filings/b.draft.yaml"]);
    assert_eq!(v["summary"]["files"], 2);
    let (v, code, _) = json(
        d.path(),
        &[
            "--force-exclude",
            "filings/old/c.yaml",
            "filings/b.draft.yaml",
            "filings/a.yaml",
        ],
    );
    assert_eq!(paths(&v), ["filings/a.yaml"]);
    assert_eq!(code, 1);
}

#[test]
fn as_of_and_encoding_from_the_configuration() {
    let d = tempfile::tempdir().unwrap();
    // 稳定币 is banned from 2026-02-06: a 2021 as_of makes the filing clean.
    write(
        d.path(),
        "a.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [稳定币支付系统开发]\n",
    );
    let (v, _, _) = json(d.path(), &["a.yaml"]);
    assert_eq!(rules_of(&v, "findings"), ["NL0212"]);
    write(d.path(), "neglist.toml", "as_of = 2021-10-12\n");
    let (v, code, _) = json(d.path(), &["a.yaml"]);
    assert!(rules_of(&v, "findings").is_empty());
    assert_eq!(v["as_of"], "2021-10-12");
    assert_eq!(code, 0);
    // --as-of still wins.
    let (v, _, _) = json(d.path(), &["--as-of", "2026-11-28", "a.yaml"]);
    assert_eq!(rules_of(&v, "findings"), ["NL0212"]);
    // A GB18030 file: refused by default, read with `encoding`.
    let (gbk, _, _) = encoding_rs::GB18030.encode(MINING);
    std::fs::write(d.path().join("gbk.yaml"), &gbk).unwrap();
    write(d.path(), "neglist.toml", "");
    let (v, code, _) = json(d.path(), &["gbk.yaml"]);
    assert_eq!(v["summary"]["unreadable"], 1);
    assert_eq!(code, 1);
    write(d.path(), "neglist.toml", "encoding = \"gb18030\"\n");
    let (v, _, _) = json(d.path(), &["gbk.yaml"]);
    assert_eq!(v["summary"]["unreadable"], 0);
    assert_eq!(rules_of(&v, "findings"), ["NL0101"]);
    assert_eq!(v["findings"][0]["related"][0]["rule"], "NL0211");
}

#[test]
fn waiver_comments_cover_their_value_only() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.yaml",
        concat!(
            "name: 某某科技有限公司\n",
            "business_scope: |  # neglist: allow NL0101, vc-word-in-scope -- 发改委批复〔2026〕1号\n",
            "  技术开发\n",
            "  虚拟货币挖矿\n",
            "address: \"杭州 # neglist: allow NL0101 -- 这是地址里的文字\"\n",
            "---\n",
            "name: 某某二号公司\n",
            "business_scope:\n",
            "  - 虚拟货币挖矿\n",
            "  # neglist: allow NL0101\n",
            "  - 虚拟货币挖矿\n",
        ),
    );
    let (v, code, _) = json(d.path(), &["a.yaml"]);
    // Document 0: the block scalar is one value, both rules waived.
    let waived: Vec<(u64, String)> = v["waived"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["document"].as_u64().unwrap(),
                w["rule"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(waived, [(0, "NL0101".into()), (0, "NL0211".into())]);
    // The text inside the quoted address is not a waiver (no NL0008 for it),
    // and document 1's reasonless waiver is reported and not applied.
    let findings: Vec<(u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["document"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().into(),
            )
        })
        .collect();
    // (Each NL0211 lies inside its item's NL0101: folded into it.)
    assert_eq!(
        findings,
        [
            (1, "NL0101".into()),
            (1, "NL0007".into()),
            (1, "NL0101".into()),
        ]
    );
    assert_eq!(v["summary"]["waived"], 2);
    assert_eq!(code, 1);
    // Every span still cuts out its matched text.
    let bytes = std::fs::read(d.path().join("a.yaml")).unwrap();
    for f in v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["waived"].as_array().unwrap())
    {
        let (o, l) = (
            f["span"]["offset"].as_u64().unwrap() as usize,
            f["span"]["length"].as_u64().unwrap() as usize,
        );
        assert_eq!(std::str::from_utf8(&bytes[o..o + l]).unwrap(), f["matched"]);
    }
}

/// Hostile 2026-12 row 17: a configuration that turns prohibited rules off
/// or down, judges by a past day, or excludes every input says so on
/// stderr on every run, naming the setting and the file.
#[test]
fn settings_that_weaken_prohibited_rules_warn_on_every_run() {
    let cases: [(&str, &[&str], &str); 8] = [
        ("ignore = [\"ALL\"]\n", &["a.yaml"], "中的 `ignore`"),
        (
            "ignore = [\"NL01\"]\n",
            &["a.yaml"],
            "关闭了 3 条禁止类规则（NL0101, NL0102, NL0103）",
        ),
        (
            "[severity]\nprohibited = \"note\"\n",
            &["a.yaml"],
            "中的 `[severity]`",
        ),
        (
            "severity.NL01 = \"warning\"\n",
            &["a.yaml"],
            "把 3 条禁止类规则（NL0101, NL0102, NL0103）降为警告",
        ),
        ("select = [\"data\"]\n", &["a.yaml"], "中的 `select`"),
        (
            "as_of = 2019-01-01\n",
            &["a.yaml"],
            "中的 `as_of = 2019-01-01`",
        ),
        ("exclude = [\"*.yaml\"]\n", &["."], "中的 `exclude`"),
        (
            "exclude = [\"*.yaml\"]\n",
            &["--force-exclude", "a.yaml"],
            "中的 `exclude`",
        ),
    ];
    for (toml, args, want) in cases {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "neglist.toml", toml);
        write(
            d.path(),
            "a.yaml",
            "name: 某某科技有限公司\nbusiness_scope: [比特币挖矿]\n",
        );
        for run in 0..2 {
            let out = neglist(d.path())
                .args(["check", "--format", "concise"])
                .args(args)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(want), "{toml} run {run}: {err}");
            assert!(err.contains("neglist.toml"), "{toml} run {run}: {err}");
            assert!(err.starts_with("警告："), "{toml} run {run}: {err}");
        }
    }
    // A flag that brings the rules back: no warning; nor for settings that
    // leave the prohibited rules alone.
    for (toml, args) in [
        ("ignore = [\"NL01\"]\n", &["--select", "ALL", "a.yaml"][..]),
        (
            "ignore = [\"data\", \"risk\"]\nexclude = [\"old/**\"]\n[severity]\nNL0601 = \"note\"\nprohibited = \"error\"\n",
            &["a.yaml"][..],
        ),
        ("as_of = 2030-01-01\n", &["a.yaml"][..]),
    ] {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "neglist.toml", toml);
        write(
            d.path(),
            "a.yaml",
            "name: 某某科技有限公司\nbusiness_scope: [比特币挖矿]\n",
        );
        let out = neglist(d.path())
            .args(["check", "--format", "concise"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{toml}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("警告") && !err.contains("warning"),
            "{toml}: {err}"
        );
    }
}

/// `X.YAML` and `.YML` are filings, walked like `x.yaml`.
#[test]
fn upper_case_extensions_are_walked() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "reg/A.YAML",
        "name: 某某科技有限公司\nbusiness_scope: [矿机托管]\n",
    );
    write(
        d.path(),
        "reg/B.Yml",
        "name: 某某科技有限公司\nbusiness_scope: [矿机托管]\n",
    );
    write(d.path(), "reg/c.txt", "name: x\n");
    let (v, code, _) = json(d.path(), &["--no-config", "reg"]);
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["files"], 2, "{v}");
    assert_eq!(rules_of(&v, "findings"), ["NL0101", "NL0101"]);
}

/// Hostile 2026-12 row 12: a finding reached through a merge or an alias
/// is waived by a comment where the alias is (`<<: *t`, `key: *s`), not by
/// one on the anchored template, which is reported as covering nothing.
#[test]
fn a_waiver_applies_where_the_finding_is_read_not_on_a_merge_template() {
    let d = tempfile::tempdir().unwrap();
    let head = "name: 某某科技有限公司\n";
    let cases = [
        // (file, text, waived)
        (
            "template.yaml",
            "模板: &t {business_scope: [矿机托管]}  # neglist: allow NL0101 -- 模板示例，不申报\n<<: *t\n",
            false,
        ),
        (
            "above.yaml",
            "# neglist: allow NL0101 -- 模板示例\n模板: &t {business_scope: [矿机托管]}\n<<: *t\n",
            false,
        ),
        (
            "merge-line.yaml",
            "模板: &t {business_scope: [矿机托管]}\n<<: *t  # neglist: allow NL0101 -- 合并处的批复\n",
            true,
        ),
        (
            "alias-line.yaml",
            "s: &s [矿机托管]\nbusiness_scope: *s  # neglist: allow NL0101 -- 用处的批复\n",
            true,
        ),
        (
            "in-place.yaml",
            "business_scope: &s [矿机托管]  # neglist: allow NL0101 -- 原处的批复\n",
            true,
        ),
    ];
    for (name, text, _) in cases {
        write(d.path(), name, &format!("{head}{text}"));
    }
    for (name, _, waived) in cases {
        let (v, code, _) = json(d.path(), &[name]);
        let rules = rules_of(&v, "findings");
        if waived {
            assert_eq!(code, 0, "{name}: {v}");
            assert_eq!(v["summary"]["waived"], 1, "{name}: {v}");
            assert!(!rules.contains(&"NL0101".to_string()), "{name}: {v}");
        } else {
            assert_eq!(code, 1, "{name}: {v}");
            assert_eq!(v["summary"]["waived"], 0, "{name}: {v}");
            assert!(rules.contains(&"NL0101".to_string()), "{name}: {v}");
            let unused = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["rule"] == "NL0008")
                .unwrap_or_else(|| panic!("{name}: no NL0008: {v}"));
            assert!(
                unused["message"].as_str().unwrap().contains("alias's line"),
                "{name}: {unused}"
            );
        }
    }
}

/// Hostile 2026-12 row 19: a reason of invisible characters only (U+200B,
/// a word joiner, a soft hyphen) is no reason: the waiver is reported
/// (NL0007) and not applied, in the filing and in the waivers file.
#[test]
fn a_waiver_reason_needs_visible_text() {
    let d = tempfile::tempdir().unwrap();
    for (i, blank) in ["\u{200b}", "\u{2060}\u{00ad}", " \u{200b} \u{180e}\u{034f}"]
        .iter()
        .enumerate()
    {
        write(
            d.path(),
            &format!("f{i}.yaml"),
            &format!(
                "name: 某某科技有限公司\nbusiness_scope: [矿机托管]  # neglist: allow NL0101 -- {blank}\n"
            ),
        );
    }
    write(
        d.path(),
        "ok.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [矿机托管]  # neglist: allow NL0101 -- \u{200b}批复\n",
    );
    let (v, code, _) = json(d.path(), &["f0.yaml", "f1.yaml", "f2.yaml", "ok.yaml"]);
    assert_eq!(code, 1);
    let rules = |name: &str| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == name)
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    for name in ["f0.yaml", "f1.yaml", "f2.yaml"] {
        assert_eq!(rules(name), ["NL0101", "NL0007"], "{name}: {v}");
    }
    assert!(rules("ok.yaml").is_empty(), "{v}");
    assert_eq!(v["waived"][0]["waiver"]["reason"], "批复", "{v}");
    // In the waivers file too.
    write(
        d.path(),
        "w.toml",
        "[[waiver]]\nrule = \"NL0101\"\npath = \"f0.yaml\"\nreason = \"\\u200B\"\napprover = \"王敏\"\nexpires = 2027-01-01\n",
    );
    let (_, code, err) = json(d.path(), &["--waivers", "w.toml", "f0.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("此项不能为空"), "{err}");
}

#[test]
fn waived_findings_do_not_fail_the_run_and_show_on_request() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [虚拟货币挖矿]  # neglist: allow NL0101, NL0211 -- 批复1号\n",
    );
    let out = neglist(d.path())
        .args(["check", "--format", "concise", "a.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with("0 个无法读取，2 个已豁免（按今天 2026-11-28 的规定）\n"),
        "{text}"
    );
    assert!(!text.contains("已豁免[NL0101]"));
    for format in ["concise", "human", "github"] {
        let out = neglist(d.path())
            .args(["check", "--show-waived", "--format", format, "a.yaml"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("NL0101") && text.contains("批复1号"),
            "{format}: {text}"
        );
        assert!(text.contains("已豁免"), "{text}");
    }
}

#[test]
fn central_waivers_match_rule_and_path_and_expire() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "filings/a.yaml", MINING);
    write(d.path(), "filings/b.yaml", MINING);
    write(
        d.path(),
        "w.toml",
        "[[waiver]]\nrule = \"NL0101\"\npath = \"filings/a.yaml\"\nreason = \"批复\"\napprover = \"王敏\"\nexpires = 2027-01-01\n\n[[waiver]]\nrule = \"NL0211\"\npath = \"filings/*.yaml\"\nmatched = \"虚拟货币\"\nreason = \"旧批复\"\napprover = \"王敏\"\nexpires = 2026-11-27\n",
    );
    let (v, _, _) = json(d.path(), &["--waivers", "w.toml", "filings"]);
    let waived: Vec<(String, String)> = v["waived"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["path"].as_str().unwrap().into(),
                w["rule"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(waived, [("filings/a.yaml".into(), "NL0101".into())]);
    let expired = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "NL0010")
        .count();
    assert_eq!(expired, 2, "one a file: {v}");
    // A waivers file missing a field is refused, pointing at it.
    write(
        d.path(),
        "bad.toml",
        "[[waiver]]\nrule = \"NL0101\"\npath = \"x\"\nreason = \"r\"\n",
    );
    let (_, code, err) = json(d.path(), &["--waivers", "bad.toml", "filings"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.toml:1:1") && err.contains("缺少 approver, expires"),
        "{err}"
    );
}

#[test]
fn baseline_matches_on_content_and_refuses_garbage() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.yaml", MINING);
    let (v, code, err) = json(d.path(), &["--write-baseline", "base.json", "a.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["summary"]["baselined"], 2);
    assert!(err.contains("已将 2 个问题记入 base.json"), "{err}");
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(base["findings"][0]["field"], "business_scope");
    assert_eq!(base["findings"][0]["matched"], "虚拟货币挖矿");
    // Moved down two lines and re-indented: still the same findings.
    write(
        d.path(),
        "a.yaml",
        "# 复核 2026-11-28\nname: 某某科技有限公司\nregion: \"330106\"\nbusiness_scope: [软件开发, 虚拟货币挖矿]\n",
    );
    let (v, code, _) = json(d.path(), &["--baseline", "base.json", "a.yaml"]);
    assert_eq!(
        (code, v["summary"]["baselined"].as_u64()),
        (0, Some(2)),
        "{v}"
    );
    // Unreadable files are never baselined away.
    write(d.path(), "b.yaml", "name: [\n");
    let (_, code, _) = json(d.path(), &["--write-baseline", "b2.json", "b.yaml"]);
    assert_eq!(code, 1);
    write(d.path(), "garbage.json", "{\"findings\": 3}");
    let (_, code, err) = json(d.path(), &["--baseline", "garbage.json", "a.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a neglist baseline"), "{err}");
    let (_, code, _) = json(d.path(), &["--baseline", "missing.json", "a.yaml"]);
    assert_eq!(code, 2);
}

#[test]
fn format_auto_follows_where_the_output_goes() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.yaml", MINING);
    // Piped: one line a finding.
    let out = neglist(d.path())
        .args(["check", "a.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("a.yaml:4:5: 错误[NL0101] "), "{text}");
    // Under GitHub Actions: workflow commands.
    let out = neglist(d.path())
        .args(["check", "a.yaml"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_WORKFLOW", "ci")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("::error file=a.yaml,line=4"), "{text}");
    // On a terminal (a pseudo-terminal from util-linux `script`): the
    // graphical report.
    let bin = assert_cmd::cargo::cargo_bin("neglist");
    let script = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} check a.yaml", bin.display()),
            "/dev/null",
        ])
        .current_dir(d.path())
        .env("NEGLIST_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output();
    match script {
        Ok(out) if out.status.code().is_some() => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains("a.yaml:4:5: 错误 NL0101 vc-mining-in-scope"),
                "{text}"
            );
            assert!(
                text.contains("╭─[a.yaml]") || text.contains("[a.yaml]"),
                "{text}"
            );
        }
        _ => eprintln!("skipped the terminal case: `script` (util-linux) is not installed"),
    }
}

/// Baseline paths are relative to the configuration's directory: a baseline
/// written at the top of a registry works from a subdirectory.
#[test]
fn baseline_works_from_a_subdirectory() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "neglist.toml", "");
    write(d.path(), "filings/hz/a.yaml", MINING);
    let (_, code, err) = json(d.path(), &["--write-baseline", "base.json", "filings"]);
    assert_eq!(code, 0, "{err}");
    let base = std::fs::read_to_string(d.path().join("base.json")).unwrap();
    assert!(base.contains("\"path\":\"filings/hz/a.yaml\""), "{base}");
    let sub = d.path().join("filings/hz");
    let (v, code, _) = json(&sub, &["--baseline", "../../base.json", "a.yaml"]);
    assert_eq!(
        (code, v["summary"]["baselined"].as_u64()),
        (0, Some(2)),
        "{v}"
    );
    let (v, code, _) = json(&sub, &["--baseline", "../../base.json", "./a.yaml"]);
    assert_eq!(
        (code, v["summary"]["baselined"].as_u64()),
        (0, Some(2)),
        "{v}"
    );
}

/// `-` named by --stdin-filename is excluded like a file of that name.
#[test]
fn stdin_filename_honours_force_exclude() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "neglist.toml", "exclude = [\"legacy\"]\n");
    let run = |force: bool| {
        let mut c = neglist(d.path());
        c.args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "legacy/a.yaml",
        ]);
        if force {
            c.arg("--force-exclude");
        }
        let out = c.arg("-").write_stdin(MINING).output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            v["summary"]["files"].as_u64().unwrap(),
            out.status.code().unwrap(),
        )
    };
    assert_eq!(run(false), (1, 1));
    assert_eq!(run(true), (0, 0));
}

/// `waivers.inline` in neglist.toml: a registration system can forbid
/// waiver comments in filings, or require an approver on them. A comment it
/// does not accept is an error at the comment, and the finding it names is
/// still reported.
#[test]
fn inline_waivers_can_be_forbidden_or_need_an_approver() {
    let d = tempfile::tempdir().unwrap();
    let filing =
        "name: 某某科技有限公司\nbusiness_scope: [矿机托管]  # neglist: allow NL0101 -- 批复1号\n";
    let approved = "name: 某某科技有限公司\nbusiness_scope: [矿机托管]  # neglist: allow NL0101 -- 批复1号；批准人：王敏\n";
    write(d.path(), "f.yaml", filing);
    write(d.path(), "g.yaml", approved);
    let rules = |v: &Value, name: &str| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == name)
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    // Allowed (the default): both waive.
    let (v, code, err) = json(d.path(), &["f.yaml", "g.yaml"]);
    assert_eq!(code, 0, "{err} {v}");
    assert_eq!(v["waived"][1]["waiver"]["approver"], "王敏", "{v}");

    write(d.path(), "neglist.toml", "waivers.inline = \"forbid\"\n");
    let (v, code, err) = json(d.path(), &["f.yaml", "g.yaml"]);
    assert_eq!(code, 1, "{err}");
    for name in ["f.yaml", "g.yaml"] {
        assert_eq!(rules(&v, name), ["NL0101", "NL0015"], "{name}: {v}");
    }
    let forbidden = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "NL0015")
        .unwrap();
    // At the comment.
    assert_eq!(forbidden["span"]["line"], 2);
    assert!(
        forbidden["matched"]
            .as_str()
            .unwrap()
            .starts_with("# neglist:"),
        "{forbidden}"
    );
    assert_eq!(forbidden["severity"], "error");
    assert!(v["waived"].as_array().unwrap().is_empty(), "{v}");

    write(
        d.path(),
        "neglist.toml",
        "[waivers]\ninline = \"require-approver\"\n",
    );
    let (v, code, _) = json(d.path(), &["f.yaml", "g.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(rules(&v, "f.yaml"), ["NL0101", "NL0016"], "{v}");
    assert!(rules(&v, "g.yaml").is_empty(), "{v}");
    assert_eq!(v["waived"][0]["waiver"]["approver"], "王敏", "{v}");
    // `neglist config` shows the setting, and reads back what it shows.
    let out = neglist(d.path()).arg("config").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("waivers = { inline = \"require-approver\" }"),
        "{text}"
    );

    // A setting neglist does not know is refused, at its place.
    write(d.path(), "neglist.toml", "waivers.inline = \"never\"\n");
    let (_, code, err) = json(d.path(), &["f.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`never` 不是 `waivers.inline` 的取值"),
        "{err}"
    );
    write(d.path(), "neglist.toml", "[waivers]\ninlne = \"forbid\"\n");
    let (_, code, err) = json(d.path(), &["f.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("是否想写 `inline`"), "{err}");
}

/// The concise report names a waiver's approver, as the human and JSON
/// reports do (a new user's trial found it missing).
#[test]
fn concise_names_the_approver_of_a_waiver() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.yaml",
        "name: 某某\nbusiness_scope: [虚拟货币挖矿]  # neglist: allow NL0101, NL0211 -- 批复1号; approver: 王敏\n",
    );
    let out = neglist(d.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "--show-waived",
            "a.yaml",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("批复1号；批准人 王敏）"), "{text}");
}
