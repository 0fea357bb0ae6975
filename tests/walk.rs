//! Walking directories as ripgrep does: hidden and git-ignored files are
//! skipped unless asked for, named paths are always checked, the summary
//! says how many were skipped, and errors met while walking are reported
//! without stopping the walk.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

const CLEAN: &str = "name: 某某科技有限公司\nbusiness_scope: [软件开发]\n";
const MINING: &str = "name: 某某科技有限公司\nbusiness_scope: [虚拟货币挖矿]\n";

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A registry repository: filings, plus what a repository holds besides
/// them (CI, pre-commit, ignored files). A `.git` directory makes it a git
/// repository for `.gitignore`, as for ripgrep.
fn registry() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::create_dir(p.join(".git")).unwrap();
    write(p, "filings/a.yaml", CLEAN);
    write(p, "filings/b.yml", CLEAN);
    write(p, ".pre-commit-config.yaml", "repos: []\n");
    write(p, ".github/workflows/ci.yml", "name: ci\non: push\n");
    write(p, ".gitignore", "/out/\n*.tmp.yaml\n");
    write(p, "out/report.yaml", MINING);
    write(p, "filings/draft.tmp.yaml", MINING);
    write(p, "filings/.hidden.yaml", MINING);
    d
}

fn paths_of(v: &Value) -> Vec<String> {
    let mut p: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["unreadable"].as_array().unwrap())
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    p.dedup();
    p
}

/// A registry too large for the hook's path (more than 32 files): the
/// skipped filings are counted on a thread beside the check, and the
/// count is the same.
#[test]
fn a_batch_walk_counts_what_it_skipped_too() {
    let d = registry();
    for i in 0..40 {
        write(d.path(), &format!("filings/many/{i:02}.yaml"), CLEAN);
    }
    let (v, code) = json_check(&[], d.path());
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["summary"]["files"], 42, "{v}");
    assert_eq!(v["summary"]["skipped"], 5, "{v}");
    let (v, _) = json_check(&["--hidden"], d.path());
    assert_eq!(v["summary"]["skipped"], 2, "{v}");
    let (v, _) = json_check(&["--hidden", "--no-ignore"], d.path());
    assert!(v["summary"].get("skipped").is_none(), "{v}");
}

#[test]
fn hidden_and_ignored_files_are_skipped_and_counted() {
    let d = registry();
    let (v, code) = json_check(&[], d.path());
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["summary"]["files"], 2, "{v}");
    assert_eq!(v["summary"]["skipped"], 5, "{v}");
    assert!(paths_of(&v).is_empty(), "{v}");

    // The human and concise summaries say so, in Chinese.
    for format in ["concise", "human"] {
        let out = neglist()
            .args(["check", "--no-config", "--format", format])
            .arg(d.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("已跳过 5 个隐藏或被忽略的文件"),
            "{format}: {text}"
        );
    }

    // --hidden: hidden files too (but not the ignored ones).
    let (v, _) = json_check(&["--hidden"], d.path());
    assert_eq!(v["summary"]["files"], 5, "{v}");
    assert_eq!(v["summary"]["skipped"], 2, "{v}");
    let p = paths_of(&v);
    assert!(
        p.iter().any(|p| p.ends_with(".pre-commit-config.yaml"))
            && p.iter().any(|p| p.ends_with("ci.yml"))
            && p.iter().any(|p| p.ends_with(".hidden.yaml")),
        "{p:?}"
    );
    // --no-ignore: ignored files too (but not the hidden ones).
    let (v, code) = json_check(&["--no-ignore"], d.path());
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["files"], 4, "{v}");
    assert_eq!(v["summary"]["skipped"], 3, "{v}");
    // Both: everything, nothing skipped (the key is left out at 0).
    let (v, _) = json_check(&["--hidden", "--no-ignore"], d.path());
    assert_eq!(v["summary"]["files"], 7, "{v}");
    assert!(v["summary"].get("skipped").is_none(), "{v}");
}

#[test]
fn named_paths_are_always_checked() {
    let d = registry();
    let p = d.path();
    let out = neglist()
        .args(["check", "--no-config", "--format", "json"])
        .arg(p.join(".pre-commit-config.yaml"))
        .arg(p.join("out/report.yaml"))
        .arg(p.join("filings/.hidden.yaml"))
        .arg(p.join(".github"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 4, "{v}");
    assert_eq!(out.status.code(), Some(1));
    // An ignored directory named is walked too.
    let (v, code) = json_check(&[], &p.join("out"));
    assert_eq!((code, v["summary"]["files"].clone()), (1, 1.into()), "{v}");
    assert!(v["summary"].get("skipped").is_none(), "{v}");
}

#[test]
fn ignore_files_outside_git_s_rules_are_not_read() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, "a.yaml", CLEAN);
    write(p, "b.yaml", MINING);
    write(p, "c.yaml", MINING);
    write(p, ".gitignore", "b.yaml\n");
    write(p, ".ignore", "c.yaml\n");
    let (v, _) = json_check(&[], p);
    // (.gitignore only in a git repository, as git and ripgrep read it;
    // ripgrep's own `.ignore` never: a filer could plant one, `*`, to hide
    // every filing from a walk — a hostile run did.)
    assert_eq!(v["summary"]["files"], 3, "{v}");
    assert!(v["summary"].get("skipped").is_none(), "{v}");
}

#[cfg(unix)]
#[test]
fn errors_while_walking_are_reported_and_the_rest_is_checked() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, "a.yaml", MINING);
    write(p, "sub/z.yaml", CLEAN);
    std::os::unix::fs::symlink(p.join("gone.yaml"), p.join("broken.yaml")).unwrap();
    std::os::unix::fs::symlink(p.join("missing-dir"), p.join("broken-dir")).unwrap();
    std::os::unix::fs::symlink(p, p.join("sub/loop")).unwrap();
    let (v, code) = json_check(&[], p);
    assert_eq!(code, 1, "{v}");
    let unreadable: Vec<(String, String)> = v["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["path"].as_str().unwrap().to_string(),
                u["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let find = |name: &str| {
        unreadable
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in {unreadable:?}"))
            .1
            .clone()
    };
    assert!(
        find("broken.yaml").contains("broken symlink"),
        "{unreadable:?}"
    );
    assert!(
        find("broken-dir").contains("broken symlink"),
        "{unreadable:?}"
    );
    assert!(find("loop").contains("symlink loop"), "{unreadable:?}");
    // The other files are still checked, in path order.
    assert_eq!(v["summary"]["filings"], 2, "{v}");
    assert_eq!(
        v["findings"][0]["path"].as_str().unwrap(),
        p.join("a.yaml").to_str().unwrap()
    );
    // Even with --exit-zero off and nothing wrong in the filings, a walk
    // error fails the run.
    std::fs::remove_file(p.join("a.yaml")).unwrap();
    let (_, code) = json_check(&[], p);
    assert_eq!(code, 1);
}

#[test]
fn files_are_listed_in_path_order() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    for name in ["a0.yaml", "a/b.yaml", "a.yaml", "B.yaml", "a/a.yml"] {
        write(p, name, MINING);
    }
    let (v, _) = json_check(&[], p);
    let got: Vec<String> = paths_of(&v)
        .iter()
        .map(|s| {
            Path::new(s)
                .strip_prefix(p)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(got, ["B.yaml", "a.yaml", "a/a.yml", "a/b.yaml", "a0.yaml"]);
}

/// The configuration's `exclude` globs still apply, together with the
/// ignore files, and an excluded file is not counted as skipped.
#[test]
fn exclude_globs_still_apply() {
    let d = registry();
    let p = d.path();
    write(p, "neglist.toml", "exclude = [\"filings/b.yml\"]\n");
    let out = neglist()
        .current_dir(p)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 1, "{v}");
    assert_eq!(v["summary"]["skipped"], 5, "{v}");
}

/// A walk that skipped filings and checked none is no clean run (a
/// hostile run hid every filing and got exit 0).
#[test]
fn a_walk_that_checked_nothing_but_skipped_files_fails() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, ".hidden.yaml", MINING);
    let (v, code) = json_check(&[], p);
    assert_eq!(v["summary"]["files"], 0, "{v}");
    assert_eq!(v["summary"]["skipped"], 1, "{v}");
    assert_eq!(code, 1, "{v}");
    // With nothing skipped, an empty folder is what it was.
    let e = tempfile::tempdir().unwrap();
    let (_, code) = json_check(&[], e.path());
    assert_eq!(code, 0);
}
