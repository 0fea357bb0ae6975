//! Property tests of the fail-closed structure (issue 18):
//!
//! (a) a prohibited line planted as its own item at any boundary of a
//!     generated scope, after items carrying every negation construction
//!     the scope grammar knows, is always an error;
//! (b) adding an item, a bracketed remark or another key to a filing never
//!     removes an error, except through a proven suppression, which leaves
//!     a warning naming it;
//! (c) every coin word next to every activity word is an error;
//! (d) no built-in `example allow` turns into a refusal when unrelated
//!     items are added around it.

use neglist::engine::{RuleSet, evaluate};
use neglist::filing::{Loaded, SourceFile, load};
use neglist::parse::date::AsOf;
use neglist::parse::date::parse_date;
use neglist::pipeline::{CheckOptions, check_source};
use neglist::rule::{Category, Severity};
use proptest::prelude::*;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::compile(neglist::dsl::builtin_catalog()).unwrap())
}

fn opts() -> CheckOptions {
    CheckOptions {
        as_of: Some(AsOf::Day(parse_date("2026-11-28").unwrap())),
        ..CheckOptions::default()
    }
}

/// (rule, severity, suppressed, matched) of every rule finding of `yaml`.
fn findings(yaml: &str) -> Vec<(String, Severity, bool, String)> {
    let r = check_source(rules(), "p.yaml".into(), yaml.as_bytes().to_vec(), &opts());
    assert!(r.unreadable.is_empty(), "{yaml}");
    r.findings
        .iter()
        .filter(|f| f.finding.category != Category::Data)
        .map(|f| {
            (
                f.finding.rule.clone(),
                f.finding.severity,
                f.finding.suppressed.is_some(),
                f.matched.clone(),
            )
        })
        .collect()
}

fn errors(yaml: &str) -> Vec<(String, String)> {
    findings(yaml)
        .into_iter()
        .filter(|f| f.1 == Severity::Error)
        .map(|f| (f.0, f.3))
        .collect()
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Lawful items, near-misses and every negation construction the scope
/// grammar knows, each a complete unit, and whether the construction's
/// list runs on to the end of its clause (then only a clause separator
/// ends it).
const UNITS: &[(&str, bool)] = &[
    ("软件开发", false),
    ("技术服务、技术开发、技术咨询", false),
    ("化工产品销售（不含危险化学品）", false),
    ("化工产品销售（危险化学品、剧毒品除外）", false),
    ("不含危险化学品的化工产品销售", false),
    ("不涉及许可的技术服务", false),
    ("禁止吸烟标识牌制作", false),
    ("建筑拆除外墙清洗", false),
    ("不含糖饮料销售", false),
    ("除尘设备销售", false),
    ("非标设备制造", false),
    ("投资咨询（除证券、期货、证券投资基金外）", false),
    ("艺术品寄卖及销售（除典当）", false),
    ("股金服务（不对外吸储，不支付固定回报）", false),
    ("不得从事吸收存款", false),
    (
        "未经金融等监管部门批准不得从事吸收存款、融资担保、代客理财等金融业务",
        false,
    ),
    ("除吸收公众存款、发放贷款外的金融信息服务", false),
    ("危险化学品除外", false),
    ("以上经营范围不含吸收存款、发放贷款", true),
    ("食品销售（凭许可证经营）", false),
    (
        "私募股权投资基金管理（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）",
        false,
    ),
    ("有限责任公司（非银行）", false),
    ("矿山开采", false),
    ("网络游戏开发", false),
];

/// Prohibited lines and the rule each must draw.
const PLANTS: &[(&str, &str)] = &[
    ("比特币挖矿", "NL0101"),
    ("USDT场外交易", "NL0201"),
    ("虚拟货币交易平台运营", "NL0201"),
    ("矿机托管", "NL0101"),
    ("门罗币兑换服务", "NL0201"),
    ("加密资产托管", "NL0211"),
];

const ANY_SEP: &[&str] = &["、", "，", "；", "。", "､", "/", "\n", ","];
const CLAUSE_SEP: &[&str] = &["；", "。", "\n"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_planted_prohibited_line_is_always_an_error(
        units in prop::collection::vec(0..UNITS.len(), 0..8),
        at in any::<prop::sample::Index>(),
        plant in 0..PLANTS.len(),
        seps in prop::collection::vec(0..ANY_SEP.len(), 9),
        list in any::<bool>(),
    ) {
        let (line, rule) = PLANTS[plant];
        let at = at.index(units.len() + 1);
        let mut parts: Vec<(&str, bool)> = units.iter().map(|u| UNITS[*u]).collect();
        parts.insert(at, (line, false));
        let mut scope = String::new();
        for (i, (text, to_clause_end)) in parts.iter().enumerate() {
            if i > 0 {
                let (prev, prev_runs_on) = parts[i - 1];
                let _ = prev;
                let sep = if prev_runs_on {
                    CLAUSE_SEP[seps[i] % CLAUSE_SEP.len()]
                } else {
                    ANY_SEP[seps[i]]
                };
                scope.push_str(sep);
            }
            scope.push_str(text);
            let _ = to_clause_end;
        }
        let yaml = if list {
            let items: Vec<String> = parts.iter().map(|p| quoted(p.0)).collect();
            format!("name: 某某科技有限公司\nbusiness_scope: [{}]\n", items.join(", "))
        } else {
            format!("name: 某某科技有限公司\nbusiness_scope: {}\n", quoted(&format!("一般项目：{scope}。")))
        };
        let e = errors(&yaml);
        prop_assert!(
            e.iter().any(|(r, m)| r == rule && line.contains(m.as_str())),
            "{line} lost in\n{yaml}\nerrors: {e:?}"
        );
    }
}

/// What may be added to a filing.
fn addition() -> impl Strategy<Value = (u8, usize)> {
    (0..4u8, 0..UNITS.len())
}

const REMARKS: &[&str] = &[
    "（不含危险化学品）",
    "（游戏币除外）",
    "（凭许可证经营）",
    "（须经批准）",
    "（不涉及煤矿开采）",
    "（网络游戏）",
    "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
];

const BASES: &[&str] = &[
    "比特币挖矿",
    "比特币兑换服务",
    "矿池运营",
    "USDT承兑",
    "虚拟货币做市服务",
    "吸收公众存款",
    "小额贷款",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn additions_never_remove_an_error(
        base in 0..BASES.len(),
        adds in prop::collection::vec(addition(), 1..5),
    ) {
        let line = BASES[base];
        let mut items = vec![line.to_string()];
        let mut extra = String::new();
        for (n, (kind, u)) in adds.iter().enumerate() {
            match kind {
                // An item before or after.
                0 => items.insert(0, UNITS[*u].0.to_string()),
                1 => items.push(UNITS[*u].0.to_string()),
                // A bracketed remark on the line itself.
                2 => {
                    let i = items.iter().position(|x| x.starts_with(line)).unwrap();
                    items[i].push_str(REMARKS[*u % REMARKS.len()]);
                }
                // Another key.
                _ => extra.push_str(&format!("备注{n}: {}\n", quoted(UNITS[*u].0))),
            }
        }
        let before = format!("name: 某某科技有限公司\nbusiness_scope: [{}]\n", quoted(line));
        let after = format!(
            "name: 某某科技有限公司\nbusiness_scope: [{}]\n{extra}",
            items.iter().map(|i| quoted(i)).collect::<Vec<_>>().join(", ")
        );
        let found = findings(&after);
        for (rule, words) in errors(&before) {
            let kept = found.iter().any(|f| f.0 == rule && f.1 == Severity::Error && f.3 == words);
            let lowered = found.iter().any(|f| f.0 == rule && f.2 && f.1 == Severity::Warning);
            prop_assert!(kept || lowered, "{rule} “{words}” lost:\n{after}\n{found:?}");
        }
    }
}

fn set_terms(name: &str) -> Vec<String> {
    let c = &rules().catalog;
    c.sets
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no term set {name}"))
        .terms
        .clone()
}

#[test]
fn every_coin_word_with_every_activity_word_is_an_error() {
    let coins = set_terms("coins");
    let mut activities = vec![];
    for set in [
        "exchange_words",
        "counterparty_words",
        "intermediary_words",
        "derivative_words",
        "mining_words",
    ] {
        activities.extend(set_terms(set));
    }
    assert!(coins.len() >= 40 && activities.len() >= 40);
    let latin = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
    let mut missed = vec![];
    for coin in &coins {
        for act in &activities {
            // (Two Latin words need a space to stay two words.)
            let item = if latin(coin) && act.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                format!("{coin} {act}")
            } else {
                format!("{coin}{act}")
            };
            let yaml = format!(
                "name: 某某科技有限公司\nbusiness_scope: [{}]\n",
                quoted(&item)
            );
            if errors(&yaml).is_empty() {
                missed.push(item);
            }
        }
    }
    assert!(
        missed.is_empty(),
        "{} of {} coin × activity items draw no error: {:?}",
        missed.len(),
        coins.len() * activities.len(),
        &missed[..missed.len().min(40)]
    );
}

/// Lawful items unrelated to any rule.
const UNRELATED: &[&str] = &[
    "软件开发",
    "日用百货销售",
    "企业管理咨询",
    "货物进出口",
    "会议及展览服务",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn allow_examples_stay_allowed_among_unrelated_items(
        picks in prop::collection::vec(0..UNRELATED.len(), 1..4),
        before in any::<bool>(),
    ) {
        let rs = rules();
        let mut checked = 0;
        for (idx, rule) in rs.catalog.rules.iter().enumerate() {
            if rule.category == Category::Data {
                continue;
            }
            for ex in rule.examples.iter().filter(|e| !e.deny) {
                let Some(yaml) = with_items(&ex.yaml, &picks, before) else { continue };
                let file = SourceFile::new("example".into(), yaml.clone());
                let docs = load(&file);
                let [Loaded::Filing(f)] = docs.as_slice() else {
                    return Err(TestCaseError::fail(format!("unreadable: {yaml}")));
                };
                let day = neglist::ruletest::example_date(
                    rule.first_day(),
                    f.filed_on.as_ref().map(|d| d.value),
                    parse_date("2026-11-28").unwrap(),
                );
                let refused: Vec<String> = evaluate(rs, &file, f, day, Some(idx))
                    .iter()
                    .filter(|x| x.suppressed.is_none())
                    .map(|x| file.src[x.range.clone()].to_string())
                    .collect();
                prop_assert!(refused.is_empty(), "{}: {yaml} → {refused:?}", rule.code);
                checked += 1;
            }
        }
        prop_assert!(checked >= 100, "only {checked} examples");
    }
}

/// An example (a YAML flow mapping) with unrelated items added to its
/// business scope: before or after its own (a list gains items; a string
/// gains `；`-separated ones). None if it has no scope to add to.
fn with_items(yaml: &str, picks: &[usize], before: bool) -> Option<String> {
    let added: Vec<&str> = picks.iter().map(|p| UNRELATED[*p]).collect();
    let key = ["business_scope: ", "经营范围: "]
        .iter()
        .find_map(|k| yaml.find(k).map(|i| i + k.len()))?;
    let rest = &yaml[key..];
    if rest.starts_with('[') {
        let end = key + matching_bracket(rest)?;
        let inner = &yaml[key + 1..end];
        let list = added.join(", ");
        let joined = if before {
            format!("{list}, {inner}")
        } else {
            format!("{inner}, {list}")
        };
        Some(format!("{}[{joined}]{}", &yaml[..key], &yaml[end + 1..]))
    } else if let Some(body) = rest.strip_prefix('"') {
        let end = key + 1 + body.find('"')?;
        let inner = &yaml[key + 1..end];
        let list = added.join("；");
        let joined = if before {
            format!("{list}；{inner}")
        } else {
            format!("{inner}；{list}")
        };
        Some(format!("{}\"{joined}\"{}", &yaml[..key], &yaml[end + 1..]))
    } else {
        None
    }
}

fn matching_bracket(s: &str) -> Option<usize> {
    let mut depth = 0;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}
