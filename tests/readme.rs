//! The README's and the manual's snippets, taken from README.md and the
//! book's chapters (docs/, listed in docs/SUMMARY.md) as they stand and run
//! on the built binary: a snippet that stops working fails here.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The book's chapters, in the order docs/SUMMARY.md lists them.
fn chapters() -> Vec<PathBuf> {
    let summary = std::fs::read_to_string("docs/SUMMARY.md").unwrap();
    summary
        .split("](")
        .skip(1)
        .map(|rest| Path::new("docs").join(&rest[..rest.find(')').unwrap()]))
        .collect()
}

/// README.md and the book's chapters: where snippets live.
fn documents() -> Vec<PathBuf> {
    let mut docs = vec![PathBuf::from("README.md")];
    docs.extend(chapters());
    docs
}

const MARKER: &str = "<!-- snippet: ";

/// Every snippet marker's name in README.md and the book, with its file.
fn markers() -> Vec<(String, PathBuf)> {
    let mut all = vec![];
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        for part in text.split(MARKER).skip(1) {
            all.push((part[..part.find(" -->").unwrap()].to_string(), doc.clone()));
        }
    }
    all
}

/// The code block after `<!-- snippet: NAME -->` in README.md or a chapter
/// of the book; a name must mark exactly one block.
fn snippet(name: &str) -> String {
    let marker = format!("{MARKER}{name} -->");
    let found: Vec<(PathBuf, String)> = documents()
        .into_iter()
        .map(|d| {
            let text = std::fs::read_to_string(&d).unwrap();
            (d, text)
        })
        .filter(|(_, text)| text.contains(&marker))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "snippet `{name}` must be in exactly one of README.md and the book's chapters: {:?}",
        found.iter().map(|(d, _)| d).collect::<Vec<_>>()
    );
    let (doc, text) = &found[0];
    assert_eq!(
        text.matches(&marker).count(),
        1,
        "{}: `{name}` twice",
        doc.display()
    );
    let rest = &text[text.find(&marker).unwrap() + marker.len()..];
    // The block follows the marker at once (blank lines aside).
    let open = rest.find("```").unwrap();
    assert!(
        rest[..open].trim().is_empty(),
        "{}: text between `{name}` and its block",
        doc.display()
    );
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

/// Every snippet marker in README.md and the book, each once. Each is run or
/// compared by a test in this file (`spark` also by tests/spark.rs on a
/// real Spark): a marker added without a test, or a test whose marker was
/// removed, fails here.
const TESTED: &[&str] = &[
    "baseline",
    "completions",
    "first-run",
    "github-workflow",
    "hadoop",
    "headline-report",
    "neglist-toml",
    "pre-commit-config",
    "project-run",
    "rule-case",
    "rule-commands",
    "rule-file",
    "schema",
    "schema-line",
    "spark",
    "stdin",
    "waiver-comment",
    "waivers-file",
];

#[test]
fn every_snippet_has_its_test() {
    let mut found: Vec<String> = markers().into_iter().map(|(name, _)| name).collect();
    found.sort();
    assert_eq!(found, TESTED, "{:?}", markers());
}

/// The README's first block: the two commands a fresh checkout runs. The
/// first is run here (the built binary for `cargo run --release --`); the
/// second is the one .ci/run runs.
#[test]
fn readme_first_commands() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let block = &readme[readme.find("```sh\n").unwrap() + "```sh\n".len()..];
    let lines = commands(&block[..block.find("```").unwrap()]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let check = lines[0]
        .strip_prefix("cargo run --release -- ")
        .unwrap_or_else(|| panic!("the first command changed: {}", lines[0]));
    let o = sh(Path::new("."), &format!("neglist {check}"), &[]);
    let out = text(&o);
    // Violations and one deliberately broken file: exit 1.
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("examples/filings/03-registration-format-scope.yaml:8:57: 错误[NL0101]"),
        "{out}"
    );
    assert!(out.contains("1 个无法读取"), "{out}");
    assert!(lines[1].starts_with("cargo test "), "{}", lines[1]);
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(ci.contains("\ncargo test --locked\n"), "{ci}");
}

/// The finding the README shows is what the command it names prints.
#[test]
fn headline_report_is_real_output() {
    let command = "neglist check --format human --as-of 2021-11-03 \
                   examples/filings/03-registration-format-scope.yaml";
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains(&format!("`{command}`")),
        "the README names another command"
    );
    let o = sh(Path::new("."), command, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let report = String::from_utf8(o.stdout).unwrap();
    let block = snippet("headline-report");
    assert!(
        report.starts_with(&block),
        "the README's block:\n{block}\nthe real output:\n{report}"
    );
    // What follows is the summary line alone.
    assert_eq!(report[block.len()..].trim().lines().count(), 1, "{report}");
}

/// The README's first run, from the top of a checkout (a copy of
/// examples/filings in a scratch directory, so the reports land there).
#[test]
fn first_run_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(
        Path::new("examples/filings"),
        &root.join("examples/filings"),
    );
    let lines = commands(&snippet("first-run"));
    let expect = [
        "neglist check examples/filings ",
        "neglist check --format json examples/filings > report.json ",
        "neglist check --format html examples/filings > report.html ",
        "neglist explain NL0101 ",
        "neglist explain 1283号 ",
        "neglist classify --scope ",
        "neglist rules ",
    ];
    assert_eq!(lines.len(), expect.len(), "{lines:?}");
    for (line, start) in lines.iter().zip(expect) {
        assert!(
            line.starts_with(start),
            "`{line}` changed: update this test"
        );
    }
    let run = |i: usize| {
        let o = sh(root, &lines[i], &[]);
        let out = text(&o);
        (o.status.code(), out)
    };
    let (code, out) = run(0);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("03-registration-format-scope.yaml:8:57: 错误[NL0101]"),
        "{out}"
    );

    let (code, out) = run(1);
    assert_eq!(code, Some(1), "{out}");
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("report.json")).unwrap()).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["rule"] == "NL0101"), "{v}");
    assert_eq!(v["unreadable"].as_array().unwrap().len(), 1, "{v}");

    let (code, out) = run(2);
    assert_eq!(code, Some(1), "{out}");
    let html = std::fs::read_to_string(root.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("NL0101"));

    let (code, out) = run(3);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("# NL0101 vc-mining-in-scope"), "{out}");

    let (code, out) = run(4);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("发改运行〔2021〕1283号") && out.contains("NL0101"),
        "{out}"
    );

    let (code, out) = run(5);
    assert_eq!(code, Some(0), "{out}");
    // 餐饮服务 is catalogue entry H2002, a licensed (许可) line.
    assert!(out.contains("H2002") && out.contains("许可"), "{out}");

    let (code, out) = run(6);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("NL0101") && out.contains("NL0705"), "{out}");
}

/// The book as mdBook reads it: every chapter SUMMARY.md lists exists and
/// every Markdown file in docs/ is a chapter; every relative link in the
/// README and the book names a file that exists (the pages are read on the
/// forge as well as built, and mdBook does not check links).
#[test]
fn book_chapters_and_links() {
    let chapters = chapters();
    for ch in &chapters {
        assert!(
            ch.is_file(),
            "SUMMARY.md lists {}, which is missing",
            ch.display()
        );
    }
    for e in std::fs::read_dir("docs").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") && !p.ends_with("SUMMARY.md") {
            assert!(
                chapters.contains(&p),
                "{} is not in SUMMARY.md",
                p.display()
            );
        }
    }
    assert!(Path::new("docs/book.toml").is_file());
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        let base = doc.parent().unwrap();
        for rest in text.split("](").skip(1) {
            let target = &rest[..rest.find(')').unwrap()];
            let file = target.split('#').next().unwrap();
            if file.is_empty() || file.contains("://") {
                continue;
            }
            assert!(
                base.join(file).exists(),
                "{}: link to {target}, which does not exist",
                doc.display()
            );
            // A chapter's link out of docs/ works on the forge but not in
            // the built book.
            assert!(
                doc.starts_with("README.md") || !file.starts_with("../"),
                "{}: link to {target}, outside the book",
                doc.display()
            );
        }
    }
}

/// The rules chapter: its two commands with its rule file saved as
/// `my.rules` beside a copy of the project's filings, and its rule test
/// case, as `tests/rules/` of a checkout (its filing path is relative).
#[test]
fn rule_commands_and_case_snippets() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("my.rules"), snippet("rule-file")).unwrap();
    copy_dir(Path::new("examples/project/filings"), &root.join("filings"));
    let lines = commands(&snippet("rule-commands"));
    assert_eq!(lines.len(), 2, "{lines:?}");
    let test = sh(root, &lines[0], &[]);
    let out = text(&test);
    assert_eq!(test.status.code(), Some(0), "{out}");
    assert!(
        out.contains("test XX0001 nft-in-scope example deny #1 ... ok")
            && out.contains("test XX0001 nft-in-scope example allow #1 ... ok"),
        "{out}"
    );
    let check = sh(root, &lines[1], &[]);
    let out = text(&check);
    assert!(
        out.contains("filings/nft-studio.yaml:4:5: 警告[XX0001] “数字藏品”需人工复核"),
        "{out}"
    );

    let case = snippet("rule-case");
    std::fs::create_dir_all(root.join("tests/rules")).unwrap();
    std::fs::write(root.join("tests/rules/case.yaml"), &case).unwrap();
    copy_dir(
        Path::new("examples/filings"),
        &root.join("examples/filings"),
    );
    let run = sh(root, "neglist test tests/rules/", &[]);
    let out = text(&run);
    assert_eq!(run.status.code(), Some(0), "{out}");
    assert!(
        out.contains("test case 稳定币 is a banned word since 银发〔2026〕42号 ... ok"),
        "{out}"
    );
    // The same case expecting the opposite fails: the case is really run.
    std::fs::write(
        root.join("tests/rules/case.yaml"),
        case.replacen("expect: deny", "expect: allow", 1),
    )
    .unwrap();
    let run = sh(root, "neglist test tests/rules/", &[]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
}
