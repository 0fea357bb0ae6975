//! A prohibited filing never exits 0: every evasion, structural trick and
//! resource hole of the hostile write-up (2026-11), each driven through the
//! built binary next to a good file that must still be reported.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// Lines (1-based) of one file's findings of `rule`.
fn lines_of(v: &Value, name: &str, rule: &str) -> Vec<u64> {
    findings_in(v, name)
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["span"]["line"].as_u64().unwrap())
        .collect()
}

/// Prohibited-category findings of one file.
fn prohibited_in(v: &Value, name: &str) -> Vec<String> {
    findings_in(v, name)
        .iter()
        .filter(|f| f["category"] == "prohibited" && f["severity"] == "error")
        .map(|f| format!("{} {}", f["rule"], f["matched"]))
        .collect()
}

#[test]
fn invisible_characters_and_separators_inside_terms_are_seen_through() {
    // One evasion a line; each line must draw a prohibited error.
    let items = [
        "虚\u{E0100}拟\u{E0100}货\u{E0100}币交易", // variation selectors
        "\"比特\\0币挖\\e矿\"",                    // C0 controls as YAML escapes
        "\"比\\x7f特\\x80币\\x9b挖矿\"",           // DEL and C1 controls
        "比\u{0301}特\u{20DD}币挖矿",              // combining marks
        "比\u{0600}特\u{FFF9}币挖\u{110BD}矿",     // format characters
        "虚拟-货币-交易",                          // visible separators
        "比．特_币/挖〇矿",
        "比○特*币★挖！矿",
        "\"&#x865A;&#x62DF;货币交易\"", // HTML character references
        "\"&#27604;&#29305;币挖矿\"",
        "比特币挖鑛", // a variant character
        "B.T.C mining服务",
    ];
    let mut text = String::from("name: 某某科技有限公司\nbusiness_scope:\n");
    for i in items {
        text.push_str(&format!("  - {i}\n"));
    }
    let (dir, _) = with_hostile("evasions.yaml", |p| std::fs::write(p, &text).unwrap());
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    let f = findings_in(&v, "evasions.yaml");
    for line in 3..3 + items.len() as u64 {
        assert!(
            f.iter()
                .any(|f| f["span"]["line"] == line && f["category"] == "prohibited"),
            "line {line} ({}) drew no prohibited finding: {v}",
            items[line as usize - 3]
        );
    }
    // Spans cut out the original characters, separators included.
    let src = std::fs::read(dir.path().join("evasions.yaml")).unwrap();
    for f in &f {
        let (o, l) = (
            f["span"]["offset"].as_u64().unwrap() as usize,
            f["span"]["length"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf8_lossy(&src[o..o + l]),
            f["matched"].as_str().unwrap()
        );
    }
}

#[test]
fn near_misses_stay_clean_with_separators_around() {
    let (v, _) = run_hostile(
        "near.yaml",
        "name: 某某网络科技有限公司\nbusiness_scope: [软件-开发, 虚拟-现实技术服务, 矿山-开采, Ethernet交换机销售, RWANDA咖啡进口, \"RWA\\u200BNDA\", 保险（箱）柜销售, \"物业代理：财务咨询服务\"]\n",
        &[],
    );
    assert!(prohibited_in(&v, "near.yaml").is_empty(), "{v}");
}

#[test]
fn ndjson_evasions_with_escapes_are_seen_through() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("e.ndjson");
    std::fs::write(
        &p,
        concat!(
            r#"{"name":"某某公司","business_scope":["虚拟\u0000货币交易"]}"#,
            "\n",
            r#"{"name":"某某公司","business_scope":["比\u200b特\u0301币挖\ud840\udc00矿"]}"#,
            "\n",
            r#"{"name":"某某公司","business_scope":["\ud840\udc00比特币挖矿"]}"#,
            "\n",
        ),
    )
    .unwrap();
    let (v, code) = json_check(&["--input-format", "ndjson"], &p);
    assert_eq!(code, 1);
    // Line 2: a supplementary character is a letter, not a separator: it
    // splits 挖|矿 as a letter would (and the rest is still 比特币).
    assert_eq!(lines_of(&v, "e.ndjson", "NL0201"), vec![1]);
    assert!(lines_of(&v, "e.ndjson", "NL0101").contains(&3), "{v}");
    assert!(v["unreadable"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn an_unclosed_bracket_does_not_swallow_later_items() {
    let (v, code) = run_hostile(
        "bracket.yaml",
        "name: 某某科技有限公司\nbusiness_scope: 技术开发（依法须经批准的项目；比特币挖矿；软件开发\n",
        &[],
    );
    assert_eq!(code, 1);
    let f = findings_in(&v, "bracket.yaml");
    let mining = f.iter().find(|f| f["rule"] == "NL0101").expect("NL0101");
    assert_eq!(mining["matched"], "比特币挖矿");
    let bracket = f.iter().find(|f| f["rule"] == "NL0012").expect("NL0012");
    assert_eq!(bracket["severity"], "warning");
    assert_eq!(bracket["category"], "data");
    assert_eq!(bracket["matched"], "（");
}

#[test]
fn merge_keys_are_resolved_as_yaml_1_1_loaders_do() {
    for (name, text, rule, line) in [
        (
            "merge.yaml",
            "name: 某某科技有限公司\n<<: {business_scope: [比特币挖矿]}\n",
            "NL0101",
            2,
        ),
        (
            "anchored.yaml",
            "base: &b {business_scope: [虚拟货币交易]}\nname: 某某科技有限公司\n<<: *b\n",
            "NL0201",
            1,
        ),
        (
            "list.yaml",
            "name: 某某科技有限公司\n<<: [{industry: I6450}, {business_scope: [比特币挖矿]}]\n",
            "NL0101",
            2,
        ),
    ] {
        let (dir, _) = with_hostile(name, |p| std::fs::write(p, text).unwrap());
        let (v, code) = run(dir.path(), &[]);
        assert_eq!(code, 1, "{name}");
        // The span points into the mapping that supplied the value.
        assert_eq!(lines_of(&v, name, rule), vec![line], "{name}: {v}");
    }
    // An explicit key wins over a merged one, as in YAML 1.1.
    let (v, _) = run_hostile(
        "override.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [软件开发]\n<<: {business_scope: [比特币挖矿]}\n",
        &[],
    );
    assert!(prohibited_in(&v, "override.yaml").is_empty(), "{v}");
}

#[test]
fn keys_are_compared_after_trim_width_and_case() {
    for key in [
        "BUSINESS_SCOPE",
        "\"经营范围 \"",
        "Business_Scope",
        "ｂｕｓｉｎｅｓｓ_ｓｃｏｐｅ",
    ] {
        let (dir, _) = with_hostile("key.yaml", |p| {
            std::fs::write(p, format!("name: 某某科技有限公司\n{key}: [比特币挖矿]\n")).unwrap()
        });
        let (v, code) = run(dir.path(), &[]);
        assert_eq!(code, 1);
        let rules = rules_in(&v, "key.yaml");
        assert!(rules.contains(&"NL0101".to_string()), "{key}: {rules:?}");
        assert!(rules.contains(&"NL0011".to_string()), "{key}: {rules:?}");
        assert!(!rules.contains(&"NL0001".to_string()), "{key}: {rules:?}");
    }
}

#[test]
fn text_no_field_claims_is_still_searched_for_prohibited_business() {
    let (v, code) = run_hostile(
        "unknown.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [软件开发]\nscope: 比特币挖矿\nbusiness-scope: [虚拟货币交易]\n备注: {说明: [USDT兑换]}\naddress: [比特币矿场]\n",
        &[],
    );
    assert_eq!(code, 1);
    let f = findings_in(&v, "unknown.yaml");
    let field_of = |rule: &str| {
        f.iter()
            .find(|f| f["rule"] == rule)
            .map(|f| f["field"].as_str().unwrap().to_string())
    };
    assert_eq!(field_of("NL0101").as_deref(), Some("scope"), "{v}");
    assert_eq!(field_of("NL0201").as_deref(), Some("business-scope"), "{v}");
    assert!(f.iter().any(|f| f["field"] == "备注.说明"), "{v}");
    // A value of the wrong shape is an error and its text is searched.
    assert!(f.iter().any(|f| f["rule"] == "NL0003"), "{v}");
    assert!(
        f.iter()
            .any(|f| f["field"] == "address" && f["category"] == "prohibited"),
        "{v}"
    );
    // Unknown keys still warn; licence rules do not read unclaimed text.
    assert!(f.iter().any(|f| f["rule"] == "NL0001"));
    assert!(
        !f.iter().any(|f| f["category"] == "license-required"),
        "{v}"
    );
}

#[test]
fn a_field_given_twice_inside_a_licence_or_energy_is_an_error() {
    let (v, code) = run_hostile(
        "sub.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [第三方支付服务]\nlicenses: [{类型: 无, type: 支付业务许可证}]\nenergy: {daily_kwh: 900000, 日用电量: 1}\n",
        &[],
    );
    assert_eq!(code, 1);
    let rules = rules_in(&v, "sub.yaml");
    assert_eq!(
        rules.iter().filter(|r| *r == "NL0002").count(),
        2,
        "{rules:?}"
    );
    // The ambiguous licence does not count: the payment line needs one.
    assert!(rules.contains(&"NL0403".to_string()), "{rules:?}");
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_baseline_never_hides_another_companys_finding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let day1 = write(
        d,
        "day1.ndjson",
        "{\"name\":\"乙科技有限公司\",\"business_scope\":[\"比特币挖矿\"]}\n",
    );
    let day2 = write(
        d,
        "day2.ndjson",
        "{\"name\":\"丙科技有限公司\",\"business_scope\":[\"比特币挖矿\"]}\n",
    );
    let base = d.join("base.json");
    let check = |input: &Path, extra: &[&str], stdin: Option<&str>| {
        let mut c = neglist();
        c.current_dir(d)
            .args([
                "check",
                "--no-config",
                "--input-format",
                "ndjson",
                "--format",
                "json",
            ])
            .args(extra);
        match stdin {
            Some(s) => c.arg("-").write_stdin(s.to_string()),
            None => c.arg(input),
        };
        c.output().unwrap()
    };
    let rec = check(&day1, &["--write-baseline", base.to_str().unwrap()], None);
    assert_eq!(rec.status.code(), Some(0), "{rec:?}");
    // The same company again: recorded.
    let same = check(&day1, &["--baseline", base.to_str().unwrap()], None);
    assert_eq!(same.status.code(), Some(0));
    // Another company with the same scope: new, reported.
    for (out, what) in [
        (
            check(&day2, &["--baseline", base.to_str().unwrap()], None),
            "file",
        ),
        (
            check(
                &day2,
                &["--baseline", base.to_str().unwrap()],
                Some(&std::fs::read_to_string(&day2).unwrap()),
            ),
            "stdin",
        ),
    ] {
        assert_eq!(out.status.code(), Some(1), "{what}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["findings"][0]["rule"], "NL0101", "{what}");
    }
    // A baseline of the old format is refused, not half-applied.
    std::fs::write(&base, "{\"neglist_baseline\": 1, \"findings\": []}").unwrap();
    let old = check(&day1, &["--baseline", base.to_str().unwrap()], None);
    assert_eq!(old.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&old.stderr).contains("record it again"));
}

/// A registry with many findings (so its baseline is tens of kilobytes).
fn registry(d: &Path, files: usize) -> std::path::PathBuf {
    let reg = d.join("reg");
    std::fs::create_dir(&reg).unwrap();
    for i in 0..files {
        write(
            &reg,
            &format!("f{i:03}.yaml"),
            &format!(
                "name: 某某{i}矿业科技有限公司\nbusiness_scope: [比特币挖矿{i}, 虚拟货币交易{i}]\n"
            ),
        );
    }
    reg
}

/// Hostile 2026-12 row 13: a baseline entry matches a filing by its USCC
/// and its name together; a new company that borrows a recorded USCC (K01)
/// or name is new, and a filing with neither is never hidden (K02).
#[test]
fn a_baseline_identity_cannot_be_borrowed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let line = |fields: &str| format!("{{{fields}\"business_scope\":[\"矿机托管\"]}}\n");
    let day1 = write(
        d,
        "day1.ndjson",
        &(line("\"name\":\"乙公司\",\"uscc\":\"91110000100000000R\",")
            + &line("")
            + &line("\"name\":\"丁公司\",")),
    );
    let base = d.join("base.json");
    let check = |text: &str, extra: &[&str]| {
        // (The same file as recorded: the path is part of an entry.)
        let input = write(d, "day1.ndjson", text);
        let out = neglist()
            .current_dir(d)
            .args(["check", "--no-config", "--input-format", "ndjson"])
            .args(["--format", "json"])
            .args(extra)
            .arg(&input)
            .output()
            .unwrap();
        // (When the run stops before reporting: its stderr, as a string.)
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| String::from_utf8_lossy(&out.stderr).into());
        (v, out.status.code())
    };
    let rec = neglist()
        .current_dir(d)
        .args(["check", "--no-config", "--input-format", "ndjson"])
        .args(["--format", "json", "--write-baseline"])
        .arg(&base)
        .arg(&day1)
        .output()
        .unwrap();
    let day1 = std::fs::read_to_string(&day1).unwrap();
    // The nameless, USCC-less filing is not recorded: it is reported even
    // on the recording run.
    let v: Value = serde_json::from_slice(&rec.stdout).unwrap();
    assert_eq!(rec.status.code(), Some(1), "{v}");
    assert_eq!(v["summary"]["baselined"], 2, "{v}");
    assert_eq!(v["findings"][0]["span"]["line"], 2, "{v}");
    let b = ["--baseline", base.to_str().unwrap()];
    // The recorded companies, as written again (padding trimmed): hidden.
    let same = line("\"name\":\" 乙公司 \",\"uscc\":\"91110000100000000R\",")
        + &line("\"name\":\"丁公司\",");
    let (v, code) = check(&same, &b);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["summary"]["baselined"], 2, "{v}");
    for (text, what) in [
        // K01: a new company copies the recorded USCC.
        (
            line("\"name\":\"丙公司（新设）\",\"uscc\":\"91110000100000000R\","),
            "borrowed USCC",
        ),
        // The recorded name with a USCC the record did not have.
        (
            line("\"name\":\"丁公司\",\"uscc\":\"91110000100000000R\","),
            "borrowed name",
        ),
        // The recorded USCC with no name.
        (line("\"uscc\":\"91110000100000000R\","), "USCC alone"),
        // K02: one nameless, USCC-less filing never hides another.
        (line(""), "no identity"),
    ] {
        let (v, code) = check(&text, &b);
        assert_eq!(code, Some(1), "{what}: {v}");
        assert_eq!(v["summary"]["baselined"], 0, "{what}: {v}");
        assert!(
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "NL0101"),
            "{what}: {v}"
        );
    }
    // A format 2 baseline (USCC alone) is refused with a hint.
    std::fs::write(&base, "{\"neglist_baseline\": 2, \"findings\": []}\n").unwrap();
    let (v, code) = check(&day1, &b);
    assert_eq!(code, Some(2));
    assert!(v.as_str().unwrap().contains("record it again"), "{v}");
}

/// Hostile 2026-12 row 20: two file names that display alike (`\xff.yaml`,
/// `\xfe.yaml` both show as `�.yaml`) are two files to a baseline.
#[cfg(unix)]
#[test]
fn baseline_paths_keep_non_utf8_names_apart() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let reg = d.join("d");
    std::fs::create_dir(&reg).unwrap();
    let name = |b: &[u8]| reg.join(std::ffi::OsStr::from_bytes(b));
    std::fs::write(name(b"\xff.yaml"), GOOD).unwrap();
    let run = |extra: &[&str]| {
        let out = neglist()
            .current_dir(d)
            .args(["check", "--no-config", "--format", "json"])
            .args(extra)
            .arg("d")
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        (v, out.status.code())
    };
    let (_, code) = run(&["--write-baseline", "base.json"]);
    assert_eq!(code, Some(0));
    let text = std::fs::read_to_string(d.join("base.json")).unwrap();
    assert!(text.contains(r#""path":"d/\\xFF.yaml""#), "{text}");
    assert_eq!(run(&["--baseline", "base.json"]).1, Some(0));
    // The same company in a file whose name only displays the same.
    std::fs::rename(name(b"\xff.yaml"), name(b"\xfe.yaml")).unwrap();
    let (v, code) = run(&["--baseline", "base.json"]);
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["summary"]["baselined"], 0, "{v}");
}

#[cfg(unix)]
#[test]
fn a_baseline_is_replaced_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let reg = registry(d, 200);
    let base = d.join("base.json");
    let bin = assert_cmd::cargo::cargo_bin("neglist");
    let record = |limit: Option<u32>| {
        let cmd = format!(
            "trap '' XFSZ; {} \"$0\" check --no-config --format json --write-baseline \"$1\" \"$2\"",
            limit.map_or(String::new(), |l| format!("ulimit -f {l};")),
        );
        std::process::Command::new("bash")
            .args([
                "-c",
                &cmd,
                bin.to_str().unwrap(),
                base.to_str().unwrap(),
                reg.to_str().unwrap(),
            ])
            .env("NEGLIST_TODAY", "2026-11-28")
            .output()
            .unwrap()
    };
    assert!(record(None).status.success());
    let before = std::fs::read(&base).unwrap();
    assert!(before.len() > 20_000);
    // A write that fails midway (file size limit) leaves the old one.
    let failed = record(Some(8));
    assert_eq!(failed.status.code(), Some(2), "{failed:?}");
    assert_eq!(std::fs::read(&base).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".neglist")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Concurrent writers never mix: the file is always one whole baseline,
    // one writer's or the other's.
    let half = d.join("half");
    std::fs::create_dir(&half).unwrap();
    for i in 0..100 {
        let name = format!("f{i:03}.yaml");
        std::fs::copy(reg.join(&name), half.join(&name)).unwrap();
    }
    let write_to = |target: &Path, input: &Path| {
        std::process::Command::new(&bin)
            .args([
                "check",
                "--no-config",
                "--format",
                "json",
                "--write-baseline",
            ])
            .arg(target)
            .arg(input)
            .env("NEGLIST_TODAY", "2026-11-28")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (full_ref, half_ref) = (d.join("full.json"), d.join("half.json"));
    assert!(write_to(&full_ref, &reg).wait().unwrap().success());
    assert!(write_to(&half_ref, &half).wait().unwrap().success());
    let (full_ref, half_ref) = (
        std::fs::read(full_ref).unwrap(),
        std::fs::read(half_ref).unwrap(),
    );
    for _ in 0..8 {
        let (mut a, mut b) = (write_to(&base, &reg), write_to(&base, &half));
        assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
        let got = std::fs::read(&base).unwrap();
        assert!(
            got == full_ref || got == half_ref,
            "a mixed baseline of {} bytes",
            got.len()
        );
    }
}

#[test]
fn write_baseline_refuses_to_overwrite_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let reg = registry(dir.path(), 2);
    let input = reg.join("f000.yaml");
    let before = std::fs::read(&input).unwrap();
    for (target, args) in [(&input, vec![reg.clone()]), (&input, vec![input.clone()])] {
        let out = neglist()
            .args(["check", "--no-config", "--write-baseline"])
            .arg(target)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("would overwrite the input"));
        assert_eq!(std::fs::read(&input).unwrap(), before);
    }
}

/// Hostile 2026-12 row 14: `--write-baseline` onto the configuration, a
/// rule file, the waivers file or any file that is not a neglist baseline
/// is refused (exit 2) and leaves the file as it was; a new file or an
/// earlier baseline is (re)written.
#[test]
fn write_baseline_never_overwrites_settings_rules_or_waivers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "f.yaml", GOOD);
    write(
        d,
        "neglist.toml",
        "ignore = [\"NL0303\"]\nwaivers = \"w.toml\"\n",
    );
    write(
        d,
        "w.toml",
        "[[waiver]]\nrule = \"NL0211\"\npath = \"x.yaml\"\nreason = \"批复\"\napprover = \"王敏\"\nexpires = 2027-01-01\n",
    );
    write(
        d,
        "my.rules",
        "rule XX0004 x {\n  title \"x\"\n  category risk\n  when scope contains [\"以太坊\"]\n  message \"m\"\n}\n",
    );
    std::fs::create_dir(d.join("rules")).unwrap();
    std::fs::copy(d.join("my.rules"), d.join("rules/a.rules")).unwrap();
    write(d, "other.yaml", "name: 某某科技有限公司\n");
    write(d, "notes.txt", "not a baseline\n");
    write(
        d,
        "edited.json",
        "{\n  \"neglist_baseline\": 2, \"findings\": []}\n",
    );
    let run = |extra: &[&str], target: &str| {
        neglist()
            .current_dir(d)
            .args(["check", "--format", "json"])
            .args(extra)
            .args(["--write-baseline", target, "f.yaml"])
            .output()
            .unwrap()
    };
    for (extra, target, why) in [
        (vec![], "neglist.toml", "configuration file"),
        (vec![], "./neglist.toml", "configuration file"),
        (
            vec!["--config", "neglist.toml"],
            "neglist.toml",
            "configuration file",
        ),
        (
            vec!["--rules", "my.rules"],
            "my.rules",
            "rule file my.rules",
        ),
        (
            vec!["--rules", "rules"],
            "rules/new.rules",
            "rule file rules",
        ),
        (vec![], "w.toml", "waivers file"),
        (
            vec!["--no-config", "--waivers", "w.toml"],
            "w.toml",
            "waivers file",
        ),
        (
            vec!["--no-config"],
            "w.toml",
            "not a baseline neglist wrote",
        ),
        (
            vec!["--no-config"],
            "my.rules",
            "not a baseline neglist wrote",
        ),
        (
            vec!["--no-config"],
            "other.yaml",
            "not a baseline neglist wrote",
        ),
        (
            vec!["--no-config"],
            "notes.txt",
            "not a baseline neglist wrote",
        ),
        (
            vec!["--no-config"],
            "edited.json",
            "not a baseline neglist wrote",
        ),
        (vec!["--no-config"], "rules", "is not a regular file"),
    ] {
        let before = std::fs::read(d.join(target)).ok();
        let out = run(&extra, target);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{target} {extra:?}: {err}");
        assert!(err.contains(why), "{target} {extra:?}: {err}");
        assert!(out.stdout.is_empty(), "{target}: nothing is checked");
        if !d.join(target).is_dir() {
            assert_eq!(std::fs::read(d.join(target)).ok(), before, "{target}");
        }
    }
    // The configuration still works.
    let ok = run(&[], "base.json");
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    // A baseline neglist wrote is replaced.
    std::fs::write(
        d.join("base.json"),
        "{\"neglist_baseline\": 2, \"findings\": [\n]}\n",
    )
    .unwrap();
    let again = run(&[], "base.json");
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    let text = std::fs::read_to_string(d.join("base.json")).unwrap();
    assert!(text.contains("NL0101"), "{text}");
}

#[cfg(unix)]
#[test]
fn files_that_are_not_regular_are_reported_never_opened_or_skipped() {
    let make = |p: &Path, kind: &str| match kind {
        "fifo" => assert!(
            std::process::Command::new("mkfifo")
                .arg(p)
                .status()
                .unwrap()
                .success()
        ),
        "socket" => {
            std::mem::forget(std::os::unix::net::UnixListener::bind(p).unwrap());
        }
        "zero" => std::os::unix::fs::symlink("/dev/zero", p).unwrap(),
        _ => std::os::unix::fs::symlink("/dev/null", p).unwrap(),
    };
    for kind in ["fifo", "socket", "zero", "null"] {
        // Walked.
        let (dir, path) = with_hostile("odd.yaml", |p| make(p, kind));
        let (v, code) = run(dir.path(), &[]);
        assert_eq!(code, 1);
        let m = v["unreadable"][0]["message"].as_str().unwrap().to_string();
        assert!(m.contains("regular files only"), "{kind}: {m}");
        // Named on the command line, alone.
        let out = neglist()
            .args(["check", "--no-config", "--format", "json"])
            .arg(&path)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{kind}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["summary"]["unreadable"], 1, "{kind}");
    }
    // A directory holding only a FIFO is not "checked 0 files".
    let dir = tempfile::tempdir().unwrap();
    make(&dir.path().join("p.yaml"), "fifo");
    let out = neglist()
        .args(["check", "--no-config", "--format", "concise"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 个无法读取"));
}

#[test]
fn huge_key_counts_and_long_lines_take_bounded_work() {
    // A million keys (11 MB), one flow line of 200 000 items: refused at
    // the node limit, located, the good file still reported.
    let mut keys = String::from("name: 某某公司\n");
    for i in 0..1_000_000 {
        keys.push_str(&format!("k{i:06}: 1\n"));
    }
    let (dir, _) = with_hostile("keys.yaml", |p| std::fs::write(p, &keys).unwrap());
    let (v, code) = run(dir.path(), &["--max-file-size", "20000000"]);
    assert_eq!(code, 1);
    let m = v["unreadable"][0]["message"].as_str().unwrap();
    assert!(m.contains("more than 100000 keys and values"), "{m}");
    let items: Vec<String> = (0..200_000).map(|i| format!("a{i}")).collect();
    let (dir, _) = with_hostile("flow.yaml", |p| {
        std::fs::write(
            p,
            format!("name: x\nbusiness_scope: [{}]\n", items.join(", ")),
        )
        .unwrap()
    });
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        v["unreadable"][0]["message"]
            .as_str()
            .unwrap()
            .contains("more than")
    );
    // 40 000 items on one line (YAML and NDJSON) are checked, in linear time.
    let mut items: Vec<String> = (0..40_000).map(|i| format!("软件开发{i}")).collect();
    items.push("比特币挖矿".into());
    let (dir, _) = with_hostile("long.yaml", |p| {
        std::fs::write(
            p,
            format!("name: x\nbusiness_scope: [{}]\n", items.join(", ")),
        )
        .unwrap()
    });
    let (v, _) = run(dir.path(), &[]);
    assert_eq!(rules_in(&v, "long.yaml"), vec!["NL0101"]);
    let line = serde_json::json!({"name": "x", "business_scope": items}).to_string();
    let out = neglist()
        .args([
            "check",
            "--no-config",
            "--input-format",
            "ndjson",
            "--format",
            "json",
            "-",
        ])
        .write_stdin(format!("{line}\n{line}\n"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 2, "{}", v["summary"]);
}

#[test]
fn aliases_are_bounded_in_bytes_not_only_nodes() {
    let big = "软".repeat(100_000);
    let mut text = format!("x: &big \"{big}\"\nname: 某某公司\nbusiness_scope: [");
    text.push_str(&vec!["*big"; 50].join(", "));
    text.push_str("]\n");
    let (dir, _) = with_hostile("alias.yaml", |p| std::fs::write(p, &text).unwrap());
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        v["unreadable"][0]["message"]
            .as_str()
            .unwrap()
            .contains("bytes of text")
    );
}

#[cfg(unix)]
#[test]
fn settings_files_are_read_with_a_bound() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.yaml", GOOD);
    for flag in ["--rules", "--config", "--waivers", "--baseline"] {
        let out = neglist()
            .args(["check", flag, "/dev/zero"])
            .arg(&good)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            (err.contains("limit") || err.contains("上限")) && !err.contains("panicked"),
            "{flag}: {err}"
        );
    }
}

#[test]
fn a_rule_file_nested_too_deep_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(
        dir.path(),
        "deep.rules",
        &format!(
            "rule NL9999 deep {{\n  title \"t\"\n  category prohibited\n  severity error\n  message \"m\"\n  when {} scope contains [\"挖矿\"]\n}}\n",
            "not ".repeat(20_000)
        ),
    );
    let good = write(dir.path(), "good.yaml", GOOD);
    let out = neglist()
        .args(["check", "--rules"])
        .arg(&rules)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("deep.rules:6:") && err.contains("nested more than"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn a_diagnostic_past_column_65535_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "neglist.toml",
        &format!("ignore = [{}\"NOPE\"]\n", "\"NL0101\", ".repeat(8000)),
    );
    let good = write(dir.path(), "good.yaml", GOOD);
    let out = neglist()
        .current_dir(dir.path())
        .args(["check", "--format", "human"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("NOPE") && !err.contains("panicked"), "{err}");
}

#[test]
fn a_closed_stderr_ends_the_run_with_a_status_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.yaml", GOOD);
    for args in [
        vec![
            "check",
            "--no-config",
            "--write-baseline",
            "b.json",
            "good.yaml",
        ],
        vec!["check", "--config", "missing.toml", "good.yaml"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("neglist"))
            .current_dir(dir.path())
            .args(&args)
            .env("NEGLIST_TODAY", "2026-11-28")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert!(matches!(status.code(), Some(0..=2)), "{args:?}: {status:?}");
    }
    let _ = good;
}

#[test]
fn control_characters_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "esc.yaml",
        "name: 某某\u{1b}[31m科技有限公司\nbusiness_scope: [\"比特币挖矿\u{1b}]0;title\u{7}\"]\n",
    );
    #[cfg(unix)]
    write(dir.path(), "new\nline.yaml", GOOD);
    for format in ["human", "concise", "github"] {
        let out = neglist()
            .args(["check", "--no-config", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{format}: {text}"
        );
        if format == "human" {
            // The source lines shown keep the characters, escaped.
            assert!(text.contains("某某\\u{1b}[31m科技"), "{text}");
        } else {
            // One line a finding (no line forged by a newline in a path).
            for l in text.lines() {
                assert!(
                    l.starts_with(dir.path().to_str().unwrap())
                        || l.starts_with("::")
                        || l.starts_with("检查")
                        || l.starts_with("neglist"),
                    "{format}: {l}"
                );
            }
        }
    }
}

#[test]
fn gb18030_byte_0x80_keeps_spans_on_the_files_bytes() {
    // 0x80 is € in CP936 (one byte); an encoder writes € otherwise, so the
    // byte is put in by hand.
    let enc = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
    let mut bytes = enc("name: 某某");
    bytes.push(0x80);
    bytes.extend(enc("公司\nbusiness_scope: [比特币挖矿]\n"));
    let (dir, path) = with_hostile("gb.yaml", |p| std::fs::write(p, &bytes).unwrap());
    let (v, _) = run(dir.path(), &["--encoding", "gb18030"]);
    let f = findings_in(&v, "gb.yaml");
    let f = f.iter().find(|f| f["rule"] == "NL0101").unwrap();
    let (o, l) = (
        f["span"]["offset"].as_u64().unwrap() as usize,
        f["span"]["length"].as_u64().unwrap() as usize,
    );
    let disk = std::fs::read(path).unwrap();
    let (cut, _) = encoding_rs::GB18030.decode_without_bom_handling(&disk[o..o + l]);
    assert_eq!(cut, "比特币挖矿");
}

#[test]
fn ndjson_lines_are_json_and_only_json() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "n.ndjson",
        concat!(
            "{\"name\":\"某某公司\",\r\"business_scope\":[\"比特币挖矿\"]}\n",
            "name: 某某公司\n",
            "{\"name\":\"\\ud840\\udc00某某公司\",\"business_scope\":[\"比特币挖矿\"]}\n",
            "{\"name\":\"某某公司\",\"business_scope\":[\"比特币挖矿\"]} # neglist: allow NL0101 -- x\n",
            "{\"name\":\"某某公司\",\"business_scope\":[\"比特币挖矿\"]}\n",
        ),
    );
    let (v, _) = json_check(&["--input-format", "ndjson"], &p);
    // A CR inside line 1 does not move later findings to line 2.
    assert_eq!(lines_of(&v, "n.ndjson", "NL0101"), vec![1, 3, 5]);
    let bad: Vec<u64> = v["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["span"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(bad, vec![2, 4], "{v}");
}

#[test]
fn a_waiver_comment_after_a_quoted_value_is_applied() {
    let (dir, _) = with_hostile("quoted.yaml", |p| {
        std::fs::write(
            p,
            "name: 某某科技有限公司\nbusiness_scope: \"比特币挖矿\"  # neglist: allow NL0101, NL0217 -- 国家发展改革委批复〔2026〕1号\n",
        )
        .unwrap()
    });
    let (v, _) = json_check(&[], dir.path());
    assert!(rules_in(&v, "quoted.yaml").is_empty(), "{v}");
    let waived = v["waived"].as_array().unwrap();
    assert!(
        waived
            .iter()
            .any(|w| w["path"].as_str().unwrap().ends_with("quoted.yaml"))
    );
}

#[test]
fn an_anchored_exclude_leaves_a_nested_folder_of_the_same_name_checked() {
    // The shipped example excludes `/archive`: the registry's top-level
    // archive, not every folder of that name (a new filing put in
    // `filings/archive/` must still be checked, also with --force-exclude).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy("examples/project/neglist.toml", d.join("neglist.toml")).unwrap();
    std::fs::create_dir_all(d.join("rules")).unwrap();
    std::fs::copy(
        "examples/project/rules/nft.rules",
        d.join("rules/nft.rules"),
    )
    .unwrap();
    std::fs::copy(
        "examples/project/neglist-waivers.toml",
        d.join("neglist-waivers.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(d.join("archive")).unwrap();
    std::fs::create_dir_all(d.join("filings/archive")).unwrap();
    write(&d.join("archive"), "old.yaml", GOOD);
    write(&d.join("filings/archive"), "new-co.yaml", GOOD);
    for args in [
        vec!["."],
        vec![
            "--force-exclude",
            "archive/old.yaml",
            "filings/archive/new-co.yaml",
        ],
    ] {
        let out = neglist()
            .current_dir(d)
            .args(["check", "--format", "json"])
            .args(&args)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!rules_in(&v, "new-co.yaml").is_empty(), "{args:?}: {v}");
        assert!(rules_in(&v, "old.yaml").is_empty(), "{args:?}: {v}");
    }
}

/// Row 5 of the 2026-12 write-up: letters a reader takes for a dash or a
/// dot, Latin look-alikes outside Cyrillic and Greek, a radical, and
/// character references by a long name or zero-padded, inside a term.
#[test]
fn punctuation_looking_letters_and_look_alikes_inside_terms_are_seen_through() {
    let items = [
        ("虚拟ー货币交易", "NL0201"),
        ("虚拟ｰ货币交易", "NL0201"),
        ("虚拟ꓸ货币交易", "NL0201"),
        ("虚拟ㆍ货币交易", "NL0201"),
        ("虚拟ꞏ货币交易", "NL0201"),
        ("虚拟ᐧ货币交易", "NL0201"),
        ("虚拟ـ货币交易", "NL0201"),
        ("虚拟々货币交易", "NL0201"),
        ("虚拟\u{16FE3}货币交易", "NL0201"),
        ("ꓐꓔꓚ兑换", "NL0201"),
        ("ꓴꓢꓓꓔ兑换", "NL0201"),
        ("ᏴᎢᏟ兑换", "NL0201"),
        ("ʙᴛᴄ兑换", "NL0201"),
        ("ᗷTC兑换", "NL0201"),
        ("ЬТС兑换", "NL0201"),
        ("ḂṪĊ兑换", "NL0201"),
        ("虚拟&ZeroWidthSpace;货币交易", "NL0201"),
        ("&#0000034394;拟货币交易", "NL0201"),
        ("⻔罗币", "NL0217"),
    ];
    let mut text = String::from("name: 某某科技有限公司\nbusiness_scope:\n");
    for (i, _) in items {
        text.push_str(&format!("  - {}\n", serde_json::to_string(i).unwrap()));
    }
    let (dir, _) = with_hostile("row5.yaml", |p| std::fs::write(p, &text).unwrap());
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    for (n, (item, rule)) in items.iter().enumerate() {
        assert!(
            lines_of(&v, "row5.yaml", rule).contains(&(n as u64 + 3)),
            "{item} drew no {rule}: {v}"
        );
    }
    let src = std::fs::read_to_string(dir.path().join("row5.yaml")).unwrap();
    for f in findings_in(&v, "row5.yaml") {
        let (o, l) = (
            f["span"]["offset"].as_u64().unwrap() as usize,
            f["span"]["length"].as_u64().unwrap() as usize,
        );
        assert_eq!(&src[o..o + l], f["matched"].as_str().unwrap());
    }
    // Names: a tone mark (ˉ, ˇ: both in GB2312) inside the word.
    for (name, rule) in [
        ("某某比特ˉ币矿业有限公司", "NL0102"),
        ("某某数字银ˇ行科技有限公司", "NL0304"),
    ] {
        let (v, code) = run_hostile(
            "name.yaml",
            &format!("name: \"{name}\"\nbusiness_scope: [软件开发]\n"),
            &[],
        );
        assert_eq!(code, 1);
        assert!(
            rules_in(&v, "name.yaml").contains(&rule.to_string()),
            "{name}: {v}"
        );
    }
}

/// The sweep of the write-up, for modifier letters: every basic-plane code
/// point of general category Lm (from icu_properties, the binary's own
/// Unicode data) inside 虚拟货币交易 leaves it a virtual-currency trade.
#[test]
fn every_modifier_letter_inside_a_term_is_read_past() {
    use icu_properties::CodePointMapData;
    use icu_properties::props::GeneralCategory;
    let lm: Vec<char> = ('\u{0}'..='\u{FFFF}')
        .filter(|c| {
            CodePointMapData::<GeneralCategory>::new().get(*c) == GeneralCategory::ModifierLetter
        })
        .collect();
    assert!(lm.len() > 200, "{}", lm.len());
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("lm.ndjson");
    let lines: Vec<String> = lm
        .iter()
        .map(|c| {
            serde_json::json!({"name": "某某科技有限公司", "business_scope": [format!("虚拟{c}货币交易")]})
                .to_string()
        })
        .collect();
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    let (v, code) = json_check(&["--input-format", "ndjson"], &p);
    assert_eq!(code, 1);
    let caught = lines_of(&v, "lm.ndjson", "NL0201");
    let missed: Vec<String> = lm
        .iter()
        .enumerate()
        .filter(|(i, _)| !caught.contains(&(*i as u64 + 1)))
        .map(|(_, c)| format!("U+{:04X}", *c as u32))
        .collect();
    assert!(
        missed.is_empty(),
        "{} of {} missed: {missed:?}",
        missed.len(),
        lm.len()
    );
}

/// The other side: a length mark inside a kana word, an iteration mark in
/// a Japanese word, and ordinary scope items stay clean.
#[test]
fn kana_words_with_a_length_mark_are_not_findings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("kana.yaml");
    std::fs::write(
        &p,
        "name: 某某コーヒー贸易有限公司\nbusiness_scope: [コーヒー, コーヒー豆销售, ゲーム開発, ソフトウェア开发, 人々の生活服务, ˉ字形设计]\n",
    )
    .unwrap();
    let (v, code) = json_check(&[], &p);
    assert_eq!(code, 0, "{v}");
    assert!(v["findings"].as_array().unwrap().is_empty(), "{v}");
}

/// A YAML tag before a value: `!!str` (and the non-specific `!`) say it is
/// the text it is written as, and it is read; any other tag (`!!binary`,
/// `!custom`) asks for a decoding neglist does not do, so the file is
/// unreadable, never clean (a hostile run lost the finding to an internal
/// "could not locate" error).
#[test]
fn a_tagged_value_is_read_as_text_or_refused() {
    for (value, read) in [
        ("!!str 一般项目：虚拟货币挖矿", true),
        ("!!str \"一般项目：虚拟货币挖矿\"", true),
        ("!<tag:yaml.org,2002:str> 虚拟货币挖矿", true),
        ("! 虚拟货币挖矿", true),
        ("!custom \"一般项目：虚拟货币挖矿\"", false),
        ("!!binary 6Jma5ouf6LSn5biB5oyW55+/", false),
    ] {
        let text = format!("name: 某某科技有限公司\nbusiness_scope: {value}\n");
        let (v, code) = run_hostile("t.yaml", &text, &[]);
        assert_eq!(code, 1, "{value}: {v}");
        if read {
            assert_eq!(
                prohibited_in(&v, "t.yaml"),
                ["\"NL0101\" \"虚拟货币挖矿\""],
                "{value}: {v}"
            );
        } else {
            assert!(
                unreadable_message(&v, "t.yaml").contains("YAML tag"),
                "{value}: {v}"
            );
        }
    }
}
