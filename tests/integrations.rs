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

/// The hook as a registry repository runs it: the real pre-commit framework
/// refuses a commit with a violating filing, showing the diagnostic, and
/// lets a clean one through. (`.ci/run` installs pre-commit; elsewhere the
/// test is skipped, saying so, when pre-commit is not installed.)
#[test]
fn pre_commit_hook_refuses_a_violating_filing() {
    let have = std::process::Command::new("pre-commit")
        .arg("--version")
        .output();
    if have.is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit must be installed in CI"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(repo)
            .env("PRE_COMMIT_HOME", repo.join(".cache"))
            .env("NEGLIST_TODAY", "2026-11-28")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    assert!(git(&["init", "-q"]).0);
    git(&["config", "user.email", "test@example.com"]);
    git(&["config", "user.name", "test"]);
    git(&["config", "commit.gpgsign", "false"]);
    // The same hook as .pre-commit-hooks.yaml, as a local hook on the
    // binary under test.
    let bin = assert_cmd::cargo::cargo_bin("neglist");
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: neglist\n        name: neglist\n        entry: {} check\n        language: system\n        types: [yaml]\n        files: ^filings/\n        require_serial: true\n",
            bin.display()
        ),
    )
    .unwrap();
    let install = std::process::Command::new("pre-commit")
        .args(["install"])
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", repo.join(".cache"))
        .output()
        .unwrap();
    assert!(install.status.success(), "{install:?}");
    git(&["add", ".pre-commit-config.yaml"]);
    let (ok, out) = git(&["commit", "-q", "-m", "config"]);
    assert!(ok, "{out}");

    std::fs::create_dir(repo.join("filings")).unwrap();
    std::fs::write(
        repo.join("filings/bad.yaml"),
        "name: 某某比特币矿池有限公司\n",
    )
    .unwrap();
    git(&["add", "filings/bad.yaml"]);
    let (ok, out) = git(&["commit", "-m", "add a filing"]);
    assert!(!ok, "the commit went through: {out}");
    assert!(
        out.contains("NL0102") && out.contains("比特币矿池"),
        "{out}"
    );

    git(&["rm", "-q", "--cached", "filings/bad.yaml"]);
    std::fs::write(
        repo.join("filings/good.yaml"),
        "name: 某某软件有限公司\nbusiness_scope: [软件开发]\n",
    )
    .unwrap();
    git(&["add", "filings/good.yaml"]);
    let (ok, out) = git(&["commit", "-m", "add a clean filing"]);
    assert!(ok, "the clean commit was refused: {out}");
}

/// JSON, NDJSON and GitHub annotations report the same findings in the same
/// order; `--statistics` counts them.
#[test]
fn formats_agree() {
    let run = |args: &[&str]| {
        let out = neglist()
            .args(["check"])
            .args(args)
            .arg("examples/filings")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    let key = |f: &Value| {
        format!(
            "{} {} {}:{}",
            f["path"].as_str().unwrap(),
            f["rule"].as_str().unwrap(),
            f["span"]["line"],
            f["span"]["column"]
        )
    };
    let from_json: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(key)
        .collect();
    let from_ndjson: Vec<String> = run(&["--format", "ndjson"])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "finding")
        .map(|v| key(&v))
        .collect();
    assert_eq!(from_ndjson, from_json);
    // ::error file=P,line=L,endLine=…,col=C,…,title=CODE name::message
    let from_github: Vec<String> = run(&["--format", "github"])
        .lines()
        .filter(|l| l.starts_with("::") && !l.contains("title=unreadable"))
        .map(|l| {
            let props: std::collections::HashMap<&str, &str> = l[2..]
                .split_once(' ')
                .unwrap()
                .1
                .split_once("::")
                .unwrap()
                .0
                .split(',')
                .filter_map(|kv| kv.split_once('='))
                .collect();
            let code = props["title"]
                .split("%2C")
                .next()
                .unwrap()
                .split(' ')
                .next()
                .unwrap();
            format!(
                "{} {} {}:{}",
                props["file"], code, props["line"], props["col"]
            )
        })
        .collect();
    assert_eq!(from_github, from_json);
    let stats = run(&["--statistics"]);
    let nl0101: usize = stats
        .lines()
        .find(|l| l.contains("NL0101"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        nl0101,
        from_json.iter().filter(|k| k.contains(" NL0101 ")).count()
    );
    // --quiet leaves out the summary line only.
    let quiet = run(&["--quiet"]);
    assert!(!quiet.contains("checked ") && quiet.contains("NL0101"));
}
