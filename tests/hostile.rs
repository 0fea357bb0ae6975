//! The hostile-input matrix, on the built binary: every bad input gets a
//! located diagnostic, the other files are still checked, the exit status is
//! 1 — never 0, never a panic, never a hang.

use serde_json::Value;

mod common;
use common::*;

#[test]
fn invalid_utf8() {
    let (dir, _) = with_hostile("bad.yaml", |p| {
        std::fs::write(p, b"name: \xff\xfe\xfd\x80 ok\n").unwrap()
    });
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    let m = unreadable_message(&v, "bad.yaml");
    assert!(
        m.contains("not valid UTF-8") && m.contains("offset 6"),
        "{m}"
    );
}

#[test]
fn gbk_file_refused_with_a_hint_and_read_with_encoding_gb18030() {
    // 某某比特币矿池有限公司 / [比特币挖矿] in GBK.
    let gbk: &[u8] = b"name: \xc4\xb3\xc4\xb3\xb1\xc8\xcc\xd8\xb1\xd2\xbf\xf3\xb3\xd8\xd3\xd0\xcf\xde\xb9\xab\xcb\xbe\nbusiness_scope: [\xb1\xc8\xcc\xd8\xb1\xd2\xcd\xda\xbf\xf3]\n";
    let (dir, p) = with_hostile("gbk.yaml", |p| std::fs::write(p, gbk).unwrap());
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(unreadable_message(&v, "gbk.yaml").contains("--encoding gb18030"));
    // Decoded: findings with offsets in the file's own (GBK) bytes and
    // character lines and columns.
    let (v, _) = run(dir.path(), &["--encoding", "gb18030"]);
    let path = p.to_string_lossy();
    let found: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == *path)
        .collect();
    assert_eq!(found.len(), 2, "{v}");
    for f in found {
        let (off, len) = (
            f["span"]["offset"].as_u64().unwrap() as usize,
            f["span"]["length"].as_u64().unwrap() as usize,
        );
        let (text, _, bad) = encoding_rs::GB18030.decode(&gbk[off..off + len]);
        assert!(!bad);
        assert_eq!(text, f["matched"].as_str().unwrap());
    }
    let name = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "NL0102")
        .unwrap();
    assert_eq!(name["span"]["line"], 1);
    assert_eq!(name["span"]["column"], 9);
}

#[test]
fn utf16_with_bom() {
    let (dir, _) = with_hostile("u16.yaml", |p| {
        let mut b = vec![0xFF, 0xFE];
        for u in "name: 某某公司\n".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        std::fs::write(p, b).unwrap()
    });
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(unreadable_message(&v, "u16.yaml").contains("UTF-16"));
}

#[test]
fn empty_file() {
    let (dir, _) = with_hostile("empty.yaml", |p| std::fs::write(p, "").unwrap());
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(unreadable_message(&v, "empty.yaml").contains("no YAML document"));
}

#[test]
fn document_that_is_a_scalar_or_a_list() {
    for (name, text) in [
        ("scalar.yaml", "just a sentence\n"),
        ("list.yaml", "- a\n- b\n"),
    ] {
        let (dir, _) = with_hostile(name, |p| std::fs::write(p, text).unwrap());
        let (v, code) = run(dir.path(), &[]);
        assert_eq!(code, 1);
        assert!(
            unreadable_message(&v, name).contains("not a mapping"),
            "{name}"
        );
    }
}

#[test]
fn duplicate_keys_are_an_error_not_last_wins() {
    let (dir, _) = with_hostile("dup.yaml", |p| {
        std::fs::write(
            p,
            "name: 某某公司\nbusiness_scope: [比特币挖矿]\nbusiness_scope: [软件开发]\n",
        )
        .unwrap()
    });
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    let m = unreadable_message(&v, "dup.yaml");
    assert!(m.contains("business_scope"), "{m}");
    let u = v["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["path"].as_str().unwrap().ends_with("dup.yaml"))
        .unwrap();
    assert_eq!(u["span"]["line"], 3);
}

#[test]
fn english_key_and_chinese_alias_together() {
    let (dir, _) = with_hostile("both.yaml", |p| {
        std::fs::write(p, "name: 甲公司\n企业名称: 乙公司\n").unwrap()
    });
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "NL0002")
        .unwrap();
    assert_eq!(f["matched"], "企业名称");
    assert_eq!(f["severity"], "error");
}

#[test]
fn anchors_and_aliases_and_a_billion_laughs() {
    // Ordinary aliases are followed: the aliased scope is checked.
    let (dir, _) = with_hostile("alias.yaml", |p| {
        std::fs::write(
            p,
            "x-scope: &s [比特币矿池运营]\nname: 某某公司\nbusiness_scope: *s\n",
        )
        .unwrap()
    });
    let (v, _) = run(dir.path(), &[]);
    assert!(
        v["findings"].as_array().unwrap().iter().any(|f| f["path"]
            .as_str()
            .unwrap()
            .ends_with("alias.yaml")
            && f["rule"] == "NL0101"),
        "{v}"
    );
    // A bomb small on disk is refused quickly.
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    bomb.push_str("name: x\n");
    assert!(bomb.len() < 1000);
    let (dir, _) = with_hostile("bomb.yaml", |p| std::fs::write(p, &bomb).unwrap());
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(unreadable_message(&v, "bomb.yaml").contains("billion laughs"));
}

#[test]
fn nesting_ten_thousand_levels_deep() {
    for (name, text) in [
        (
            "flow.yaml",
            format!("name: x\nk: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        // Compact nested block sequences: `- - - … x`.
        (
            "block.yaml",
            format!("name: x\nk:\n  {}x\n", "- ".repeat(10_000)),
        ),
    ] {
        let (dir, _) = with_hostile(name, |p| std::fs::write(p, &text).unwrap());
        let (v, code) = run(dir.path(), &[]);
        assert_eq!(code, 1);
        let m = unreadable_message(&v, name);
        assert!(
            m.contains("deeper") || m.contains("recursion"),
            "{name}: {m}"
        );
    }
}

#[test]
fn fifty_megabyte_file_over_the_limit() {
    let (dir, _) = with_hostile("big.yaml", |p| {
        let f = std::fs::File::create(p).unwrap();
        f.set_len(50 * 1024 * 1024).unwrap(); // sparse: cheap to make
    });
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    let m = unreadable_message(&v, "big.yaml");
    assert!(m.contains("limit") && m.contains("--max-file-size"), "{m}");
}

#[test]
fn five_megabyte_scope_string_is_checked_in_linear_time() {
    // 5 MB on one line, with 20 000 violations in it: every one reported,
    // each at its own column (a quadratic span computation would not
    // finish before the timeout).
    let mut scope = "软件开发；".repeat(340_000);
    scope.push_str(&"比特币挖矿；".repeat(20_000));
    let text = format!("name: 某某公司\nbusiness_scope: \"{scope}\"\n");
    assert!(text.len() > 5_000_000);
    let (dir, _) = with_hostile("long.yaml", |p| std::fs::write(p, &text).unwrap());
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    let found: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with("long.yaml"))
        .collect();
    assert_eq!(found.len(), 20_000);
    let last = found.last().unwrap();
    let off = last["span"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(&text[off..off + "比特币挖矿".len()], "比特币挖矿");
    let col = text[..off].rsplit('\n').next().unwrap().chars().count() + 1;
    assert_eq!(last["span"]["column"].as_u64().unwrap() as usize, col);
}

/// Hostile 2026-12 R3e: n list items, each with its own waiver comment,
/// were placed in n² steps (3.8 MB: 112 s). 20 000 of them, after the value
/// and on the line above it, are all applied; the one item without a
/// waiver is still reported.
#[test]
fn twenty_thousand_waiver_comments_are_all_applied() {
    let mut text = String::from("name: 某某科技有限公司\nbusiness_scope:\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "  - 矿机托管{i}  # neglist: allow NL0101 -- 批复{i}\n"
        ));
        text.push_str(&format!(
            "  # neglist: allow NL0101 -- 批复b{i}\n  - 矿机托管b{i}\n"
        ));
    }
    text.push_str("  - 矿机托管（未豁免）\n");
    let (dir, _) = with_hostile("waivers.yaml", |p| std::fs::write(p, &text).unwrap());
    // (Not `run`: its SARIF count leaves out suppressed results.)
    let out = neglist()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["summary"]["waived"], 20_000, "{}", v["summary"]);
    let left: Vec<&Value> = findings_in(&v, "waivers.yaml");
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0]["span"]["line"], 30_003);
    // Each waiver covers its own item: the reason names it.
    let waived = v["waived"].as_array().unwrap();
    for w in waived.iter().step_by(997) {
        let line = w["span"]["line"].as_u64().unwrap() - 3;
        let (i, own_line) = (line / 3, line % 3 == 2);
        let reason = if own_line {
            format!("批复b{i}")
        } else {
            format!("批复{i}")
        };
        assert_eq!(w["waiver"]["reason"], reason.as_str(), "{w}");
    }
}

#[test]
fn binary_file_named_yaml() {
    let (dir, _) = with_hostile("image.yaml", |p| {
        std::fs::write(p, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap()
    });
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(unreadable_message(&v, "image.yaml").contains("binary"));
}

#[cfg(unix)]
#[test]
fn directory_symlink_loop() {
    let (dir, _) = with_hostile("sub", |p| {
        std::fs::create_dir(p).unwrap();
        std::os::unix::fs::symlink(p, p.join("loop")).unwrap();
    });
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(unreadable_message(&v, "loop").contains("symlink loop"));
}

#[cfg(unix)]
#[test]
fn file_gone_during_the_walk() {
    // A dangling link is what the walk meets when a file is deleted after
    // its directory was listed: reported, not skipped.
    let (dir, _) = with_hostile("gone.yaml", |p| {
        std::os::unix::fs::symlink(p.with_file_name("deleted.yaml"), p).unwrap();
    });
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    let m = unreadable_message(&v, "gone.yaml");
    assert!(m.contains("No such file"), "{m}");
}

#[cfg(unix)]
#[test]
fn path_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zz-good.yaml"), GOOD).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff-name.yaml");
    std::fs::write(dir.path().join(name), GOOD).unwrap();
    let (v, code) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.contains("bad-\u{fffd}-name.yaml")),
        "{paths:?}"
    );
}

/// Hostile 2026-12 row 16: invisible characters in file names and key
/// names are shown escaped in the text formats (`a\u{200b}.yaml` must not
/// read as `a.yaml`); JSON keeps the real name, as data.
#[test]
fn invisible_characters_in_names_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a.yaml"),
        "name: 某某科技有限公司\nbusiness_scope: [软件开发]\n",
    )
    .unwrap();
    std::fs::write(d.join("a\u{200b}.yaml"), GOOD).unwrap();
    std::fs::write(d.join("l\u{2028}.yaml"), GOOD).unwrap();
    std::fs::write(
        d.join("k.yaml"),
        "name: 某某科技有限公司\nbusiness_scope: [软件开发]\n\"business_scope\\u200b\\uFEFF\": [x]\n",
    )
    .unwrap();
    for format in ["concise", "github", "human"] {
        let out = neglist()
            .args(["check", "--no-config", "--format", format])
            .arg(d)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8(out.stdout).unwrap();
        for raw in ['\u{200b}', '\u{2028}', '\u{feff}'] {
            assert!(!text.contains(raw), "{format}: raw {raw:?} in {text}");
        }
        for shown in [
            "a\\u{200b}.yaml",
            "l\\u{2028}.yaml",
            "business_scope\\u{200b}\\u{feff}",
        ] {
            assert!(text.contains(shown), "{format}: no {shown} in {text}");
        }
    }
    let out = neglist()
        .args(["check", "--no-config", "--format", "json"])
        .arg(d)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!findings_in(&v, "a\u{200b}.yaml").is_empty(), "{v}");
    assert!(!findings_in(&v, "l\u{2028}.yaml").is_empty(), "{v}");
}

/// Inputs that once crashed a fuzz target (`tests/fuzz-regressions/`): each
/// is read without a panic, in both report formats.
#[test]
fn fuzz_regressions() {
    let mut n = 0;
    for entry in std::fs::read_dir("tests/fuzz-regressions").unwrap() {
        let p = entry.unwrap().path();
        n += 1;
        for format in ["json", "human", "concise", "sarif", "github"] {
            let out = neglist()
                .args(["check", "--format", format])
                .arg(&p)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "{}: {stderr}", p.display());
            assert!(matches!(out.status.code(), Some(0 | 1)), "{}", p.display());
        }
    }
    assert!(n > 0);
}

/// A lone CR is a YAML line break: lines are counted the way the YAML
/// parser counts them, so spans land on the right words.
#[test]
fn lone_carriage_returns_are_line_breaks() {
    let (dir, p) = with_hostile("cr.yaml", |p| {
        std::fs::write(
            p,
            "name: 某某公司\rfiled_on: 2026-11-28\rbusiness_scope: [比特币挖矿]\r",
        )
        .unwrap()
    });
    let (v, _) = run(dir.path(), &[]);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == *p.to_string_lossy() && f["rule"] == "NL0101")
        .expect("the scope on the third line is checked");
    assert_eq!(f["span"]["line"], 3);
    assert_eq!(f["span"]["column"], 18);
    let text = std::fs::read_to_string(&p).unwrap();
    let off = f["span"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(&text[off..off + "比特币挖矿".len()], "比特币挖矿");
}
