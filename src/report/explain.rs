//! `neglist explain` and `neglist rules`: documentation generated from the
//! rules themselves — their sources, periods, term sets and examples — so it
//! cannot drift from what `check` does.

use crate::filing::LoadCode;
use crate::parse::date::Date;
use crate::rule::Catalog;
use crate::rule::{BasisRef, CodeField, Cond, Rule, SetId, Source};
use serde_json::json;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

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

/// `发改运行[2021]1283号` as typed on a keyboard without 〔〕: brackets and
/// spaces do not count.
fn norm_number(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                '〔' | '〕' | '[' | ']' | '(' | ')' | '（' | '）' | '【' | '】'
            ) && !c.is_whitespace()
        })
        .collect()
}

fn find_source<'a>(catalog: &'a Catalog, id: &str) -> Option<&'a Source> {
    let want = norm_number(id);
    catalog
        .sources
        .iter()
        .find(|s| s.id.eq_ignore_ascii_case(id) || s.number == id)
        .or_else(|| {
            catalog
                .sources
                .iter()
                .find(|s| norm_number(&s.number) == want)
        })
}

/// A document number in parts: its words (the issuer's prefix, 令 …,
/// without brackets, spaces and the 年 第 号 around numbers) and its runs
/// of digits (year, serial).
fn number_parts(s: &str) -> (String, Vec<&str>) {
    let words = norm_number(s)
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, '年' | '第' | '号'))
        .collect();
    let runs = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
        .collect();
    (words, runs)
}

/// The sources a short document number names: `1283号`, `1283`,
/// `〔2021〕1283号`, `银发42号`, `第52号`. The serial (the last run of
/// digits) must be the document's; a year, when given, one of its numbers;
/// other words (the issuer's prefix), part of its own. Only numbers that
/// end in 号 are documents numbered so (`GB 32100-2015` is not).
fn sources_by_short_number<'a>(catalog: &'a Catalog, id: &str) -> Vec<&'a Source> {
    let q = id.trim();
    let q = q.strip_suffix('号').unwrap_or(q);
    // (A query ending in words, `发改运行`, is not a number.)
    if !q.ends_with(|c: char| c.is_ascii_digit()) {
        return vec![];
    }
    let (q_words, q_runs) = number_parts(q);
    let Some((serial, years)) = q_runs.split_last() else {
        return vec![];
    };
    let same = |a: &str, b: &str| a.trim_start_matches('0') == b.trim_start_matches('0');
    catalog
        .sources
        .iter()
        .filter(|s| {
            if !s.number.trim_end().ends_with('号') {
                return false;
            }
            let (words, runs) = number_parts(&s.number);
            let Some((last, rest)) = runs.split_last() else {
                return false;
            };
            same(last, serial)
                && years.iter().all(|y| rest.iter().any(|r| same(r, y)))
                && words.contains(&q_words)
        })
        .collect()
}

/// What `neglist explain ID` names.
pub enum Target<'a> {
    Rule(&'a Rule),
    /// A diagnostic of neglist's own loader (`NL0001`).
    Load(&'static LoadCode),
    /// A source document, by id, full number or a short number only it has.
    Source(&'a Source),
    /// A business-scope catalogue entry, by its code as the catalogue
    /// writes it (`H2002`).
    Entry(String),
}

/// Why `neglist explain ID` names nothing.
pub enum Unresolved<'a> {
    /// A short number that several documents have: listed, not guessed.
    Ambiguous(Vec<&'a Source>),
    /// Nothing is called so; the nearest names (code or number, and what
    /// it is), best first.
    Unknown(Vec<(String, String)>),
}

/// Resolves what the user typed: a rule's code or name, a loader code, a
/// source (id, number, short number), or a catalogue code. Case, spaces
/// and full-width letters and digits (`ｈ２００２`) do not matter.
pub fn resolve<'a>(catalog: &'a Catalog, id: &str) -> Result<Target<'a>, Unresolved<'a>> {
    use unicode_normalization::UnicodeNormalization;
    // NFKC folds full-width ASCII (and leaves 〔〕 alone).
    let key: String = id.nfkc().collect();
    let key = key.trim();
    let compact: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(r) = catalog.rule(key).or_else(|| catalog.rule(&compact)) {
        return Ok(Target::Rule(r));
    }
    if let Some(c) = load_code(&compact) {
        return Ok(Target::Load(c));
    }
    if let Some(s) = find_source(catalog, key) {
        return Ok(Target::Source(s));
    }
    let code = compact.to_uppercase();
    // (The catalogue is built only for what is shaped like one of its codes.)
    if crate::catalogue::is_code(&code) && crate::catalogue::catalogue().get(&code).is_some() {
        return Ok(Target::Entry(code));
    }
    let short = sources_by_short_number(catalog, key);
    match short.len() {
        0 => Err(Unresolved::Unknown(nearest(catalog, key, &code))),
        1 => Ok(Target::Source(short[0])),
        _ => Err(Unresolved::Ambiguous(short)),
    }
}

/// Up to this many suggestions for a name that names nothing.
const SUGGESTIONS: usize = 5;

/// The names nearest to `key` (Damerau–Levenshtein similarity of at least
/// 0.5, as "did you mean" does for filing keys), then rules and documents
/// whose title contains it (`挖矿`), each with what it is.
fn nearest(catalog: &Catalog, key: &str, code: &str) -> Vec<(String, String)> {
    let mut scored: Vec<(f64, String, String)> = vec![];
    let key_l = key.to_lowercase();
    let key_len = key_l.chars().count();
    let mut add = |min: f64, cand: &str, shown: &str, what: String| {
        let cand = cand.to_lowercase();
        let whole = strsim::normalized_damerau_levenshtein(&key_l, &cand);
        // A misspelt start of a long name (`vc-minng`) is near that name's
        // start, though far from the whole of it.
        let start: String = cand.chars().take(key_len).collect();
        let part = if key_len >= 4 && start != cand {
            0.9 * strsim::normalized_damerau_levenshtein(&key_l, &start)
        } else {
            0.0
        };
        let score = whole.max(part);
        if score >= min {
            scored.push((score, shown.to_string(), what));
        }
    };
    for r in &catalog.rules {
        add(0.5, &r.code, &r.code, r.title.clone());
        add(0.5, &r.name, &r.code, format!("{} — {}", r.name, r.title));
    }
    for c in crate::filing::builtin_codes() {
        // (Titles as the rules' are written: Chinese.)
        let title = c.title_in(Lang::Zh);
        add(0.5, c.code, c.code, title.to_string());
        add(0.5, c.name, c.code, format!("{} — {title}", c.name));
    }
    for s in &catalog.sources {
        add(
            0.5,
            &norm_number(&s.number),
            &s.number,
            format!("《{}》", s.title),
        );
        add(0.5, &s.id, &s.number, format!("《{}》", s.title));
        // (`1284号` is near 1283号 as a short number, one digit off; not
        // near 18号.)
        if let Some(serial) = number_parts(&s.number).1.last()
            && s.number.ends_with('号')
        {
            add(
                0.7,
                &format!("{serial}号"),
                &s.number,
                format!("《{}》", s.title),
            );
        }
    }
    // Catalogue codes only for what looks like one (a letter, four more).
    if code.len() == 5 && code.starts_with(|c: char| c.is_ascii_uppercase()) && code.is_ascii() {
        for e in crate::catalogue::catalogue().iter() {
            add(0.5, e.code, e.code, e.name.to_string());
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut out: Vec<(String, String)> = vec![];
    let mut push = |k: String, w: String| {
        if out.len() < SUGGESTIONS && !out.iter().any(|(x, _)| *x == k) {
            out.push((k, w));
        }
    };
    for (_, k, w) in scored {
        push(k, w);
    }
    if key.chars().count() >= 2 {
        for r in &catalog.rules {
            if r.title.contains(key) || r.name.contains(key) {
                push(r.code.clone(), r.title.clone());
            }
        }
        for s in &catalog.sources {
            if s.title.contains(key) || s.number.contains(key) {
                push(s.number.clone(), format!("《{}》", s.title));
            }
        }
    }
    out
}

/// The message for `explain ID` naming nothing (for standard error).
pub fn unresolved_text(id: &str, why: &Unresolved, catalog: &Catalog, lang: Lang) -> String {
    let mut o = String::new();
    match why {
        Unresolved::Ambiguous(sources) => {
            let _ = writeln!(
                o,
                "{}",
                match lang {
                    Lang::Zh => format!("错误：`{id}` 是多份文件的文号，请写出完整文号："),
                    Lang::En => format!(
                        "error: `{id}` is the number of several documents; give the full number:"
                    ),
                }
            );
            for s in sources {
                let codes: Vec<&str> = citing(catalog, s).map(|r| r.code.as_str()).collect();
                let _ = writeln!(o, "  {}  《{}》", s.number, s.title);
                if !codes.is_empty() {
                    let _ = writeln!(
                        o,
                        "      {}: {}",
                        lang.pick("引用它的规则", "rules citing it"),
                        codes.join(", ")
                    );
                }
            }
        }
        Unresolved::Unknown(near) => {
            let _ = writeln!(
                o,
                "{}",
                match lang {
                    Lang::Zh =>
                        format!("错误：没有叫 `{id}` 的规则、诊断代码、文件或经营范围目录条目"),
                    Lang::En => format!(
                        "error: no rule, diagnostic code, source document or catalogue entry called `{id}`"
                    ),
                }
            );
            if !near.is_empty() {
                let _ = writeln!(o, "  {}", lang.pick("是不是：", "did you mean:"));
                let w = near.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
                for (k, what) in near {
                    let _ = writeln!(o, "    {}  {what}", pad_to(k, w));
                }
            }
        }
    }
    let _ = writeln!(
        o,
        "  {}",
        lang.pick(
            "提示：`neglist rules` 列出全部规则；文件可写完整文号或简写（1283号、42号）；`neglist classify --scope 文本` 查找目录条目代码",
            "help: `neglist rules` lists the rules; a document can be named by its full or short number (1283号, 42号); `neglist classify --scope TEXT` finds catalogue codes"
        )
    );
    o
}

/// `s` padded with spaces to `w` display columns (a CJK character is two).
fn pad_to(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

fn citing<'a>(catalog: &'a Catalog, src: &'a Source) -> impl Iterator<Item = &'a Rule> {
    catalog.rules.iter().filter(move |r| {
        r.basis
            .iter()
            .any(|b| catalog.sources[b.source].id == src.id)
    })
}

/// Explains a rule by code or name, a loader diagnostic, a source by
/// document number / id (listing the rules that cite it), or a catalogue
/// entry; None when `id` names nothing, or several documents.
pub fn explain_text(catalog: &Catalog, id: &str, today: Date, lang: Lang) -> Option<String> {
    resolve(catalog, id)
        .ok()
        .map(|t| target_text(catalog, &t, today, lang))
}

/// The explanation of what `resolve` found.
pub fn target_text(catalog: &Catalog, target: &Target, today: Date, lang: Lang) -> String {
    let mut o = String::new();
    let src = match target {
        Target::Rule(r) => return rule_text(catalog, r, today, lang),
        Target::Entry(code) => {
            return crate::report::classify::entry_text(code).unwrap_or_default();
        }
        Target::Load(c) => {
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
            return o;
        }
        Target::Source(s) => *s,
    };
    source_block(&mut o, src, None, lang, "# ");
    let _ = writeln!(
        o,
        "  id: {}    {}: {}",
        src.id,
        lang.pick("有效期间", "in force"),
        src.period()
    );
    let _ = writeln!(o, "\n## {}", lang.pick("引用它的规则", "Rules citing it"));
    // An index: the rules, aligned by display width (names and titles
    // differ in length; a CJK character takes two columns).
    let rules: Vec<&Rule> = citing(catalog, src).collect();
    let name_w = rules.iter().map(|r| r.name.width()).max().unwrap_or(0);
    for r in rules {
        let title = match (lang, &r.title_en) {
            (Lang::En, Some(en)) => en,
            _ => &r.title,
        };
        let _ = writeln!(
            o,
            "  {} {} {:<8} [{}] {title}",
            r.code,
            pad_to(&r.name, name_w),
            r.severity.as_str(),
            r.periods_text()
        );
    }
    o
}

fn periods_json(r: &Rule) -> serde_json::Value {
    r.periods
        .iter()
        .map(|p| json!({"from": p.from.map(|d| d.to_string()), "until": p.until.map(|d| d.to_string())}))
        .collect()
}

pub fn explain_json(catalog: &Catalog, id: &str, today: Date) -> Option<serde_json::Value> {
    resolve(catalog, id)
        .ok()
        .map(|t| target_json(catalog, &t, today))
}

/// The JSON explanation of what `resolve` found.
pub fn target_json(catalog: &Catalog, target: &Target, today: Date) -> serde_json::Value {
    let src = match target {
        Target::Rule(r) => return rule_json(catalog, r, today),
        Target::Entry(code) => {
            return crate::report::classify::entry_explain_json(code).unwrap_or_default();
        }
        Target::Load(c) => {
            return json!({"code": c.code, "name": c.name, "title": c.title, "category": "data", "severity": c.severity, "help": c.help});
        }
        Target::Source(s) => *s,
    };
    let rules: Vec<_> = citing(catalog, src)
        .map(|r| json!({"code": r.code, "name": r.name, "title": r.title, "severity": r.severity, "periods": periods_json(r)}))
        .collect();
    json!({"source": src, "in_force_today": src.in_force(today), "rules": rules})
}

fn rule_json(catalog: &Catalog, r: &Rule, today: Date) -> serde_json::Value {
    let mut sh = Shape::default();
    shape(&r.when, catalog, &mut sh);
    let sets = |v: &[SetId]| -> Vec<serde_json::Value> {
        v.iter()
            .map(|i| json!({"name": catalog.sets[*i].name, "terms": catalog.sets[*i].terms}))
            .collect()
    };
    json!({
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
    })
}

/// One line of `neglist rules`: a rule, or a diagnostic of the loader's.
struct RuleRow<'a> {
    code: &'a str,
    name: &'a str,
    category: &'a str,
    severity: &'a str,
    /// `false` for a `default off` rule (run only when selected).
    default_on: bool,
    periods: Vec<crate::rule::Period>,
    title: &'a str,
    title_en: Option<&'a str>,
    /// The sources cited, in the rule's order (none for a loader code).
    sources: Vec<&'a Source>,
    /// Built into neglist's loader rather than written in a rule file.
    builtin: bool,
}

/// The rules (in force on `as_of`, if given) and the loader's codes, in
/// code order.
fn rule_rows(catalog: &Catalog, as_of: Option<Date>) -> Vec<RuleRow<'_>> {
    let mut rows: Vec<RuleRow> = catalog
        .rules
        .iter()
        .filter(|r| as_of.is_none_or(|d| r.in_force(d)))
        .map(|r| RuleRow {
            code: &r.code,
            name: &r.name,
            category: r.category.as_str(),
            severity: r.severity.as_str(),
            default_on: !r.opt_in,
            periods: r.periods.clone(),
            title: &r.title,
            title_en: r.title_en.as_deref(),
            sources: r.basis.iter().map(|b| &catalog.sources[b.source]).collect(),
            builtin: false,
        })
        .chain(crate::filing::builtin_codes().map(|c| RuleRow {
            code: c.code,
            name: c.name,
            category: "data",
            severity: c.severity,
            default_on: true,
            periods: vec![crate::rule::Period {
                from: None,
                until: None,
            }],
            // (Like a rule's: the title in Chinese, and in English.)
            title: c.title_in(Lang::Zh),
            title_en: Some(c.title),
            sources: vec![],
            builtin: true,
        }))
        .collect();
    // Codes are fixed-width (NL + four digits) in the built-in set; a user
    // rule file may use others, so compare as text (stable for ties).
    rows.sort_by(|a, b| a.code.cmp(b.code));
    rows
}

fn periods_words(periods: &[crate::rule::Period], lang: Lang) -> String {
    if periods.is_empty() {
        return lang.pick("从不", "never").into();
    }
    periods
        .iter()
        .map(|p| match (p.from, p.until) {
            (None, None) => lang.pick("始终", "always").to_string(),
            _ => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `neglist rules`: a table, one line per rule and loader code, in code
/// order, columns aligned by display width.
pub fn rules_table(catalog: &Catalog, as_of: Option<Date>, lang: Lang) -> String {
    let rows = rule_rows(catalog, as_of);
    let head = [
        lang.pick("代码", "code"),
        lang.pick("名称", "name"),
        lang.pick("类别", "category"),
        lang.pick("严重性", "severity"),
        lang.pick("默认", "default"),
        lang.pick("有效期间", "in force"),
        lang.pick("标题", "title"),
    ];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            let title = match (lang, r.title_en) {
                (Lang::En, Some(en)) => en,
                _ => r.title,
            };
            // (Category and severity in the table's language, as the
            // reports say them; JSON keeps the rule language's words.)
            let category = crate::rule::Category::parse(r.category)
                .map_or(r.category, |c| super::category_word(c, lang));
            let severity = crate::rule::Severity::parse(r.severity)
                .map_or(r.severity, |s| super::severity_word(s, lang));
            [
                r.code.to_string(),
                r.name.to_string(),
                category.to_string(),
                severity.to_string(),
                if r.default_on {
                    lang.pick("开", "on")
                } else {
                    lang.pick("关", "off")
                }
                .to_string(),
                periods_words(&r.periods, lang),
                title.to_string(),
            ]
        })
        .collect();
    let mut widths = head.map(UnicodeWidthStr::width);
    for c in &cells {
        for (w, cell) in widths.iter_mut().zip(c) {
            *w = (*w).max(cell.width());
        }
    }
    let mut o = String::new();
    if let Some(d) = as_of {
        let _ = writeln!(
            o,
            "{}",
            match lang {
                Lang::Zh => format!("{d} 有效的规则："),
                Lang::En => format!("rules in force on {d}:"),
            }
        );
    }
    let line = |o: &mut String, c: &[&str]| {
        let last = c.len() - 1;
        let mut l = String::new();
        for (i, cell) in c.iter().enumerate() {
            if i == last {
                l.push_str(cell);
            } else {
                l.push_str(&pad_to(cell, widths[i]));
                l.push_str("  ");
            }
        }
        let _ = writeln!(o, "{}", l.trim_end());
    };
    line(&mut o, &head);
    for c in &cells {
        line(&mut o, &c.each_ref().map(String::as_str));
    }
    o
}

/// `neglist rules --format json`: an array, one object a rule or loader
/// code, in code order (docs/output.md describes the fields).
pub fn rules_json(catalog: &Catalog, as_of: Option<Date>) -> serde_json::Value {
    rule_rows(catalog, as_of)
        .iter()
        .map(|r| {
            json!({
                "code": r.code,
                "name": r.name,
                "title": r.title,
                "title_en": r.title_en,
                "category": r.category,
                "severity": r.severity,
                "default": if r.default_on { "on" } else { "off" },
                "builtin_check": r.builtin,
                "periods": r.periods.iter().map(|p| json!({
                    "from": p.from.map(|d| d.to_string()),
                    "until": p.until.map(|d| d.to_string()),
                })).collect::<Vec<_>>(),
                "sources": r.sources.iter().map(|s| json!({
                    "id": s.id,
                    "number": s.number,
                    "title": s.title,
                    "status": s.status,
                    "url": s.url,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
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
