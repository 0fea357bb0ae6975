//! The rule language's semantics, through the library: a small rule file,
//! a filing, a date → what is flagged.

use neglist::dsl::load_rules;
use neglist::engine::{RuleSet, evaluate};
use neglist::filing::{Loaded, SourceFile, load};
use neglist::parse::date::parse_date;

fn compile(rules: &str) -> RuleSet {
    let (catalog, _) = load_rules(&[("t.rules".to_string(), rules.to_string())])
        .unwrap_or_else(|e| panic!("rule file does not load: {e:?}"));
    RuleSet::compile(catalog).unwrap()
}

/// (rule code, matched text) for every finding on `filing` as of `day`.
fn flagged(rules: &RuleSet, filing: &str, day: &str) -> Vec<(String, String)> {
    let file = SourceFile::new("f.yaml".into(), filing.to_string());
    let docs = load(&file);
    let Some(Loaded::Filing(f)) = docs.first() else {
        panic!("filing does not load")
    };
    evaluate(rules, &file, f, parse_date(day).unwrap(), None)
        .into_iter()
        .filter(|x| x.rule_index.is_some())
        .map(|x| (x.rule, file.src[x.range].to_string()))
        .collect()
}

fn rule(code: &str, when: &str) -> String {
    format!(
        "rule {code} r-{code} {{\n  title \"t\"\n  category risk\n  when {when}\n  message \"m\"\n}}\n"
    )
}

#[test]
fn except_drops_only_hits_inside_the_phrase() {
    let r = compile(&rule(
        "XX0001",
        "text contains [\"保险\"] except [\"保险柜\"]",
    ));
    assert!(flagged(&r, "name: 某某保险柜有限公司", "2026-01-01").is_empty());
    // The same item also uses the word on its own: that use is still flagged.
    assert_eq!(
        flagged(&r, "name: 某某保险柜保险代理有限公司", "2026-01-01"),
        vec![("XX0001".to_string(), "保险".to_string())]
    );
}

#[test]
fn unless_skips_the_whole_item() {
    let r = compile(&rule(
        "XX0002",
        "scope contains [\"虚拟货币\"] unless [\"不含\"]",
    ));
    let f = "name: a\nbusiness_scope: [\"软件开发（不含虚拟货币）\", 虚拟货币咨询]";
    assert_eq!(
        flagged(&r, f, "2026-01-01"),
        vec![("XX0002".to_string(), "虚拟货币".to_string())]
    );
    let hits = flagged(&r, f, "2026-01-01");
    assert_eq!(hits.len(), 1, "only the second item: {hits:?}");
}

#[test]
fn alternatives_and_combinations() {
    let r = compile(&rule(
        "XX0003",
        "scope contains [\"比特币\"] | [\"以太坊\"] + [\"挖矿\"]",
    ));
    let day = "2026-01-01";
    assert_eq!(
        flagged(&r, "name: a\nbusiness_scope: [以太坊挖矿]", day).len(),
        1
    );
    assert_eq!(
        flagged(&r, "name: a\nbusiness_scope: [比特币挖矿]", day).len(),
        1
    );
    // Both groups must be in the same item.
    assert!(flagged(&r, "name: a\nbusiness_scope: [比特币, 挖矿]", day).is_empty());
}

#[test]
fn latin_terms_match_whole_words_only() {
    let r = compile(&rule("XX0004", "text contains [\"btc\", \"rwa\"]"));
    let day = "2026-01-01";
    assert_eq!(flagged(&r, "name: 某某BTC科技有限公司", day).len(), 1);
    assert_eq!(flagged(&r, "name: 某某ＢＴＣ科技有限公司", day).len(), 1);
    assert_eq!(
        flagged(&r, "name: a\nbusiness_scope: [RWA资产上链]", day).len(),
        1
    );
    assert!(flagged(&r, "name: a\nbusiness_scope: [RWANDA咖啡进口]", day).is_empty());
    assert!(flagged(&r, "name: a\nbusiness_scope: [abtcd软件]", day).is_empty());
}

#[test]
fn report_once_gives_one_finding_a_filing() {
    let each = compile(&rule("XX0005", "text contains [\"数据中心\"]"));
    let once = compile(
        &rule("XX0005", "text contains [\"数据中心\"]")
            .replace("  message", "  report once\n  message"),
    );
    let f = "name: 某某数据中心有限公司\nbusiness_scope: [数据中心运营, 数据中心建设]";
    assert_eq!(flagged(&each, f, "2026-01-01").len(), 3);
    assert_eq!(flagged(&once, f, "2026-01-01").len(), 1);
}

#[test]
fn context_conditions_do_not_become_findings_of_their_own() {
    // A region or a kWh figure decides whether the rule applies; the
    // finding points at the words.
    let r = compile(&rule(
        "XX0006",
        "scope contains [\"数据中心\"] and region in [\"65*\"] and energy.daily_kwh > 100",
    ));
    let f = "name: a\nregion: \"650102\"\nenergy: {daily_kwh: 500}\nbusiness_scope: [数据中心运营]";
    assert_eq!(
        flagged(&r, f, "2026-01-01"),
        vec![("XX0006".to_string(), "数据中心".to_string())]
    );
    assert!(flagged(&r, &f.replace("650102", "110108"), "2026-01-01").is_empty());
}

#[test]
fn uscc_kind_dates_and_empty_scope() {
    let r = compile(&format!(
        "{}{}{}",
        rule(
            "XX0007",
            "name contains [\"金融\"] and (missing uscc or uscc_kind in [\"9*\"])"
        ),
        rule("XX0008", "established_on > filed_on"),
        rule("XX0009", "empty business_scope"),
    ));
    let day = "2026-01-01";
    assert_eq!(flagged(&r, "name: 某某金融有限公司", day).len(), 1);
    assert_eq!(
        flagged(
            &r,
            "name: 某某金融有限公司\nuscc: \"914403001922038216\"",
            day
        )
        .len(),
        1
    );
    assert!(
        flagged(
            &r,
            "name: 某某金融基金会\nuscc: \"531100005000123450\"",
            day
        )
        .is_empty()
    );
    assert_eq!(
        flagged(
            &r,
            "name: a\nestablished_on: 2022-01-02\nfiled_on: 2022-01-01",
            day
        ),
        vec![("XX0008".to_string(), "2022-01-02".to_string())]
    );
    assert!(
        flagged(
            &r,
            "name: a\nestablished_on: 2022-01-01\nfiled_on: 2022-01-01",
            day
        )
        .is_empty()
    );
    assert_eq!(flagged(&r, "name: a\nbusiness_scope: []", day).len(), 1);
    assert!(flagged(&r, "name: a", day).is_empty());
}

#[test]
fn a_rule_is_in_force_whenever_one_of_its_sources_is() {
    let text = r#"
source old { number "A" title "a" status "confirmed" effective 2020-01-01 superseded_on 2022-01-01 }
source new { number "B" title "b" status "confirmed" effective 2022-01-01 }
source later { number "C" title "c" status "confirmed" effective 2024-01-01 superseded_on 2025-01-01 }
rule XX0010 joined { title "t" category risk basis old basis new when name contains ["金融"] message "m" }
rule XX0011 gap { title "t" category risk basis old basis later when name contains ["金融"] message "m" }
rule XX0012 stated { title "t" category risk basis new effective 2023-06-01 .. when name contains ["金融"] message "m" }
"#;
    let r = compile(text);
    let on = |day: &str| -> Vec<String> {
        flagged(&r, "name: 某某金融有限公司", day)
            .into_iter()
            .map(|x| x.0)
            .collect()
    };
    assert_eq!(on("2019-12-31"), Vec::<String>::new());
    assert_eq!(on("2021-06-01"), vec!["XX0010", "XX0011"]);
    // 2022-01-01: `old` ends and `new` begins the same day — no gap.
    assert_eq!(on("2022-01-01"), vec!["XX0010"]);
    assert_eq!(on("2023-06-01"), vec!["XX0010", "XX0012"]);
    assert_eq!(on("2024-06-01"), vec!["XX0010", "XX0011", "XX0012"]);
    assert_eq!(on("2025-01-01"), vec!["XX0010", "XX0012"]);
    let periods: Vec<String> = r.catalog.rules.iter().map(|x| x.periods_text()).collect();
    assert_eq!(
        periods,
        vec![
            "2020-01-01 ..",
            "2020-01-01 .. 2022-01-01, 2024-01-01 .. 2025-01-01",
            "2023-06-01 .."
        ]
    );
}

#[test]
fn new_constructs_are_checked() {
    for (when, needle) in [
        ("empty name", "`empty` does not apply to `name`"),
        ("capital > filed_on", "only two date fields"),
        (
            "name contains [\"金融\"] except [\"金融\"]",
            "can never fire",
        ),
    ] {
        let err = load_rules(&[("t.rules".to_string(), rule("XX0013", when))]).unwrap_err();
        let text = format!("{err:?}");
        assert!(text.contains(needle), "{when}: {text}");
    }
}

#[test]
fn rule_file_robustness() {
    // An empty term set is refused where it is declared.
    let err = load_rules(&[("t.rules".to_string(), "terms e = []\n".to_string())]).unwrap_err();
    assert!(format!("{err:?}").contains("term set `e` is empty"));
    assert_eq!(err[0].location(), "t.rules:1:7");
    // A one-character term would match almost everything.
    let err = load_rules(&[(
        "t.rules".to_string(),
        rule("XX0014", "name contains [\"币\"]"),
    )])
    .unwrap_err();
    assert!(format!("{err:?}").contains("too short"));
    // An `except` none of whose phrases holds a matched word never applies:
    // a warning, and the rule still loads.
    let (_, warnings) = load_rules(&[(
        "t.rules".to_string(),
        rule("XX0015", "name contains [\"保险\"] except [\"汽车\"]"),
    )])
    .unwrap();
    assert_eq!(warnings.len(), 2, "{warnings:?}"); // also: no examples
    assert!(format!("{warnings:?}").contains("can never apply"));
    // The built-in rules load without a single warning.
    let (_, warnings) = load_rules(&neglist::dsl::builtin_files()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn effective_ends_are_told_apart_by_the_grammar_not_by_the_text() {
    // R6: a comment holding `..` between `effective` and the date used to
    // turn `FROM ..` into `.. UNTIL`.
    let with = |effective: &str| {
        format!(
            "rule XX0016 r-eff {{\n  title \"t\"\n  category risk\n  effective {effective}\n  when name contains [\"比特币\"]\n  message \"m\"\n}}\n"
        )
    };
    for (effective, want) in [
        (
            "// in force from the notice on (see 2021..2026 history)\n            2021-09-24 ..",
            "2021-09-24 ..",
        ),
        ("2021-09-24 // .. 2030-01-01\n  ..", "2021-09-24 .."),
        (".. // 2021..2026\n 2022-01-01", ".. 2022-01-01"),
        ("2020-01-01 /* no */ ..", ""),
        ("2020-01-01..2022-01-01", "2020-01-01 .. 2022-01-01"),
        ("..", "always"),
    ] {
        let text = with(effective);
        let loaded = load_rules(&[("t.rules".to_string(), text.clone())]);
        if want.is_empty() {
            assert!(loaded.is_err(), "{effective:?} should not parse");
            continue;
        }
        let (catalog, _) = loaded.unwrap_or_else(|e| panic!("{effective:?}: {e:?}"));
        assert_eq!(catalog.rules[0].periods_text(), want, "{effective:?}");
        assert!(catalog.rules[0].stated);
    }
    // And the evaluator sees the same interval: in force after the notice,
    // not before it.
    let r = compile(&with("// see 2021..2026 history\n  2021-09-24 .."));
    assert_eq!(flagged(&r, "name: 某某比特币公司", "2026-01-01").len(), 1);
    assert!(flagged(&r, "name: 某某比特币公司", "2021-01-01").is_empty());
}

#[test]
fn unicode_escapes_decode_and_unknown_escapes_are_errors() {
    // R5: `\u200B` was stored as the letters `u200B`.
    let text = rule(
        "XX0017",
        "scope contains [\"虚拟\\u200B货币\", \"数字\\u{200b}资产\", \"a\\\\b\\\"c\"]",
    );
    let (catalog, _) = load_rules(&[("t.rules".to_string(), text.clone())]).unwrap();
    assert_eq!(
        catalog.sets[0].terms,
        vec!["虚拟\u{200B}货币", "数字\u{200B}资产", "a\\b\"c"]
    );
    let r = compile(&text);
    assert_eq!(
        flagged(&r, "name: a\nbusiness_scope: [虚拟货币交易]", "2026-01-01"),
        vec![("XX0017".to_string(), "虚拟货币".to_string())]
    );
    // Any other escape is an error at the escape, in every kind of string.
    for (when, message, bad) in [
        (
            "scope contains [\"虚拟\\x货币\"]",
            "unknown escape `\\x`",
            "\\x",
        ),
        (
            "scope contains [\"虚拟\\r货币\"]",
            "unknown escape `\\r`",
            "\\r",
        ),
        (
            "scope contains [\"虚拟\\u20\"]",
            "malformed Unicode escape `\\u20`",
            "\\u20",
        ),
        (
            "scope contains [\"a\\u{}b\"]",
            "malformed Unicode escape `\\u{}`",
            "\\u{}",
        ),
        (
            "scope contains [\"a\\u{1234567}b\"]",
            "malformed",
            "\\u{1234567}",
        ),
        ("scope contains [\"a\\u{zz}b\"]", "malformed", "\\u{zz}"),
        (
            "scope contains [\"a\\u{D800}b\"]",
            "not a Unicode character",
            "\\u{D800}",
        ),
        (
            "scope contains [\"a\\uDFFFb\"]",
            "not a Unicode character",
            "\\uDFFF",
        ),
        (
            "scope contains [\"a\\u{110000}b\"]",
            "not a Unicode character",
            "\\u{110000}",
        ),
    ] {
        let text = rule("XX0018", when);
        let err = load_rules(&[("t.rules".to_string(), text.clone())]).unwrap_err();
        assert_eq!(err.len(), 1, "{when}: {err:?}");
        assert!(err[0].message.contains(message), "{when}: {err:?}");
        assert_eq!(&text[err[0].span.clone()], bad, "{when}");
        assert!(!err[0].warning);
    }
    // Every bad escape is reported, not only the first.
    let text = "terms t = [\"a\\qb\", \"c\\zd\"]\nsource s {\n  title \"\\y\"\n}\n";
    let err = load_rules(&[("t.rules".to_string(), text.to_string())]).unwrap_err();
    let places: Vec<String> = err.iter().map(|e| e.location()).collect();
    assert_eq!(places, ["t.rules:1:14", "t.rules:1:22", "t.rules:3:10"]);
}

#[test]
fn an_exception_that_swallows_any_group_is_an_error_at_that_group() {
    let dead = |when: &str| -> Vec<(String, String)> {
        let text = rule("XX0019", when);
        match load_rules(&[("t.rules".to_string(), text.clone())]) {
            Ok(_) => vec![],
            Err(errors) => errors
                .iter()
                .filter(|e| e.message.contains("can never fire"))
                .map(|e| (text[e.span.clone()].to_string(), e.label.clone()))
                .collect(),
        }
    };
    // R7: the swallowed group is the second one; it used to pass. (An
    // exemption is a span: it swallows a term it equals.)
    assert_eq!(
        dead("scope contains [\"服务\"] + [\"比特币挖矿\"] unless [\"比特币挖矿\"]"),
        [(
            "[\"比特币挖矿\"]".to_string(),
            "`比特币挖矿` is always excepted by `unless [比特币挖矿]`".to_string()
        )]
    );
    // The first group, as before.
    assert_eq!(
        dead("scope contains [\"比特币挖矿\"] + [\"服务\"] unless [\"比特币挖矿\"]")[0].0,
        "[\"比特币挖矿\"]"
    );
    // A shorter exemption takes nothing away (it never covers the term).
    assert!(dead("scope contains [\"服务\"] + [\"比特币挖矿\"] unless [\"挖矿\"]").is_empty());
    // A group of alternatives is dead only if every alternative is; the
    // `except` and `unless` sets count together.
    assert_eq!(
        dead("scope contains [\"服务\"] + [\"比特币\"] | [\"以太坊\"] except [\"比特币\"] unless [\"以太坊\"]")[0].0,
        "[\"比特币\"] | [\"以太坊\"]"
    );
    assert!(
        dead("scope contains [\"服务\"] + [\"比特币\"] | [\"以太坊\"] except [\"比特币\"]")
            .is_empty()
    );
    // An `except` phrase longer than the term drops only some hits.
    assert!(dead("scope contains [\"服务\"] + [\"比特币\"] except [\"比特币挖矿\"]").is_empty());
    // `except` equal to a term of the second group, after normalization.
    assert_eq!(
        dead("scope contains [\"服务\"] + [\"ＢＴＣ\", \"虛擬貨幣\"] except [\"btc\", \"虚拟货币\"]"),
        [(
            "[\"ＢＴＣ\", \"虛擬貨幣\"]".to_string(),
            "`ＢＴＣ` is always excepted by `except [btc, 虚拟货币]` (and the group's other term likewise)"
                .to_string()
        )]
    );
    // Every dead group is reported, each at its place.
    let both = dead("name contains [\"金融\"] + [\"保险\"] except [\"金融\"] | [\"保险\"]");
    assert_eq!(
        both.iter().map(|(at, _)| at.as_str()).collect::<Vec<_>>(),
        ["[\"金融\"]", "[\"保险\"]"]
    );
    // A dead group is found inside `not`, `and` and `or` too.
    assert_eq!(
        dead("uscc malformed or not (present name and scope contains [\"服务\"] + [\"挖矿\"] unless [\"挖矿\"])").len(),
        1
    );
    // A live rule of the same shape loads, and fires.
    let r = compile(&rule(
        "XX0020",
        "scope contains [\"服务\"] + [\"比特币挖矿\"] unless [\"不含\"]",
    ));
    assert_eq!(
        flagged(
            &r,
            "name: a\nbusiness_scope: [比特币挖矿服务]",
            "2026-01-01"
        )
        .len(),
        1
    );
}

#[test]
fn the_too_short_guard_counts_letters_digits_and_ideographs_only() {
    // R8: punctuation, symbols and quotes made these pass.
    for term in [
        "b-",
        "币。",
        "“币”",
        "\\\"币\\\"",
        "（币）",
        "b.",
        "-b-",
        "Ｂ",
        "币 ",
        "b\\u200B",
        "$1",
        "《币》",
        "…",
    ] {
        let text = rule("XX0021", &format!("name contains [\"{term}\"]"));
        let err = load_rules(&[("t.rules".to_string(), text.clone())])
            .err()
            .unwrap_or_else(|| panic!("{term} was accepted"));
        assert_eq!(err.len(), 1, "{term}: {err:?}");
        assert!(err[0].message.contains("too short"), "{term}: {err:?}");
        assert_eq!(&text[err[0].span.clone()], format!("\"{term}\""));
    }
    for term in ["b2", "5g", "币圈", "b-2", "“币圈”", "a b", "①②"] {
        let text = rule("XX0022", &format!("name contains [\"{term}\"]"));
        assert!(
            load_rules(&[("t.rules".to_string(), text)]).is_ok(),
            "{term} was refused"
        );
    }
}
