//! Reports of many findings, on the built binary: each block of the human
//! report shows the right lines however far into the file it is, and each
//! finding's help is its own (a waived one keeps its waiver).

use serde_json::Value;

mod common;
use common::*;

/// `n` scope items, one a line, every third a prohibited one.
fn many_lines(n: usize) -> String {
    let mut s = String::from("name: 某某科技有限公司\nbusiness_scope:\n");
    for i in 0..n {
        if i % 3 == 0 {
            s.push_str(&format!("  - 矿机托管{i}\n"));
        } else {
            s.push_str(&format!("  - 软件开发{i}\n"));
        }
    }
    s
}

#[test]
fn every_block_shows_its_own_line_and_the_lines_around_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("many.yaml");
    std::fs::write(&p, many_lines(3000)).unwrap();
    let out = neglist()
        .args(["check", "--no-config", "--format", "human"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let blocks: Vec<&str> = text
        .split("\n\n")
        .filter(|b| b.contains("NL0101"))
        .collect();
    assert_eq!(blocks.len(), 1000, "{}", &text[..2000.min(text.len())]);
    for (k, b) in blocks.iter().enumerate() {
        let i = 3 * k;
        let line = i + 3;
        assert!(b.contains(&format!(":{line}:5: 错误 NL0101")), "{b}");
        // The gutter numbers the line and its context lines as the file does.
        assert!(b.contains(&format!("{line} │   - 矿机托管{i}\n")), "{b}");
        if i > 0 {
            assert!(
                b.contains(&format!("{} │   - 软件开发{}\n", line - 1, i - 1)),
                "{b}"
            );
        }
        if i + 1 < 3000 {
            assert!(
                b.contains(&format!("{} │   - 软件开发{}\n", line + 1, i + 1)),
                "{b}"
            );
        }
        assert!(b.contains("详见：neglist explain NL0101"), "{b}");
        assert!(!b.contains("已豁免") && !b.contains("豁免："), "{b}");
    }
}

#[test]
fn a_waived_block_keeps_its_waiver_among_blocks_of_the_same_rule() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("w.yaml");
    std::fs::write(
        &p,
        "name: 某某科技有限公司\nbusiness_scope:\n  - 矿机托管\n  - 矿机托管  # neglist: allow NL0101 -- 已批复\n  - 矿机托管\n",
    )
    .unwrap();
    let out = neglist()
        .args(["check", "--no-config", "--format", "human", "--show-waived"])
        .arg(&p)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let blocks: Vec<&str> = text
        .split("\n\n")
        .filter(|b| b.contains("NL0101"))
        .collect();
    assert_eq!(blocks.len(), 3, "{text}");
    let waived: Vec<&&str> = blocks
        .iter()
        .filter(|b| b.contains("豁免：申报中的豁免注释"))
        .collect();
    assert_eq!(waived.len(), 1, "{text}");
    assert!(waived[0].contains("已批复"), "{text}");
    // The same help (basis, fix, see) after the waiver line as in the others.
    let help = |b: &str| b[b.find("依据：").unwrap()..].to_string();
    assert_eq!(help(waived[0]), help(blocks[0]), "{text}");
    // JSON agrees on what is waived.
    let json = neglist()
        .args(["check", "--no-config", "--format", "json"])
        .arg(&p)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["summary"]["waived"], 1, "{v}");
}
