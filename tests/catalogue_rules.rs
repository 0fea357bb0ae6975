//! The catalogue rules over the whole table (issue 19): every entry,
//! written as its own scope item, classifies to itself; under the section
//! its class belongs in it draws no section finding, under the other one
//! exactly the finding its class calls for. And the shapes real scopes
//! take: sections in either order, a repeated header, the Beijing clause.

use neglist::catalogue::{Class, Column, catalogue};
use neglist::classify::classifier;
use neglist::engine::RuleSet;
use neglist::parse::date::{AsOf, parse_date};
use neglist::pipeline::{CheckOptions, check_source};
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

/// (rule, the words) of every NL07 finding of a filing with this scope.
fn catalogue_findings(scope: &str) -> Vec<(String, String)> {
    let yaml = format!(
        "name: 某某有限公司\nbusiness_scope: {}\n",
        serde_json::to_string(scope).unwrap()
    );
    let r = check_source(rules(), "p.yaml".into(), yaml.into_bytes(), &opts());
    assert!(r.unreadable.is_empty(), "{scope}");
    let mut out: Vec<(String, String)> = r
        .findings
        .iter()
        .filter(|f| f.finding.rule.starts_with("NL07"))
        .map(|f| (f.finding.rule.clone(), f.matched.clone()))
        .collect();
    // (A finding folded into another's words still counts here.)
    for f in &r.findings {
        for rel in &f.finding.related {
            if rel.rule.starts_with("NL07") {
                out.push((rel.rule.clone(), rel.matched.clone()));
            }
        }
    }
    out.sort();
    out
}

/// The entries whose printed name the PDF cut off (an open bracket): the
/// scope parser reads an unclosed bracket as running to the end, so they
/// are tested on their own below, not as items of a list.
fn cut(name: &str) -> bool {
    name.matches(['（', '(']).count() != name.matches(['）', ')']).count()
}

#[test]
fn every_entry_classifies_to_itself() {
    let c = classifier();
    let mut wrong = vec![];
    for (i, e) in catalogue().iter().enumerate() {
        let texts = [e.name];
        let items: Vec<(usize, std::ops::Range<usize>, bool)> =
            neglist::parse::scope::parse_scope(e.name)
                .items
                .iter()
                .map(|it| (0, it.range.clone(), it.joined_next))
                .collect();
        let found = c.classify_items(&texts, &items);
        let ok = !found.is_empty()
            && found
                .iter()
                .all(|m| m.as_ref().is_some_and(|m| m.entry == i))
            && found[0]
                .as_ref()
                .is_some_and(|m| m.items == (0, items.len() - 1));
        if !ok {
            wrong.push(format!("{} {}", e.code, e.name));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} entries do not classify to themselves:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_entry_under_the_right_section_draws_no_section_finding_and_under_the_wrong_one_exactly_its_finding()
 {
    let mut wrong = vec![];
    let mut tested = 0;
    for e in catalogue().iter() {
        if cut(e.name) || e.possibly_cut(Column::Name) && e.name.ends_with(['、', '，']) {
            continue;
        }
        tested += 1;
        let (right, wrong_section, finding) = match e.class {
            Class::Prior | Class::Licensed => ("许可项目", "一般项目", "NL0702"),
            Class::Filing | Class::General => ("一般项目", "许可项目", "NL0703"),
        };
        // Right: no section finding (a 前置 line still needs its approval).
        let got = catalogue_findings(&format!("{right}：{}", e.name));
        let expected: Vec<(String, String)> = if e.class == Class::Prior {
            vec![("NL0701".into(), e.name.into())]
        } else {
            vec![]
        };
        if got != expected {
            wrong.push(format!("{} {} under {right}: {got:?}", e.code, e.name));
        }
        // Wrong: exactly the finding of its class, at its words.
        let got = catalogue_findings(&format!("{wrong_section}：{}", e.name));
        let mut expected: Vec<(String, String)> = vec![(finding.into(), e.name.into())];
        if e.class == Class::Prior {
            expected.push(("NL0701".into(), e.name.into()));
            expected.sort();
        }
        if got != expected {
            wrong.push(format!(
                "{} {} under {wrong_section}: {got:?}",
                e.code, e.name
            ));
        }
    }
    assert!(tested > 1900, "only {tested} entries tested");
    assert!(
        wrong.is_empty(),
        "{} entries misplaced or misreported:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn sections_in_either_order_a_repeated_header_and_the_beijing_clause() {
    let licensed_first = "许可项目：餐饮服务；保安服务（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）一般项目：软件开发；快递服务。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）（不得从事国家和本市产业政策禁止和限制类项目的经营活动。）";
    assert_eq!(
        catalogue_findings(licensed_first),
        [
            ("NL0701".to_string(), "保安服务".to_string()),
            ("NL0701".to_string(), "快递服务".to_string()),
            ("NL0702".to_string(), "快递服务".to_string()),
        ]
    );
    let repeated = "一般项目：软件开发；一般项目：餐饮服务；许可项目：食品销售；许可项目：软件开发";
    assert_eq!(
        catalogue_findings(repeated),
        [
            ("NL0702".to_string(), "餐饮服务".to_string()),
            ("NL0703".to_string(), "软件开发".to_string()),
        ]
    );
}

#[test]
fn the_older_headers_draw_no_section_finding() {
    // 一般经营项目 / 许可经营项目 (before 2022) sorted lines by the rules of
    // their time: 打字复印 was licensed then.
    assert_eq!(
        catalogue_findings(
            "许可经营项目：打字复印；物业管理。一般经营项目：餐饮服务；房地产开发经营"
        ),
        []
    );
    // The same lines under the catalogue's headers.
    assert_eq!(
        catalogue_findings("许可项目：打字复印；物业管理。一般项目：餐饮服务；房地产开发经营"),
        [
            ("NL0702".to_string(), "房地产开发经营".to_string()),
            ("NL0702".to_string(), "餐饮服务".to_string()),
            ("NL0703".to_string(), "打字复印".to_string()),
            ("NL0703".to_string(), "物业管理".to_string()),
        ]
    );
}

#[test]
fn a_header_as_a_reader_sees_it() {
    for scope in [
        "許可項目：保安服務",
        "许可项目∶保安服务",
        "许可项目﹕保安服务",
        "许可项目：：保安服务",
        "许可项目 ：保安服务",
    ] {
        assert_eq!(
            catalogue_findings(scope).first().map(|f| f.0.as_str()),
            Some("NL0701"),
            "{scope}"
        );
    }
    for scope in [
        "一般項目：软件开发；餐饮服务",
        "一般项目∶软件开发；餐饮服务",
    ] {
        assert!(
            catalogue_findings(scope).iter().any(|f| f.0 == "NL0702"),
            "{scope}"
        );
    }
}

#[test]
fn an_unsectioned_scope_draws_no_section_finding() {
    // Old free-text scopes name no section: only a 前置 line without its
    // approval is reported.
    assert_eq!(
        catalogue_findings(
            "餐饮服务；软件开发；食品经营（销售预包装食品）；计算机软硬件开发与销售"
        ),
        []
    );
}

#[test]
fn entries_written_as_lists_are_found_whole() {
    // (No two entries of the 2021 draft read alike; the unit tests of
    // `classify` hold the longer-wording-first order of the index.)
    let c = classifier();
    let m = c.classify("软件开发").unwrap();
    assert_eq!(c.code(m.entry), "I3006");
    // An entry written across the items of a list is found whole.
    let texts = ["技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发"];
    let parsed = neglist::parse::scope::parse_scope(texts[0]);
    let items: Vec<_> = parsed
        .items
        .iter()
        .map(|i| (0, i.range.clone(), i.joined_next))
        .collect();
    let found = c.classify_items(&texts, &items);
    assert_eq!(found.len(), 7);
    assert!(
        found[..6]
            .iter()
            .all(|m| m.as_ref().unwrap().items == (0, 5))
    );
    assert_eq!(c.code(found[6].as_ref().unwrap().entry), "I3006");
    // Only part of the list is no entry.
    let texts = ["技术服务、技术开发"];
    let parsed = neglist::parse::scope::parse_scope(texts[0]);
    let items: Vec<_> = parsed
        .items
        .iter()
        .map(|i| (0, i.range.clone(), i.joined_next))
        .collect();
    assert!(c.classify_items(&texts, &items).iter().all(Option::is_none));
}

#[test]
fn an_entry_reads_as_itself_however_it_is_written() {
    let c = classifier();
    for written in [
        "餐饮服务",
        "餐 饮 服 务",
        "餐\u{200B}饮服务",
        "&#x9910;饮服务",
        "餐飲服務",
        "化工产品销售(不含许可类化工产品)",
        "化工产品销售（不含许可类化工产品）",
    ] {
        assert!(c.classify(written).is_some(), "{written}");
    }
    for near in ["餐饮服务管理", "中餐饮服务", "餐饮", "化工产品销售"] {
        let m = c.classify(near);
        assert!(
            m.is_none() || c.code(m.as_ref().unwrap().entry) != "H2002",
            "{near}"
        );
    }
}

#[test]
fn a_prior_line_with_its_approval_declared_is_clean() {
    let yaml = "name: 某某保安服务有限公司\nbusiness_scope: \"许可项目：保安服务\"\nlicenses:\n  - type: 保安服务许可证\n    number: 京公保服001\n";
    let r = check_source(rules(), "p.yaml".into(), yaml.as_bytes().to_vec(), &opts());
    assert!(
        r.findings
            .iter()
            .all(|f| !f.finding.rule.starts_with("NL07")),
        "{:?}",
        r.findings
    );
    // Pending, cancelled, expired, without a number or with a placeholder
    // for one does not count.
    for licence in [
        "type: 保安服务许可证（申请中）\n    number: 京公保服001",
        "type: 未取得保安服务许可证\n    number: 京公保服001",
        "type: 保安服务许可证（正在办理）\n    number: \"1\"",
        "type: 保安服务许可证\n    number: 京公保服001\n    valid_until: 2020-01-01",
        "type: 保安服务许可证",
        "type: 保安服务许可证\n    number: \"\"",
        "type: 保安服务许可证\n    number: \"-\"",
        "type: 保安服务许可证\n    number: 0",
        "type: 保安服务许可证\n    number: 待定",
        "type: 保安服务许可证\n    number: 1（已注销）",
        // English placeholders, a number with no digit, a licence only
        // expected (a hostile run's).
        "type: 保安服务许可证\n    number: N/A",
        "type: 保安服务许可证\n    number: TBD",
        "type: 保安服务许可证\n    number: none",
        "type: 保安服务许可证\n    number: xxx",
        "type: 保安服务许可证（预计取得）\n    number: 京公保服001",
        "type: 保安服务许可证（将于2027年取得）\n    number: 京公保服001",
        "type: NOT 保安服务许可证\n    number: 京公保服001",
    ] {
        let yaml = format!(
            "name: 某某保安服务有限公司\nbusiness_scope: \"许可项目：保安服务\"\nlicenses:\n  - {licence}\n"
        );
        assert_eq!(
            catalogue_findings_of(&yaml),
            [("NL0701".to_string(), "保安服务".to_string())],
            "{licence}"
        );
    }
}

fn catalogue_findings_of(yaml: &str) -> Vec<(String, String)> {
    let r = check_source(rules(), "p.yaml".into(), yaml.as_bytes().to_vec(), &opts());
    r.findings
        .iter()
        .filter(|f| f.finding.rule.starts_with("NL07"))
        .map(|f| (f.finding.rule.clone(), f.matched.clone()))
        .collect()
}

#[test]
fn the_html_report_lists_the_licences_each_company_needs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "name: 某某保安服务有限公司\nbusiness_scope: \"许可项目：保安服务；餐饮服务。一般项目：软件开发\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        "name: 某某软件有限公司\nbusiness_scope: \"一般项目：软件开发\"\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("neglist")
        .unwrap()
        .args(["check", "--no-config", "--format", "html"])
        .arg(dir.path())
        .output()
        .unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    // Each company's row of the company table, by its name.
    let row = |name: &str| {
        let at = page
            .find(&format!("<span class=\"f\">{name}</span>"))
            .expect(name);
        let start = page[..at].rfind("<tr class=\"co ").unwrap();
        page[start..at + page[at..].find("</tr>").unwrap()].to_string()
    };
    let security = row("某某保安服务有限公司");
    assert!(
        security.contains("L2049 保安服务：保安服务许可证核发"),
        "{security}"
    );
    assert!(security.contains("H2002 餐饮服务"), "{security}");
    // A company whose lines need nothing has no licence listed.
    assert!(!row("某某软件有限公司").contains("<ul class=\"needs\">"));
}

#[test]
fn an_item_that_holds_the_words_of_a_prior_line_draws_a_warning() {
    let warned = |scope: &str| {
        let yaml = format!(
            "name: 某某有限公司\nbusiness_scope: {}\n",
            serde_json::to_string(scope).unwrap()
        );
        let r = check_source(rules(), "p.yaml".into(), yaml.into_bytes(), &opts());
        r.findings
            .iter()
            .filter(|f| f.finding.rule == "NL0705")
            .map(|f| {
                assert_eq!(f.finding.severity, neglist::rule::Severity::Warning);
                f.matched.clone()
            })
            .collect::<Vec<_>>()
    };
    for scope in [
        "物业管理；提供保安服务",
        "许可项目：保安服务业务",
        "保安服务等",
        "物业管理；提供保安服務",
        // A bracket that includes more business lists the item's own
        // words (a hostile run's).
        "人力资源服务（含保安服务）",
        "人力资源服务（包括保安服务）",
    ] {
        assert_eq!(warned(scope).len(), 1, "{scope}");
    }
    for scope in [
        // The entry itself is NL0701's.
        "保安服务",
        // Excluded, a licence's name, a licence's validity, a condition.
        "物业管理（不含保安服务）",
        "化工产品销售：按《危险化学品经营许可证》经营",
        "化工原料销售（危险化学品经营许可证有效期至2018年02月02日）",
        "爆破与拆除工程（凭爆破作业单位许可证经营）",
        // Acting for another: insurance agency is not insurance.
        "代理收付款项及代理保险业务",
        "软件开发",
    ] {
        assert_eq!(warned(scope), Vec::<String>::new(), "{scope}");
    }
}

/// Text under an unknown key that says it is a scope (NL0001: read as
/// business scope) is read by the catalogue's rules too (a hostile run
/// hid 前置 lines under `經營範圍` beside the real `经营范围`).
#[test]
fn a_scope_under_an_unknown_scope_key_is_classified_too() {
    for key in ["經營範圍", "主要业务", "scope_of_business"] {
        let yaml = format!(
            "name: 某某有限公司\n经营范围: \"一般项目：软件开发\"\n{key}: \"保安服务；餐饮服务\"\n"
        );
        let found = catalogue_findings_of(&yaml);
        assert!(
            found.contains(&("NL0701".to_string(), "保安服务".to_string())),
            "{key}: {found:?}"
        );
    }
}
