//! The reports an officer reads, in both languages: by default Chinese,
//! with no English label left (`error`, `help:`, `basis:` …); with `--lang
//! en` (or NEGLIST_LANG, or `lang` in neglist.toml) English, with no
//! Chinese outside the filing's own text (the source lines, the words
//! quoted from it, a waiver's reason) and the citations of the law.

use assert_cmd::Command;
use std::path::Path;

fn neglist(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("neglist").unwrap();
    c.current_dir(dir)
        .env("NEGLIST_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .env_remove("NEGLIST_LANG")
        .env_remove("GITHUB_ACTIONS");
    c
}

/// Filings that make every kind of line: rule findings (one under a
/// negation, one an existing registration), loader findings (unknown key,
/// bad date, missing scope), a waived finding, an unused waiver, and an
/// unreadable file.
fn fixture() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for f in [
        "02-refused-mining-company.yaml",
        "06-multi-document.yaml",
        "09-bad-uscc.yaml",
        "12-broken.yaml",
        "14-finance-words-refused.yaml",
        "16-data-quality.yaml",
    ] {
        std::fs::copy(Path::new("examples/filings").join(f), d.path().join(f)).unwrap();
    }
    std::fs::write(
        d.path().join("w1.yaml"),
        "name: 某某科技有限公司\nbusiness_scope: [虚拟货币挖矿]  # neglist: allow NL0101, NL0211 -- 批复1号\nregion: \"110105\"  # neglist: allow NL0101 -- 无关\n",
    )
    .unwrap();
    // The fields of a business licence, checked by type: capital in
    // Chinese numerals, a head count, a USCC in lower case.
    std::fs::write(
        d.path().join("x1.yaml"),
        "uscc: 91110000802100433b\nname: 某某二公司\n注册资本: 壹拾拾万元\n从业人数: 很多\n营业期限: 2019年4月2日至长期\nbusiness_scope: [软件开发]\n",
    )
    .unwrap();
    d
}

fn run(dir: &Path, format: &str, lang: &[&str]) -> String {
    let out = neglist(dir)
        .args(["check", "--no-config", "--show-waived", "--format", format])
        .args(lang)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{format} {lang:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Lines of a report that are the tool's own words: not the filing's
/// source lines (` 8 │ …`) and not the underline rows.
fn own_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.contains(" │ ") && !l.trim_start().starts_with('·'))
}

const LABELS: &[&str] = &[
    "error",
    "warning",
    "note",
    "help",
    "basis",
    "fix",
    "see",
    "waived",
    "unreadable",
    "checked",
    "as of",
    "could not",
];

fn has_word(line: &str, word: &str) -> bool {
    let lower = line.to_lowercase();
    lower.match_indices(word).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    })
}

#[test]
fn the_chinese_reports_have_no_english_labels() {
    let d = fixture();
    for format in ["human", "concise", "github"] {
        let text = run(d.path(), format, &[]);
        assert!(text.contains("NL0101"), "{format}: {text}");
        for line in own_lines(&text) {
            // A workflow command's keyword (`::error file=…::`) is GitHub's.
            let line = match line.strip_prefix("::") {
                Some(rest) => rest.split_once("::").map_or(rest, |(_, m)| m),
                None => line,
            };
            // The path at the head of a line is the user's.
            let line = line.strip_prefix("./").unwrap_or(line);
            let line = line.split_once(".yaml").map_or(line, |(_, rest)| rest);
            for w in LABELS {
                assert!(
                    !has_word(line, w),
                    "{format}: English `{w}` in: {line}\n{text}"
                );
            }
        }
        assert!(
            text.contains("检查 ") || text.contains("neglist："),
            "{format}: no Chinese summary\n{text}"
        );
    }
    let human = run(d.path(), "human", &[]);
    for label in [
        "错误",
        "警告",
        "依据：",
        "整改：",
        "详见：",
        "已豁免",
        "无法读取",
    ] {
        assert!(human.contains(label), "no {label}\n{human}");
    }
    // Loader and waiver messages are Chinese too.
    for m in [
        "未知的键",
        "不是存在的日期",
        "重复的键",
        "申报没有经营范围",
        "没有覆盖任何问题",
    ] {
        assert!(human.contains(m), "no {m}\n{human}");
    }
}

fn is_cjk(c: char) -> bool {
    neglist::lang::is_cjk(c)
}

/// Removes what may be Chinese in an English report: words quoted from
/// the filing (“…”), code and keys (`…`), titles of the law (《…》).
/// `close` carries an open quote over to the next line (a message wrapped
/// inside a quote).
fn without_quoted(line: &str, close: &mut Option<char>) -> String {
    let mut out = String::new();
    for c in line.chars() {
        match close {
            Some(x) if c == *x => *close = None,
            Some(_) => {}
            None => match c {
                '“' => *close = Some('”'),
                '`' => *close = Some('`'),
                '《' => *close = Some('》'),
                c => out.push(c),
            },
        }
    }
    out
}

#[test]
fn the_english_reports_have_no_chinese_of_their_own() {
    let d = fixture();
    for format in ["human", "concise", "github"] {
        let text = run(d.path(), format, &["--lang", "en"]);
        // The footer entry a line belongs to (its continuation lines are
        // indented under it): citations and waivers hold the law's and the
        // filing's words, and a fix names the Chinese words to write or to
        // avoid (`某某矿业` is fine, `比特币矿业` is not).
        let mut entry = "";
        let mut quote = None;
        for line in own_lines(&text) {
            if !line.starts_with(' ') {
                quote = None;
            }
            let t = line.trim_start();
            if let Some((label, _)) = t.split_once(": ")
                && line.starts_with("  ")
                && ["basis", "fix", "see", "waiver"].contains(&label)
            {
                entry = if label != "see" { "law or filing" } else { "" };
            } else if !line.starts_with("       ") {
                entry = "";
            }
            if entry == "law or filing" {
                continue;
            }
            // A waiver's reason (concise, GitHub) is the filing's words.
            let own = match line.split_once("waived at ") {
                Some((head, _)) => head.to_string(),
                None => line.to_string(),
            };
            let rest = without_quoted(&own, &mut quote);
            assert!(
                !rest.chars().any(is_cjk),
                "{format}: Chinese outside the filing's words and the law's titles: {line}\n{text}"
            );
        }
        assert!(text.contains("error"), "{format}: {text}");
    }
}

#[test]
fn the_language_comes_from_the_flag_the_environment_or_the_configuration() {
    let d = fixture();
    let concise = |cmd: &mut Command| {
        let out = cmd
            .args([
                "check",
                "--format",
                "concise",
                "02-refused-mining-company.yaml",
            ])
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
            out.status.code(),
        )
    };
    let (zh, _, _) = concise(&mut neglist(d.path()));
    assert!(zh.contains("错误[NL0101]"), "{zh}");
    std::fs::write(d.path().join("neglist.toml"), "lang = \"en\"\n").unwrap();
    let (en, _, _) = concise(&mut neglist(d.path()));
    assert!(en.contains("error[NL0101]"), "{en}");
    // The environment before the configuration; the flag before both.
    let (zh, _, _) = concise(neglist(d.path()).env("NEGLIST_LANG", "zh_CN.UTF-8"));
    assert!(zh.contains("错误[NL0101]"), "{zh}");
    let (en, _, _) = concise(
        neglist(d.path())
            .env("NEGLIST_LANG", "zh")
            .args(["--lang", "en"]),
    );
    assert!(en.contains("error[NL0101]"), "{en}");
    // A language neglist does not speak is an error, not a silent default.
    let (_, err, code) = concise(neglist(d.path()).env("NEGLIST_LANG", "fr"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("NEGLIST_LANG"), "{err}");
    std::fs::write(d.path().join("neglist.toml"), "lang = \"fr\"\n").unwrap();
    let (_, err, code) = concise(&mut neglist(d.path()));
    assert_eq!(code, Some(2), "{err}");
    // The configuration's own diagnostic is Chinese (its language is not
    // known yet: the default).
    assert!(
        err.contains("错误") && err.contains("unknown language") || err.contains("fr"),
        "{err}"
    );
}

#[test]
fn machine_formats_do_not_follow_the_language() {
    let d = fixture();
    let json = |lang: &str| {
        let out = neglist(d.path())
            .args([
                "check",
                "--no-config",
                "--format",
                "json",
                "--lang",
                lang,
                ".",
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(json("zh"), json("en"));
}

/// `classify`'s table speaks the report language: with `--lang en` its
/// own words (headings, classes, sections, the count) are English; the
/// items and the catalogue's entries, licences and measures are the
/// filing's and the law's words.
#[test]
fn the_classify_table_follows_the_language() {
    let d = tempfile::tempdir().unwrap();
    let out = neglist(d.path())
        .args([
            "--lang",
            "en",
            "classify",
            "--scope",
            "一般项目：软件开发；许可项目：保安服务",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].contains("item") && lines[1].contains("licence or filing"),
        "{text}"
    );
    assert!(!lines[1].chars().any(is_cjk), "{text}");
    assert!(text.contains("2 items: 1 prior"), "{text}");
    let zh = neglist(d.path())
        .args(["classify", "--scope", "一般项目：软件开发"])
        .output()
        .unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(zh.contains("合计 1 条") && !zh.contains("items:"), "{zh}");
}
