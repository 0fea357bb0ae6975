//! `neglist explain` and `neglist rules`: documentation generated from the
//! rules themselves — their sources, periods, term sets and examples — so it
//! cannot drift from what `check` does.

use crate::filing::LoadCode;
use crate::parse::date::Date;
use crate::rule::Catalog;
use crate::rule::{BasisRef, CodeField, Cond, Rule, SetId, Source};
use serde_json::json;
use std::fmt::Write as _;

pub use crate::lang::Lang;

fn status_text(s: &Source, lang: Lang) -> String {
    match s.status.as_str() {
        "confirmed" => lang.pick("已核实", "confirmed").into(),
        "partly-confirmed" => lang
            .pick(
                "部分核实（见说明；据此的规则不作为确定结论）",
                "partly confirmed (see the note; rules resting on the unconfirmed part are warnings)",
            )
            .into(),
        other => format!(
            "{} ({other})",
            lang.pick("未核实", "unconfirmed: not used for hard errors")
        ),
    }
}

/// A source's particulars; `quote` is the cited item's words (else the
/// source's own key sentence).
fn source_block(o: &mut String, s: &Source, b: Option<&BasisRef>, lang: Lang, head: &str) {
    let pad = " ".repeat(head.chars().count());
    let _ = write!(o, "{head}{} 《{}》", s.number, s.title);
    if let Some(i) = b.and_then(|b| b.item.as_deref()) {
        let _ = write!(o, " {i}");
    }
    let _ = writeln!(o);
    if lang == Lang::En
        && let Some(en) = &s.title_en
    {
        let _ = writeln!(o, "{pad}{en}");
    }
    if let Some(i) = &s.issuer {
        let _ = writeln!(o, "{pad}{}: {i}", lang.pick("发文机关", "issued by"));
    }
    let mut dates = vec![];
    for (d, zh, en) in [
        (s.signed, "成文", "signed"),
        (s.published, "发布", "published"),
        (s.effective, "施行", "in force from"),
    ] {
        if let Some(d) = d {
            dates.push(format!("{} {d}", lang.pick(zh, en)));
        }
    }
    if let Some(d) = s.superseded_on {
        dates.push(format!(
            "{} {d}{}",
            lang.pick("废止/被取代", "superseded"),
            s.superseded_by
                .as_deref()
                .map(|b| format!(" {} {b}", lang.pick("由", "by")))
                .unwrap_or_default()
        ));
    }
    if !dates.is_empty() {
        let _ = writeln!(o, "{pad}{}", dates.join("; "));
    }
    let _ = writeln!(
        o,
        "{pad}{}: {}",
        lang.pick("核实状态", "status"),
        status_text(s, lang)
    );
    let quote = match b {
        Some(b) => b.quote.as_ref().or(s.quote.as_ref()),
        None => s.quote.as_ref(),
    };
    if let Some(q) = quote {
        let _ = writeln!(o, "{pad}{}: “{q}”", lang.pick("原文要点", "key text"));
    }
    if let Some(n) = &s.note {
        let _ = writeln!(o, "{pad}{}: {n}", lang.pick("说明", "note"));
    }
    if let Some(u) = &s.url {
        let _ = writeln!(o, "{pad}{}: {u}", lang.pick("原文", "text"));
    }
}

/// A condition in words, for the "does not match" list.
fn describe(c: &Cond, catalog: &Catalog) -> String {
    let set = |id: &SetId| catalog.sets[*id].name.clone();
    match c {
        Cond::Or(v) => v
            .iter()
            .map(|x| describe(x, catalog))
            .collect::<Vec<_>>()
            .join(" or "),
        Cond::And(v) => v
            .iter()
            .map(|x| describe(x, catalog))
            .collect::<Vec<_>>()
            .join(" and "),
        Cond::Not(x) => format!("not ({})", describe(x, catalog)),
        Cond::Text { field, all_of, .. } => format!(
            "{} contains {}",
            field.as_str(),
            all_of
                .iter()
                .map(|g| g.iter().map(set).collect::<Vec<_>>().join(" | "))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        Cond::Code { field, patterns } => format!(
            "{} in [{}]",
            match field {
                CodeField::Industry => "industry",
                CodeField::Region => "region",
                CodeField::UsccKind => "uscc_kind",
                CodeField::FilingType => "filing_type",
            },
            patterns.join(", ")
        ),
        other => format!("{other:?}"),
    }
}

/// What a rule's condition looks for, and what it sets aside on purpose.
#[derive(Default)]
struct Shape {
    /// Term sets that make a match.
    matched: Vec<SetId>,
    /// `except` sets: phrases whose inner words do not count.
    inside: Vec<SetId>,
    /// Negated conditions: filings they hold for are not flagged.
    negated: Vec<String>,
    /// The term sets those negated conditions look for.
    negated_sets: Vec<SetId>,
}

fn text_sets(c: &Cond, out: &mut Vec<SetId>) {
    match c {
        Cond::Or(v) | Cond::And(v) => v.iter().for_each(|x| text_sets(x, out)),
        Cond::Not(x) => text_sets(x, out),
        Cond::Text { all_of, .. } => {
            for s in all_of.iter().flatten() {
                if !out.contains(s) {
                    out.push(*s);
                }
            }
        }
        _ => {}
    }
}

fn shape(c: &Cond, catalog: &Catalog, out: &mut Shape) {
    // Sets are kept once by what they hold: two inline `["互联网保险"]`
    // lists are the same exception.
    let push = |v: &mut Vec<SetId>, id: SetId| {
        let same = |x: &SetId| catalog.sets[*x].terms == catalog.sets[id].terms;
        if !v.iter().any(same) {
            v.push(id);
        }
    };
    match c {
        Cond::Or(v) | Cond::And(v) => v.iter().for_each(|x| shape(x, catalog, out)),
        Cond::Not(x) => {
            let d = describe(x, catalog);
            if !out.negated.contains(&d) {
                out.negated.push(d);
            }
            text_sets(x, &mut out.negated_sets);
        }
        Cond::Text {
            all_of,
            except,
            unless,
            ..
        } => {
            for s in all_of.iter().flatten() {
                push(&mut out.matched, *s);
            }
            for x in except {
                push(&mut out.inside, *x);
            }
            // (`unless` is a span, as `except` is.)
            for x in unless {
                push(&mut out.inside, *x);
            }
        }
        _ => {}
    }
}

fn set_line(catalog: &Catalog, id: SetId) -> String {
    let s = &catalog.sets[id];
    let terms = s.terms.join(", ");
    if s.name.starts_with('[') {
        format!("[{terms}]")
    } else {
        format!("{} = [{terms}]", s.name)
    }
}

/// The sources a rule cites, oldest first: its in-force history.
fn history<'a>(r: &'a Rule, catalog: &Catalog) -> Vec<&'a BasisRef> {
    let mut b: Vec<&BasisRef> = r.basis.iter().collect();
    b.sort_by_key(|b| catalog.sources[b.source].start());
    b
}

/// What the rule language says a rule does with words that stand under a
/// proven suppression of the scope's structure (docs/rules-language.md).
fn structure_note(r: &Rule) -> (&'static str, &'static str) {
    if r.category == crate::rule::Category::Prohibited {
        (
            "经营范围结构所排除的字样（否定结构：括号内“不含……”“……除外”、项目开头的“不得从事……”、“除……外”；前置条件括注：凭……许可证经营、须经……批准；标准条款）仍会报告，但按警告报告并注明原因，请复核；未知键下的文字同样检查",
            "words the scope's structure sets apart (a negation: （不含…）, （…除外）, an item headed by 不得从事…, 除…外; a condition in brackets: 凭…许可证经营, 须经…批准; a standard clause) are still reported, as a warning naming why, for review; text under unknown keys is read too",
        )
    } else {
        (
            "经营范围结构所排除的字样不算：否定结构（括号内“不含……”“……除外”、项目开头的“不得从事……”、“除……外”）排除了业务；前置条件括注和标准条款列明的是许可证、机关或条件，不是经营项目",
            "words the scope's structure sets apart do not count: a negation (（不含…）, （…除外）, an item headed by 不得从事…, 除…外) excludes the business; a condition in brackets or a standard clause names a licence, a body or a condition, not a business line",
        )
    }
}

fn rule_text(catalog: &Catalog, r: &Rule, today: Date, lang: Lang) -> String {
    let mut o = String::new();
    let title = match (lang, &r.title_en) {
        (Lang::En, Some(en)) => en.as_str(),
        _ => r.title.as_str(),
    };
    let _ = writeln!(o, "# {} {} — {title}", r.code, r.name);
    if lang == Lang::En {
        let _ = writeln!(o, "  {}", r.title);
    } else if let Some(en) = &r.title_en {
        let _ = writeln!(o, "  {en}");
    }
    let _ = writeln!(
        o,
        "\n{}: {}    {}: {}",
        lang.pick("类别", "category"),
        super::category_word(r.category, lang),
        lang.pick("严重性", "severity"),
        super::severity_word(r.severity, lang)
    );
    let live = r.in_force(today);
    let _ = writeln!(
        o,
        "{}: {}    ({today}: {})",
        lang.pick("有效期间", "in force"),
        r.periods_text(),
        if live {
            lang.pick("现行有效", "in force")
        } else {
            lang.pick("不在有效期内，不会报告", "not in force, not reported")
        }
    );

    let _ = writeln!(o, "\n## {}", lang.pick("法律依据", "Legal basis"));
    for b in &r.basis {
        source_block(&mut o, &catalog.sources[b.source], Some(b), lang, "  - ");
    }

    let _ = writeln!(o, "\n## {}", lang.pick("时间线", "In-force history"));
    for b in history(r, catalog) {
        let s = &catalog.sources[b.source];
        let _ = writeln!(o, "  {:<24} {}", s.period().to_string(), s.number);
    }
    if r.stated {
        let _ = writeln!(
            o,
            "  {}: {}",
            lang.pick("规则自定有效期", "the rule states its own period"),
            r.periods_text()
        );
    }
    let applies: Vec<&str> = r
        .basis_on(&catalog.sources, today)
        .iter()
        .map(|b| catalog.sources[b.source].number.as_str())
        .collect();
    if live {
        let _ = writeln!(
            o,
            "  {} {today} {}: {}",
            lang.pick("于", "On"),
            lang.pick("适用", "the applicable text is"),
            applies.join(", ")
        );
    }

    let mut sh = Shape::default();
    shape(&r.when, catalog, &mut sh);
    let _ = writeln!(o, "\n## {}", lang.pick("匹配什么", "What it matches"));
    let _ = writeln!(o, "  when {}", r.when_text);
    for id in &sh.matched {
        let _ = writeln!(o, "    {}", set_line(catalog, *id));
    }
    let _ = writeln!(o, "  message: {}", r.message);
    let reads_text = !sh.matched.is_empty();
    if reads_text || !sh.negated.is_empty() {
        let _ = writeln!(
            o,
            "\n## {}",
            lang.pick(
                "有意不匹配什么（例外）",
                "What it deliberately does not match"
            )
        );
        for id in &sh.inside {
            let _ = writeln!(
                o,
                "  - {}: {}",
                lang.pick("出现在这些词语之内的字样不算", "words inside these phrases"),
                set_line(catalog, *id)
            );
        }
        if reads_text {
            let (zh, en) = structure_note(r);
            let _ = writeln!(o, "  - {}", lang.pick(zh, en));
        }
        for d in &sh.negated {
            let _ = writeln!(
                o,
                "  - {}: {d}",
                lang.pick("满足以下条件的申报", "filings where")
            );
        }
        for id in &sh.negated_sets {
            let _ = writeln!(o, "      {}", set_line(catalog, *id));
        }
    }

    for (deny, zh, en) in [
        (true, "会被标记的示例", "Flagged (example deny)"),
        (false, "不会被标记的示例", "Not flagged (example allow)"),
    ] {
        let ex: Vec<_> = r.examples.iter().filter(|e| e.deny == deny).collect();
        if !ex.is_empty() {
            let _ = writeln!(o, "\n## {}", lang.pick(zh, en));
            for e in ex {
                let _ = writeln!(
                    o,
                    "  {}",
                    e.yaml.split_whitespace().collect::<Vec<_>>().join(" ")
                );
            }
        }
    }
    let help = match lang {
        Lang::Zh => r.help.as_ref().or(r.help_en.as_ref()),
        Lang::En => r.help_en.as_ref().or(r.help.as_ref()),
    };
    if let Some(h) = help {
        let _ = writeln!(o, "\n## {}\n  {h}", lang.pick("如何合规", "How to comply"));
    }
    let _ = writeln!(
        o,
        "\n{} {}",
        lang.pick("定义于", "defined in"),
        r.origin.path
    );
    o
}

/// A loader diagnostic by code (`NL0001`) or name, case-insensitively.
fn load_code(id: &str) -> Option<&'static LoadCode> {
    crate::filing::builtin_codes()
        .find(|c| c.code.eq_ignore_ascii_case(id) || c.name.eq_ignore_ascii_case(id))
}

fn find_source<'a>(catalog: &'a Catalog, id: &str) -> Option<&'a Source> {
    let norm = |s: &str| s.replace(['〔', '〕', '[', ']', '(', ')', '（', '）', ' '], "");
    catalog
        .sources
        .iter()
        .find(|s| s.id.eq_ignore_ascii_case(id) || s.number == id)
        .or_else(|| {
            // `发改运行[2021]1283号` as typed on a keyboard without 〔〕.
            let want = norm(id);
            catalog.sources.iter().find(|s| norm(&s.number) == want)
        })
}

fn citing<'a>(catalog: &'a Catalog, src: &'a Source) -> impl Iterator<Item = &'a Rule> {
    catalog.rules.iter().filter(move |r| {
        r.basis
            .iter()
            .any(|b| catalog.sources[b.source].id == src.id)
    })
}

/// Explains a rule by code or name, a loader diagnostic, or a source by
/// document number / id (listing the rules that cite it).
pub fn explain_text(catalog: &Catalog, id: &str, today: Date, lang: Lang) -> Option<String> {
    if let Some(r) = catalog.rule(id) {
        return Some(rule_text(catalog, r, today, lang));
    }
    let mut o = String::new();
    if let Some(c) = load_code(id) {
        let _ = writeln!(o, "# {} {} — {}\n", c.code, c.name, c.title_in(lang));
        let _ = writeln!(
            o,
            "{}: {}    {}: {}",
            lang.pick("类别", "category"),
            super::category_word(crate::rule::Category::Data, lang),
            lang.pick("严重性", "severity"),
            super::severity_word(c.level(), lang)
        );
        let _ = writeln!(
            o,
            "{}\n\n## {}\n  {}",
            lang.pick(
                "由 neglist 自身报告（内置，不是规则文件）。",
                "Reported by neglist itself (built in, not a rule file)."
            ),
            lang.pick("如何合规", "How to comply"),
            c.help_in(lang)
        );
        return Some(o);
    }
    let src = find_source(catalog, id)?;
    source_block(&mut o, src, None, lang, "# ");
    let _ = writeln!(
        o,
        "  id: {}    {}: {}",
        src.id,
        lang.pick("有效期间", "in force"),
        src.period()
    );
    let _ = writeln!(o, "\n## {}", lang.pick("引用它的规则", "Rules citing it"));
    for r in citing(catalog, src) {
        let title = match (lang, &r.title_en) {
            (Lang::En, Some(en)) => en,
            _ => &r.title,
        };
        let _ = writeln!(
            o,
            "  {} {:<30} {:<8} [{}] {title}",
            r.code,
            r.name,
            r.severity.as_str(),
            r.periods_text()
        );
    }
    Some(o)
}

fn periods_json(r: &Rule) -> serde_json::Value {
    r.periods
        .iter()
        .map(|p| json!({"from": p.from.map(|d| d.to_string()), "until": p.until.map(|d| d.to_string())}))
        .collect()
}

pub fn explain_json(catalog: &Catalog, id: &str, today: Date) -> Option<serde_json::Value> {
    if let Some(r) = catalog.rule(id) {
        let mut sh = Shape::default();
        shape(&r.when, catalog, &mut sh);
        let sets = |v: &[SetId]| -> Vec<serde_json::Value> {
            v.iter()
                .map(|i| json!({"name": catalog.sets[*i].name, "terms": catalog.sets[*i].terms}))
                .collect()
        };
        return Some(json!({
            "code": r.code,
            "name": r.name,
            "title": r.title,
            "title_en": r.title_en,
            "category": r.category,
            "severity": r.severity,
            "periods": periods_json(r),
            "period_stated": r.stated,
            "effective_from": r.first_day().map(|d| d.to_string()),
            "effective_until": r.periods.last().and_then(|p| p.until).map(|d| d.to_string()),
            "today": today.to_string(),
            "in_force_today": r.in_force(today),
            "applicable_today": r.basis_on(&catalog.sources, today).iter()
                .map(|b| catalog.sources[b.source].number.clone()).collect::<Vec<_>>(),
            "basis": r.basis.iter().map(|b| {
                let s = &catalog.sources[b.source];
                json!({"source": s, "item": b.item, "quote": b.quote})
            }).collect::<Vec<_>>(),
            "when": r.when_text,
            "matches": sets(&sh.matched),
            "except_inside": sets(&sh.inside),
            "structure": if sh.matched.is_empty() { serde_json::Value::Null } else { json!(structure_note(r).1) },
            "not_when": sh.negated,
            "not_when_sets": sets(&sh.negated_sets),
            "message": r.message,
            "help": r.help,
            "help_en": r.help_en,
            "examples": r.examples.iter().map(|e| json!({"verdict": if e.deny {"deny"} else {"allow"}, "filing": e.yaml})).collect::<Vec<_>>(),
            "defined_in": r.origin.path,
        }));
    }
    if let Some(c) = load_code(id) {
        return Some(
            json!({"code": c.code, "name": c.name, "title": c.title, "category": "data", "severity": c.severity, "help": c.help}),
        );
    }
    let src = find_source(catalog, id)?;
    let rules: Vec<_> = citing(catalog, src)
        .map(|r| json!({"code": r.code, "name": r.name, "title": r.title, "severity": r.severity, "periods": periods_json(r)}))
        .collect();
    Some(json!({"source": src, "in_force_today": src.in_force(today), "rules": rules}))
}

/// `neglist rules`: one line per rule (and the loader's data codes).
pub fn rules_table(catalog: &Catalog, as_of: Option<Date>) -> String {
    let mut o = String::new();
    if let Some(d) = as_of {
        let _ = writeln!(o, "rules in force on {d}:");
    }
    let _ = writeln!(
        o,
        "{:<7} {:<30} {:<16} {:<8} {:<26} title",
        "code", "name", "category", "severity", "in force"
    );
    for r in &catalog.rules {
        if let Some(d) = as_of
            && !r.in_force(d)
        {
            continue;
        }
        let _ = writeln!(
            o,
            "{:<7} {:<30} {:<16} {:<8} {:<26} {}",
            r.code,
            r.name,
            r.category.as_str(),
            r.severity.as_str(),
            r.periods_text(),
            r.title
        );
    }
    for c in crate::filing::builtin_codes() {
        let _ = writeln!(
            o,
            "{:<7} {:<30} {:<16} {:<8} {:<26} {}",
            c.code, c.name, "data", c.severity, "always", c.title
        );
    }
    o
}

/// Every term the rules (in force on `as_of`, if given) match on, as
/// written, once each, sorted.
pub fn terms_list(catalog: &Catalog, as_of: Option<Date>) -> String {
    let mut sets = vec![];
    for r in &catalog.rules {
        if as_of.is_none_or(|d| r.in_force(d)) {
            let mut sh = Shape::default();
            shape(&r.when, catalog, &mut sh);
            sets.extend(sh.matched);
        }
    }
    let mut terms: Vec<&str> = sets
        .iter()
        .flat_map(|s| catalog.sets[*s].terms.iter().map(String::as_str))
        .collect();
    terms.sort_unstable();
    terms.dedup();
    terms.iter().map(|t| format!("{t}\n")).collect()
}
