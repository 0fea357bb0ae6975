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
        // The business licence and the registration form, as printed.
        "名称",
        "类型",
        "法定代表人",
        "负责人",
        "执行事务合伙人",
        "经营者",
        "出资额",
        "营业期限",
        "主要经营场所",
        "登记机关",
        "核准日期",
        "登记日期",
        "联系电话",
        "邮政编码",
        "从业人数",
        "股东",
        "投资人",
        "经营期限",
        "legal_representative",
        "operating_period",
        "registration_authority",
        "approved_on",
        "employees",
        "shareholders",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
    assert_eq!(schema["additionalProperties"], false);
    // A name under any of its spellings satisfies the schema's `required`.
    let names = schema["anyOf"].to_string();
    assert!(
        names.contains("\"名称\"") && names.contains("\"企业名称\""),
        "{names}"
    );
    assert_eq!(props["从业人数"]["minimum"], 0);
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
    // (`help` has no page, so the main page does not name one.)
    assert!(!text.contains("neglist\\-help"), "{text}");
    let check = neglist().args(["man", "check"]).output().unwrap();
    assert!(check.status.success());
    let page = String::from_utf8(check.stdout).unwrap();
    assert!(page.contains(".TH neglist-check"), "{page}");
    assert!(page.contains("\\-\\-output"), "{page}");
    neglist().args(["man", "no-such-command"]).assert().code(2);
}

/// The pages `neglist(1)` names as `\fBneglist\-NAME\fR(1)` or
/// `neglist\-NAME(1)`, as file names (`neglist-NAME.1`).
fn named_pages(roff: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = roff;
    while let Some(at) = rest.find("neglist\\-") {
        rest = &rest[at + "neglist\\-".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let after = rest[name.len()..].trim_start_matches("\\fR");
        if after.starts_with("(1)") {
            out.push(format!("neglist-{name}.1"));
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn man_and_completions_write_into_folders_they_create() {
    let home = tempfile::tempdir().unwrap();
    // A fresh home: none of these folders exist.
    let man1 = home.path().join(".local/share/man/man1");
    let out = neglist()
        .args(["man", "--dir"])
        .arg(&man1)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut files: Vec<String> = std::fs::read_dir(&man1)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // A page for neglist and one for every subcommand but help, from the
    // same definition as --help.
    let out = neglist().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let subcommands: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        // (Wrapped descriptions are indented further.)
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(subcommands.len() >= 9, "{subcommands:?}");
    let mut want: Vec<String> = subcommands
        .iter()
        .map(|c| format!("neglist-{c}.1"))
        .chain(["neglist.1".to_string()])
        .collect();
    want.sort();
    assert_eq!(files, want);
    // Every page the main page names exists, and it names them all.
    let main = std::fs::read_to_string(man1.join("neglist.1")).unwrap();
    assert!(main.contains(".SH \"SEE ALSO\""), "{main}");
    let named = named_pages(&main);
    let sub_pages: Vec<&String> = want.iter().filter(|f| *f != "neglist.1").collect();
    assert_eq!(named.iter().collect::<Vec<_>>(), sub_pages);
    for f in &files {
        let page = std::fs::read_to_string(man1.join(f)).unwrap();
        assert!(page.contains(".TH "), "{f}");
        if f != "neglist.1" {
            assert!(page.contains("\\fBneglist\\fR(1)"), "{f} names neglist(1)");
        }
    }
    // `man` renders every page without a troff warning (`.ci/run` installs
    // man-db; elsewhere this part is skipped, saying so).
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok()
    {
        for f in &files {
            let out = std::process::Command::new("man")
                .args(["--warnings", "-l"])
                .arg(man1.join(f))
                .env("MANPAGER", "cat")
                .env("MANWIDTH", "100")
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success() && err.is_empty(), "{f}: {err}");
            if f == "neglist-explain.1" {
                let text = String::from_utf8_lossy(&out.stdout);
                assert!(text.contains("1283号"), "{text}");
            }
        }
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "man must be installed in CI (.ci/run installs man-db)"
        );
        eprintln!("skipped: man is not installed (apt-get install man-db)");
    }
    // Completions: into a folder created on the way, named as each shell
    // looks for it.
    for (shell, dir, file) in [
        (
            "bash",
            ".local/share/bash-completion/completions",
            "neglist",
        ),
        ("zsh", ".zfunc", "_neglist"),
        ("fish", ".config/fish/completions", "neglist.fish"),
    ] {
        let dir = home.path().join(dir);
        let out = neglist()
            .args(["completions", shell, "--dir"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(script.contains("force-exclude"), "{shell}");
        let printed = neglist().args(["completions", shell]).output().unwrap();
        assert_eq!(printed.stdout, script.as_bytes(), "{shell}");
    }
    // A path that cannot be a folder (it is a file): exit 2, saying so.
    let file = home.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = neglist()
        .args(["man", "--dir"])
        .arg(file.join("man1"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.is_empty());
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
    // The hook of .pre-commit-hooks.yaml — its entry and settings — as a
    // local hook on the binary under test.
    let hooks = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: neglist check"))
        .expect("the neglist hook's entry");
    assert!(
        entry.ends_with(" --"),
        "the entry must end the options: {entry}"
    );
    assert!(hooks.contains("require_serial: true") && hooks.contains("types: [yaml]"));
    let bin = assert_cmd::cargo::cargo_bin("neglist");
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: neglist\n        name: neglist\n        entry: {} check{entry}\n        language: system\n        types: [yaml]\n        exclude: '^\\.pre-commit-(config|hooks)\\.yaml$'\n        require_serial: true\n",
            bin.display()
        ),
    )
    .unwrap();
    // The registry's configuration excludes its legacy folder.
    std::fs::write(
        repo.join("neglist.toml"),
        "exclude = [\"filings/legacy\"]\n",
    )
    .unwrap();
    git(&["add", "neglist.toml"]);
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

    // pre-commit names the excluded file explicitly; --force-exclude in the
    // entry makes the configuration's exclude apply to it.
    std::fs::create_dir(repo.join("filings/legacy")).unwrap();
    std::fs::write(
        repo.join("filings/legacy/old.yaml"),
        "name: 某某比特币矿池有限公司\n",
    )
    .unwrap();
    git(&["add", "filings/legacy/old.yaml"]);
    let (ok, out) = git(&["commit", "-m", "archive an old filing"]);
    assert!(ok, "the excluded filing was checked: {out}");

    // A file named like an option is a file: without the entry's `--`,
    // `--config=evil.yaml` would load a configuration that excludes
    // everything, and the violating filing would go through.
    std::fs::write(repo.join("evil.yaml"), "exclude = [\"**\"]\n").unwrap();
    std::fs::write(
        repo.join("--config=evil.yaml"),
        "name: 某某比特币矿池有限公司\n",
    )
    .unwrap();
    git(&["add", "--", "--config=evil.yaml"]);
    let (ok, out) = git(&["commit", "-m", "a filing named like an option"]);
    assert!(!ok, "a file named like an option was read as one: {out}");
    assert!(out.contains("NL0102"), "{out}");
}

/// JSON, NDJSON, GitHub annotations, concise lines and SARIF report the same
/// findings in the same order; `--statistics` counts them.
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
        .filter(|l| l.starts_with("::") && !l.contains("title=无法读取"))
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
    // concise: path:line:col: severity[CODE] message
    let from_concise: Vec<String> = run(&["--format", "concise"])
        .lines()
        .filter(|l| l.contains("]: ") || l.contains("] "))
        .filter(|l| !l.contains("[无法读取]"))
        .filter_map(|l| {
            let (place, rest) = l.split_once(": ")?;
            let mut p = place.rsplitn(3, ':');
            let (col, line, file) = (p.next()?, p.next()?, p.next()?);
            let code = rest.split_once('[')?.1.split_once(']')?.0;
            Some(format!("{file} {code} {line}:{col}"))
        })
        .collect();
    assert_eq!(from_concise, from_json);
    // SARIF: the same findings in the same order (unreadable files are
    // NL0000 results there).
    let sarif: Value = serde_json::from_str(&run(&["--format", "sarif"])).unwrap();
    let from_sarif: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] != "NL0000")
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            format!(
                "{} {} {}:{}",
                loc["artifactLocation"]["uri"].as_str().unwrap(),
                r["ruleId"].as_str().unwrap(),
                loc["region"]["startLine"],
                loc["region"]["startColumn"]
            )
        })
        .collect();
    assert_eq!(from_sarif, from_json);
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

/// Microsoft's SARIF Multitool, if installed: `SARIF_MULTITOOL`, else where
/// `.ci/run` puts it (npm package @microsoft/sarif-multitool).
fn sarif_multitool() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("SARIF_MULTITOOL") {
        return Some(p.into());
    }
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/ci-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    p.is_file().then_some(p)
}

fn sarif_of(dir: &std::path::Path, paths: &[&str]) -> Value {
    let out = neglist()
        .current_dir(dir)
        .args(["check", "--format", "sarif"])
        .args(paths)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// neglist's SARIF passes the Multitool's schema and GitHub ingestion rules
/// (`validate --rule-kind "Sarif;Gh"`) with zero errors: the examples
/// (with an unreadable file), the project example (waived findings become
/// suppressions), and a file with a CJK name, an emoji and a BOM.
#[test]
fn sarif_passes_the_multitool() {
    let Some(tool) = sarif_multitool() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the SARIF Multitool must be installed in CI (.ci/run does it)"
        );
        eprintln!(
            "skipped: SARIF Multitool not installed (npm install @microsoft/sarif-multitool)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("某某 公司.yaml"),
        "\u{feff}name: 某某😀比特币矿池有限公司\nbusiness_scope: [软件开发, 虚拟货币挖矿]\n",
    )
    .unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let logs = [
        sarif_of(root, &["examples/filings"]),
        sarif_of(&root.join("examples/project"), &["filings"]),
        sarif_of(tmp.path(), &["."]),
    ];
    for (i, log) in logs.iter().enumerate() {
        let input = tmp.path().join(format!("run{i}.sarif"));
        let output = tmp.path().join(format!("validation{i}.sarif"));
        std::fs::write(&input, serde_json::to_string_pretty(log).unwrap()).unwrap();
        let run = std::process::Command::new(&tool)
            .args(["validate", "--rule-kind", "Sarif;Gh", "-o"])
            .arg(&output)
            .arg(&input)
            .output()
            .expect("the Multitool runs");
        let said = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success(), "{said}");
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(&output).expect("a validation log"))
                .unwrap();
        let errors: Vec<&Value> = report["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["level"] == "error")
            .collect();
        assert!(errors.is_empty(), "run {i}: {errors:#?}\n{said}");
        assert!(said.contains("Analysis completed successfully"), "{said}");
    }
}

/// What code scanning needs, checked field by field against the JSON report.
#[test]
fn sarif_has_what_code_scanning_needs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let log = sarif_of(root, &["examples/filings"]);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap()
            .ends_with('/')
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let table = String::from_utf8(neglist().arg("rules").output().unwrap().stdout).unwrap();
    assert_eq!(
        rules.len(),
        table.lines().count() - 1,
        "every rule, not only those that fired"
    );
    for r in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(
                r[key]["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{} {key}",
                r["id"]
            );
        }
        assert!(r["help"]["markdown"].is_string());
    }
    let json: Value = serde_json::from_slice(
        &neglist()
            .args(["check", "--format", "json", "examples/filings"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let results = run["results"].as_array().unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(
        results.len(),
        findings.len() + json["unreadable"].as_array().unwrap().len()
    );
    let rule_results = results.iter().filter(|r| r["ruleId"] != "NL0000");
    for (r, f) in rule_results.zip(findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert_eq!(r["level"], f["severity"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(loc["artifactLocation"]["uri"].as_str(), f["path"].as_str());
        let region = &loc["region"];
        for (s, j) in [
            ("startLine", "line"),
            ("startColumn", "column"),
            ("endLine", "end_line"),
            ("endColumn", "end_column"),
        ] {
            assert_eq!(region[s], f["span"][j], "{s}");
        }
        assert_eq!(region["snippet"]["text"], f["matched"]);
        assert!(r["partialFingerprints"]["primaryLocationLineHash"].is_string());
    }
    let unreadable = results.iter().find(|r| r["ruleId"] == "NL0000").unwrap();
    assert_eq!(unreadable["level"], "error");

    // Fingerprints follow what a finding is about: two lines inserted above
    // move it, and its fingerprint stays.
    let tmp = tempfile::tempdir().unwrap();
    let body = "name: 某某科技有限公司\nbusiness_scope: [虚拟货币挖矿, 软件开发]\n";
    std::fs::write(tmp.path().join("a.yaml"), body).unwrap();
    let before = sarif_of(tmp.path(), &["a.yaml"]);
    std::fs::write(
        tmp.path().join("a.yaml"),
        format!("# 复核\nregion: \"330106\"\n{body}"),
    )
    .unwrap();
    let after = sarif_of(tmp.path(), &["a.yaml"]);
    let fp = |l: &Value, i: usize| {
        let r = &l["runs"][0]["results"][i];
        (
            r["partialFingerprints"]["primaryLocationLineHash"].clone(),
            r["locations"][0]["physicalLocation"]["region"]["startLine"].clone(),
        )
    };
    assert_eq!(fp(&before, 0).0, fp(&after, 0).0);
    assert_ne!(fp(&before, 0).1, fp(&after, 0).1);
    assert_ne!(
        fp(&before, 0).0,
        fp(&before, 1).0,
        "two findings, two fingerprints"
    );
}
