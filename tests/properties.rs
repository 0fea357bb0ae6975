//! Property tests (proptest): spans, the normalizer's way back, and
//! evasions that must not change a verdict.

use neglist::check::{CheckOptions, check_source};
use neglist::engine::RuleSet;
use proptest::prelude::*;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let (catalog, _) = neglist::dsl::load_rules(&neglist::dsl::builtin_files()).unwrap();
        RuleSet::compile(catalog).unwrap()
    })
}

fn opts() -> CheckOptions {
    CheckOptions {
        as_of: Some(neglist::parse::date::parse_date("2026-11-28").unwrap()),
        ..CheckOptions::default()
    }
}

/// Pieces of scope text: violations, near-misses, filler, and characters
/// that change positions (wide, invisible, traditional, spaces, quotes).
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("比特币挖矿".to_string()),
        Just("虚拟货币交易".to_string()),
        Just("稳定币".to_string()),
        Just("虛擬貨幣".to_string()),
        Just("ＢＴＣ挖矿".to_string()),
        Just("矿山开采".to_string()),
        Just("数字人民币".to_string()),
        Just("保险柜".to_string()),
        Just("金融".to_string()),
        Just("软件开发".to_string()),
        Just("（不含虚拟货币）".to_string()),
        Just("\u{200B}".to_string()),
        Just(" ".to_string()),
        Just("“".to_string()),
        Just("；".to_string()),
        Just("、".to_string()),
        Just("😀".to_string()),
        "[a-zA-Z0-9]{0,4}",
        "[\u{4e00}-\u{9fa5}]{0,3}",
    ]
}

fn item() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..6).prop_map(|v| v.concat())
}

/// A filing in one of the ways YAML allows: a list, one quoted string, a
/// folded block.
fn filing() -> impl Strategy<Value = String> {
    (item(), prop::collection::vec(item(), 0..6), 0..3u8).prop_map(|(name, items, style)| {
        let name = serde_json::to_string(&format!("某某{name}有限公司")).unwrap();
        let scope = match style {
            0 => format!(
                "business_scope:\n{}",
                items
                    .iter()
                    .map(|i| format!("  - {}\n", serde_json::to_string(i).unwrap()))
                    .collect::<String>()
            ),
            1 => format!(
                "经营范围: {}\n",
                serde_json::to_string(&format!("一般项目：{}。", items.join("；"))).unwrap()
            ),
            _ => format!(
                "business_scope: >\n  一般项目：{}\n",
                items
                    .iter()
                    .map(|i| i.replace(['\u{200B}', ' ', '“'], ""))
                    .collect::<Vec<_>>()
                    .join("；\n  ")
            ),
        };
        format!("name: {name}\n{scope}")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every span lies on character boundaries inside the file, its bytes
    /// are `matched`, and its line and column are the character position.
    #[test]
    fn spans_cut_out_matched(text in filing()) {
        let r = check_source(rules(), "p.yaml".into(), text.clone().into_bytes(), &opts());
        prop_assert!(r.unreadable.is_empty(), "{text}: {:?}", r.unreadable);
        for f in &r.findings {
            let s = f.span;
            prop_assert!(text.is_char_boundary(s.offset) && text.is_char_boundary(s.offset + s.length));
            prop_assert_eq!(&text[s.offset..s.offset + s.length], f.matched.as_str());
            let before = &text[..s.offset];
            prop_assert_eq!(s.line, before.matches('\n').count() + 1);
            prop_assert_eq!(s.column, before.rsplit('\n').next().unwrap().chars().count() + 1);
        }
    }

    /// The normalized text leads back to the original: every character of
    /// it comes from a character range of the input, in order.
    #[test]
    fn normalization_maps_back(text in prop::collection::vec(piece(), 0..12).prop_map(|v| v.concat())) {
        let norm = rules().normalizer.normalize(&text);
        let mut last_end = 0;
        for (i, c) in norm.text.char_indices() {
            let r = norm.original(i, i + c.len_utf8());
            prop_assert!(r.start < r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert!(r.start >= last_end || r.end == last_end, "out of order at {i}");
            last_end = r.end;
        }
    }

    /// A violation stays one when spaced out, split by invisible
    /// characters, widened, upper-cased or written in traditional form.
    #[test]
    fn evasions_do_not_change_the_verdict(
        base in prop::sample::select(vec![
            ("NL0101", "比特币挖矿"),
            ("NL0101", "btc挖矿服务"),
            ("NL0211", "虚拟货币技术咨询"),
            ("NL0212", "稳定币支付系统开发"),
            ("NL0201", "usdt兑换"),
        ]),
        seps in prop::collection::vec(prop::sample::select(vec!["", " ", "\u{200B}", "\u{2060}", "\u{3000}", "“", "”"]), 12),
        widen in any::<bool>(),
        upper in any::<bool>(),
        traditional in any::<bool>(),
    ) {
        let (rule, text) = base;
        let mut out = String::new();
        for (i, c) in text.chars().enumerate() {
            let mut c = c;
            if traditional {
                c = match c {
                    '币' => '幣', '货' => '貨', '虚' => '虛', '拟' => '擬', '矿' => '礦',
                    '稳' => '穩', '换' => '換', '术' => '術', '询' => '詢', '统' => '統',
                    '发' => '發', '务' => '務', '咨' => '諮', '付' => '付',
                    other => other,
                };
            }
            if c.is_ascii_alphabetic() {
                if upper { c = c.to_ascii_uppercase(); }
                if widen { c = char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(); }
            }
            out.push(c);
            out.push_str(seps[i % seps.len()]);
        }
        let yaml = format!("name: 某某公司\nbusiness_scope: [{}]\n", serde_json::to_string(&out).unwrap());
        let r = check_source(rules(), "e.yaml".into(), yaml.clone().into_bytes(), &opts());
        prop_assert!(
            r.findings.iter().any(|f| f.finding.rule == rule),
            "{rule} missed {out:?}: {:?}", r.findings.iter().map(|f| &f.finding.rule).collect::<Vec<_>>()
        );
    }
}

/// The same report for 1 thread and several, and for any order of paths.
#[test]
fn output_does_not_depend_on_threads_or_path_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = vec![];
    for i in 0..80 {
        let p = dir.path().join(format!("f{i:02}.yaml"));
        let scope = if i % 3 == 0 {
            "比特币挖矿"
        } else {
            "软件开发"
        };
        std::fs::write(
            &p,
            format!("name: 某某{i}公司\nbusiness_scope: [{scope}]\n"),
        )
        .unwrap();
        paths.push(p);
    }
    let run = |threads: &str, paths: &[std::path::PathBuf]| {
        let out = assert_cmd::Command::cargo_bin("neglist")
            .unwrap()
            .env("RAYON_NUM_THREADS", threads)
            .env("NEGLIST_TODAY", "2026-11-28")
            .args(["check", "--format", "json"])
            .args(paths)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1", &paths);
    assert!(one.contains("NL0101"));
    let mut reversed = paths.clone();
    reversed.reverse();
    let mut shuffled = paths.clone();
    shuffled.sort_by_key(|p| p.to_string_lossy().chars().rev().collect::<String>());
    for (threads, order) in [("4", &paths), ("1", &reversed), ("3", &shuffled)] {
        assert_eq!(run(threads, order), one, "{threads} threads");
    }
}
