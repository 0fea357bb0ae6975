//! The flat-filing fast path (`filing::flat`) against the full YAML parser:
//! whenever the fast path answers, its tree (values, styles, byte spans) is
//! the full parser's. Inputs are built from the pieces where the two could
//! part: keys YAML reads specially, quotes and escapes, comments, `: `
//! inside values, indentation, document markers, and characters YAML
//! treats as line breaks, byte order marks or tabs.

use neglist::filing::{flat::parse_flat, yaml::parse_documents};
use neglist::span::LineIndex;
use proptest::prelude::*;

fn full(src: &str) -> String {
    format!("{:?}", parse_documents(src, &LineIndex::new(src)))
}

/// Every strategy takes `risk`: 0 builds from the shapes filings have
/// (so the fast path answers and is compared), higher mixes in the pieces
/// it must refuse or get exactly right.
fn key(risk: u32) -> impl Strategy<Value = String> {
    let odd = prop::sample::select(vec![
        "<<",
        "-a",
        "?a",
        "a b",
        "~",
        "...",
        "a:b",
        "'q'",
        "\"d\"",
        "&x",
        "*x",
        "!t",
        "%d",
        "@a",
        "a#b",
        "1",
        "null",
        "-",
        ".",
        "[a]",
        "{a}",
        "a,b",
        "ｎａｍｅ",
        "\u{feff}name",
        "名 称",
    ]);
    let plain = prop::sample::select(vec![
        "name",
        "business_scope",
        "经营范围",
        "energy",
        "daily_kwh",
        "region",
        "uscc",
        "a",
        "a-b",
        "a.b",
        "a_b",
        "1",
        "null",
        "true",
    ]);
    // Numbered mostly, or a dozen lines would nearly always repeat a key.
    let numbered = (plain, 0..40u32).prop_map(|(k, n)| {
        if n < 30 {
            format!("{k}{n}")
        } else {
            k.to_string()
        }
    });
    prop_oneof![12 => numbered, risk => odd.prop_map(str::to_string)]
}

fn text(risk: u32) -> impl Strategy<Value = String> {
    let safe = prop::sample::select(vec![
        "软件开发",
        "比特币挖矿",
        "；",
        "（不含",
        "）",
        " ",
        "a",
        "1",
        "\u{1F600}",
        "\u{a0}",
        "é",
        "。",
        "虛擬貨幣",
        "ＢＴＣ",
    ]);
    // Harmless inside a value, but not at its start.
    let inside = prop::sample::select(vec![
        "-", ",", "[", "]", "{", "}", "~", "...", "---", "'", "&", "*", "!", "|", ">", "%", "@",
        "`", "?",
    ]);
    let risky = prop::sample::select(vec![
        "  ", "#", " #", ": ", ":", "\"", "\\", "\\\"", "\\n", "\t", "\u{85}", "\u{2028}",
        "\u{feff}", "\u{7f}", "\u{1}", "\u{9f}", "\u{fffe}", "\r",
    ]);
    prop::collection::vec(prop_oneof![24 => safe, 3 => inside, risk => risky], 0..8)
        .prop_map(|v| v.concat())
}

fn value(risk: u32) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => text(risk).prop_map(|t| format!("\"{t}\"")),
        6 => text(risk),
        1 => (text(risk), text(risk)).prop_map(|(a, b)| format!("\"{a}\"{b}")),
        risk => text(risk).prop_map(|t| format!("'{t}'")),
        1 => (text(risk), text(risk)).prop_map(|(a, b)| format!("{a} # {b}")),
    ]
}

/// One top-level entry, a few lines long: `key: value`, or `key:` with
/// an indented mapping under it, with comments and blank lines around.
fn entry(risk: u32) -> impl Strategy<Value = String> {
    let sep = prop_oneof![24 => Just(": "), 2 => Just(":  "), risk => Just(":"), risk => Just(":\t"), risk => Just(" : ")];
    let indent = prop_oneof![24 => Just("  "), risk => Just("   "), risk => Just(" "), risk => Just("\t"), risk => Just("    ")];
    let inner = (indent, key(risk), value(risk)).prop_map(|(i, k, v)| format!("{i}{k}: {v}"));
    let other = prop::sample::select(vec![
        "  # c",
        "--- ",
        "...",
        "  ",
        "- a",
        "%YAML 1.2",
        "--- a: 1",
        "a:",
        "  b: 1",
        "   c",
    ]);
    prop_oneof![
        12 => (key(risk), sep, value(risk)).prop_map(|(k, s, v)| format!("{k}{s}{v}")),
        3 => (key(risk), prop::collection::vec(inner, 0..4), prop::sample::select(vec!["", "\n", "\n# c", "\n\n# c\n"]))
            .prop_map(|(k, lines, gap)| {
                let mut s = format!("{k}:");
                for (i, l) in lines.iter().enumerate() {
                    s.push('\n');
                    s.push_str(l);
                    if i == 0 {
                        s.push_str(gap);
                    }
                }
                s
            }),
        1 => Just(String::new()),
        1 => Just("# c".to_string()),
        1 => Just("---".to_string()),
        risk => other.prop_map(str::to_string),
    ]
}

fn file() -> impl Strategy<Value = String> {
    (0..4u32)
        .prop_flat_map(|risk| {
            (
                prop::collection::vec(entry(risk), 0..10),
                prop_oneof![24 => Just("\n"), risk => Just("\r\n")],
                any::<bool>(),
            )
        })
        .prop_map(|(lines, eol, last)| {
            let mut s = lines.join("\n");
            if last {
                s.push('\n');
            }
            s.replace('\n', eol)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn fast_path_trees_are_the_full_parsers(src in file()) {
        if let Some(docs) = parse_flat(&src) {
            prop_assert_eq!(format!("{docs:?}"), full(&src), "{:?}", src);
        }
    }
}

/// The fast path does answer for the shapes filings have (or the property
/// above would hold vacuously), and refuses what it must leave alone.
#[test]
fn fast_path_answers_for_flat_filings_and_only_them() {
    let takes = [
        "name: \"某某科技有限公司\"\nbusiness_scope: \"一般项目：软件开发。\"\n",
        "---\nname: 某某公司 # comment\nregion: 110105\n---\nname: \"乙\"\n",
        "# waiver comment\nname: a\nenergy:\n  daily_kwh: 120000\n  pue: \"1.5\"\n\nindustry: I6510",
    ];
    for src in takes {
        let docs = parse_flat(src).unwrap_or_else(|| panic!("fast path refused {src:?}"));
        assert_eq!(format!("{docs:?}"), full(src), "{src:?}");
    }
    let refuses = [
        "name: a\nname: b\n",              // duplicate: the parser's error
        "<<: {a: 1}\n",                    // merge key
        "name: \"a\\u0041\"\n",            // escape
        "name: a\r\n",                     // CR
        "business_scope:\n  - 软件开发\n", // list
        "name: a\n  continued\n",          // multi-line plain scalar
        "name: a: b\n",                    // mapping in a value
        "name:\n",                         // null
        "---\n",                           // empty document
        "name: &x a\n",                    // anchor
        "\u{feff}name: a\n",               // byte order mark
        "name: a\u{2028}b\n",              // YAML 1.1 line separator
    ];
    for src in refuses {
        assert!(parse_flat(src).is_none(), "fast path took {src:?}");
    }
}
