//! The README's integration snippets, taken from README.md as it stands and
//! run on the built binary: a snippet that stops working fails here.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The code block after `<!-- snippet: NAME -->` in README.md.
fn snippet(name: &str) -> String {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = format!("<!-- snippet: {name} -->");
    let at = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("README.md has no snippet `{name}`"));
    let rest = &readme[at + marker.len()..];
    let open = rest.find("```").unwrap();
    let body = &rest[open..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].to_string()
}

/// The snippet's command lines (comments and blank lines dropped).
fn commands(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn bin_dir() -> PathBuf {
    assert_cmd::cargo::cargo_bin("neglist")
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs one shell line as a user would, with the built `neglist` first on
/// PATH, "today" pinned, outside GitHub Actions unless `env` says so.
fn sh(dir: &Path, line: &str, env: &[(&str, &str)]) -> Output {
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(line)
        .current_dir(dir)
        .env("PATH", path)
        .env("NEGLIST_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_WORKFLOW");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A scratch copy of examples/project.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("project");
    copy_dir(Path::new("examples/project"), &p);
    (dir, p)
}

#[test]
fn project_run() {
    let lines = commands(&snippet("project-run"));
    assert_eq!(lines[0], "cd examples/project");
    let dir = Path::new("examples/project");
    let check = sh(dir, &lines[1], &[]);
    let out = text(&check);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(out.contains("错误[XX0001]"), "{out}");
    assert!(
        out.contains("2 个错误，2 个警告") && out.contains("3 个已豁免"),
        "{out}"
    );
    // archive/ is excluded; its mining filing is not reported.
    assert!(!out.contains("archive"), "{out}");
    let shown = text(&sh(dir, &lines[2], &[]));
    assert!(
        shown.contains("已豁免[NL0304]") && shown.contains("浙金复〔2026〕88号"),
        "{shown}"
    );
    assert!(shown.contains("已豁免[NL0403]"), "{shown}");
    let config = sh(dir, &lines[3], &[]);
    let c = text(&config);
    assert!(config.status.success(), "{c}");
    assert!(
        c.contains("exclude = [\"/archive\"]") && c.contains("risk = \"error\""),
        "{c}"
    );
}

#[test]
fn neglist_toml_snippet_is_the_example() {
    assert_eq!(
        snippet("neglist-toml"),
        std::fs::read_to_string("examples/project/neglist.toml").unwrap()
    );
}

#[test]
fn rule_file_snippet_is_the_example() {
    assert_eq!(
        snippet("rule-file"),
        std::fs::read_to_string("examples/project/rules/nft.rules").unwrap()
    );
}

#[test]
fn waivers_file_snippet_is_the_example_and_works() {
    assert_eq!(
        snippet("waivers-file"),
        std::fs::read_to_string("examples/project/neglist-waivers.toml").unwrap()
    );
    let o = sh(
        Path::new("examples/project"),
        "neglist check --format json filings/",
        &[],
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let waived = v["waived"].as_array().unwrap();
    let pay = waived
        .iter()
        .find(|w| w["rule"] == "NL0403")
        .expect("NL0403 waived");
    assert_eq!(pay["waiver"]["kind"], "file");
    assert_eq!(pay["waiver"]["approver"], "合规部 王敏");
    assert_eq!(pay["waiver"]["expires"], "2027-06-30");
    // The expired waiver no longer applies, and says so.
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["rule"] == "NL0001"));
    let expired = findings.iter().find(|f| f["rule"] == "NL0010").unwrap();
    assert!(
        expired["message"]
            .as_str()
            .unwrap()
            .contains("expired on 2026-06-30")
    );
    assert_eq!(v["summary"]["waived"], 3);
}

#[test]
fn waiver_comment_snippet_is_in_the_example_and_works() {
    let example = std::fs::read_to_string("examples/project/filings/village-bank.yaml").unwrap();
    for line in snippet("waiver-comment").lines() {
        assert!(
            example.contains(line),
            "`{line}` is not in village-bank.yaml"
        );
    }
    let (_d, p) = project();
    let o = sh(
        &p,
        "neglist check --no-config --format json filings/village-bank.yaml",
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{v}");
    let rules: Vec<&str> = v["waived"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["NL0304", "NL0402"]);
    assert_eq!(v["waived"][0]["waiver"]["kind"], "comment");
    assert_eq!(
        v["waived"][0]["waiver"]["location"],
        "filings/village-bank.yaml:3:25"
    );
}

#[test]
fn baseline_snippet() {
    let (_d, p) = project();
    let lines = commands(&snippet("baseline"));
    let write = sh(&p, &lines[0], &[]);
    let out = text(&write);
    assert_eq!(write.status.code(), Some(0), "{out}");
    assert!(out.contains("个在基线中") && out.contains("已将"), "{out}");
    let again = sh(&p, &lines[1], &[]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    // An edit elsewhere moves the lines; nothing comes back.
    let nft = p.join("filings/nft-studio.yaml");
    let before = std::fs::read_to_string(&nft).unwrap();
    std::fs::write(
        &nft,
        format!("# 2026-11-28 复核\nregion: \"310101\"\n{before}"),
    )
    .unwrap();
    let moved = sh(&p, &lines[1], &[]);
    assert_eq!(moved.status.code(), Some(0), "{}", text(&moved));
    // The same words a second time are new.
    std::fs::write(
        &nft,
        format!(
            "{}  - 数字藏品交易\n",
            std::fs::read_to_string(&nft).unwrap()
        ),
    )
    .unwrap();
    let new = sh(&p, &lines[1], &[]);
    let out = text(&new);
    assert_eq!(new.status.code(), Some(1), "{out}");
    assert_eq!(out.matches("错误[XX0001]").count(), 1, "{out}");
}

#[test]
fn github_workflow_snippet() {
    let (_d, p) = project();
    let runs: Vec<String> = snippet("github-workflow")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- run: "))
        .filter(|l| l.starts_with("neglist "))
        .map(str::to_string)
        .collect();
    assert_eq!(runs.len(), 2);
    let actions = [("GITHUB_ACTIONS", "true"), ("GITHUB_WORKFLOW", "neglist")];
    let annotate = sh(&p, &runs[0], &actions);
    let out = String::from_utf8_lossy(&annotate.stdout);
    assert_eq!(annotate.status.code(), Some(1), "{out}");
    assert!(
        out.contains("::error file=filings/nft-studio.yaml,line=4,endLine=4,col=5"),
        "{out}"
    );
    let sarif = sh(&p, &runs[1], &actions);
    assert_eq!(sarif.status.code(), Some(0), "{}", text(&sarif));
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(p.join("neglist.sarif")).unwrap()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "XX0001"));
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "NL0304" && r["suppressions"][0]["kind"] == "inSource")
    );
}

#[test]
fn pre_commit_snippet_names_the_shipped_hooks() {
    let hooks = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    let config = snippet("pre-commit-config");
    for id in config
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id: "))
    {
        assert!(hooks.contains(&format!("- id: {id}\n")), "no hook `{id}`");
    }
    assert!(hooks.contains("entry: neglist check --force-exclude --\n"));
}

#[test]
fn editor_and_shell_snippets() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    // A fresh home: the commands create the folders.
    let home_env = [("HOME", home.to_str().unwrap())];
    for line in commands(&snippet("schema"))
        .into_iter()
        .chain(commands(&snippet("completions")))
    {
        let o = sh(home, &line, &home_env);
        assert!(o.status.success(), "{line}: {}", text(&o));
    }
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(home.join("filing.schema.json")).unwrap())
            .unwrap();
    assert!(schema["properties"]["name"].is_object());
    let completion =
        std::fs::read_to_string(home.join(".local/share/bash-completion/completions/neglist"))
            .unwrap();
    assert!(completion.contains("--force-exclude"));
    let man = std::fs::read_to_string(home.join(".local/share/man/man1/neglist.1")).unwrap();
    assert!(man.contains(".TH"));
    let check =
        std::fs::read_to_string(home.join(".local/share/man/man1/neglist-check.1")).unwrap();
    assert!(check.contains(".TH neglist-check"));
    // A filing starting with the language-server line is a filing like any other.
    std::fs::write(home.join("draft.yaml"), snippet("schema-line")).unwrap();
    let o = sh(home, "neglist check --format json draft.yaml", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // stdin, named.
    std::fs::write(
        home.join("draft.yaml"),
        "name: 某某比特币矿池有限公司\nbusiness_scope: [软件开发]\n",
    )
    .unwrap();
    let line = commands(&snippet("stdin")).remove(0);
    let o = sh(home, &line, &[]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["path"], "filings/new.yaml");
    assert_eq!(o.status.code(), Some(1));
}

/// The neglist command inside the Spark and Hadoop snippets (the quoted
/// string each engine runs per partition), fed NDJSON filings on stdin.
#[test]
fn spark_and_hadoop_map_step() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("part.ndjson"),
        "{\"name\":\"某某比特币矿池有限公司\"}\n{\"name\":\"某某软件有限公司\",\"business_scope\":[\"软件开发\"]}\n",
    )
    .unwrap();
    for name in ["spark", "hadoop"] {
        let body = snippet(name);
        let quoted = body
            .split('"')
            .find(|s| s.contains("neglist check"))
            .unwrap_or_else(|| panic!("no neglist command in the {name} snippet"));
        let command = quoted.replace("./neglist", "neglist");
        let o = sh(dir.path(), &format!("{command} < part.ndjson"), &[]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o));
        let lines: Vec<Value> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(
            lines
                .iter()
                .any(|l| l["type"] == "finding" && l["document"] == 0)
        );
        assert_eq!(lines.last().unwrap()["type"], "summary");
        assert_eq!(lines.last().unwrap()["summary"]["filings"], 2);
    }
}
