//! `neglist classify`: each filing's scope items as the catalogue sees
//! them (entry, class, the licence or filing it needs, the negative-list
//! measure, the GB/T 4754 classes), as a table, JSON or NDJSON.

use crate::catalogue::Entry;
use crate::classify::classifier;
use crate::engine::eval::classify_items;
use crate::filing::{Filing, SourceFile};
use crate::rule::ItemSection;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

/// How many nearest entries a non-standard item is offered.
const NEAREST: usize = 3;
/// Nearest entries are looked for only for this many non-standard items of
/// a filing, each of at most `NEAREST_MAX_CHARS` characters: a scope of
/// 100 000 items is classified in bounded work.
const NEAREST_ITEMS: usize = 200;
const NEAREST_MAX_CHARS: usize = 64;

/// One scope item, classified.
#[derive(Debug, Clone)]
pub struct ClassifiedItem {
    /// The item as written (an entry written across several items of the
    /// scope, `技术服务、技术开发…`, is one).
    pub item: String,
    pub section: Option<ItemSection>,
    /// Line and character column in the file.
    pub line: usize,
    pub column: usize,
    pub entry: Option<&'static Entry<'static>>,
    /// Other entries that read the same (the longer one is `entry`).
    pub also: Vec<&'static Entry<'static>>,
    /// Written in the draft's wording of a renamed entry.
    pub old_wording: bool,
    /// For a non-standard item: the nearest entries, with a score 0–1.
    pub nearest: Vec<(&'static Entry<'static>, f32)>,
}

/// One filing's items.
#[derive(Debug, Clone)]
pub struct ClassifiedFiling {
    pub path: String,
    pub document: usize,
    pub name: Option<String>,
    pub uscc: Option<String>,
    pub items: Vec<ClassifiedItem>,
}

/// Classifies every scope item of a filing.
pub fn classify_filing(path: &str, file: &SourceFile, filing: &Filing) -> ClassifiedFiling {
    let c = classifier();
    let found = classify_items(filing);
    let mut items = vec![];
    let mut nearest_left = NEAREST_ITEMS;
    let mut k = 0;
    while k < filing.scope.len() {
        let it = &filing.scope[k];
        let text = &filing.scope_texts[it.text];
        let (end, m) = match &found[k] {
            Some(m) => (filing.scope[m.items.1].range.end, Some(m)),
            None => (it.range.end, None),
        };
        let item = text.value[it.range.start..end].to_string();
        let at = text.file_range(it.range.start..end).start;
        let (line, column) = file.lines.line_col(&file.src, at);
        items.push(ClassifiedItem {
            section: crate::classify::item_section(it.section, it.catalogue_section),
            line,
            column,
            entry: m.map(|m| c.entry(m.entry)),
            also: m.map_or(vec![], |m| m.also.iter().map(|i| c.entry(*i)).collect()),
            old_wording: m.is_some_and(|m| m.old_wording),
            nearest: if m.is_none() && nearest_left > 0 && item.chars().count() <= NEAREST_MAX_CHARS
            {
                nearest_left -= 1;
                c.nearest(&item, NEAREST)
                    .into_iter()
                    .map(|(i, s)| (c.entry(i), s))
                    .collect()
            } else {
                vec![]
            },
            item,
        });
        k = m.map_or(k + 1, |m| m.items.1 + 1);
    }
    ClassifiedFiling {
        path: path.to_string(),
        document: filing.document,
        name: filing.name.as_ref().map(|n| n.value.value.clone()),
        uscc: filing
            .uscc
            .as_ref()
            .map(|u| file.src[crate::filing::value_range(&u.span, &file.src)].to_string()),
        items,
    }
}

fn section_zh(s: Option<ItemSection>) -> &'static str {
    match s {
        Some(ItemSection::General) => "一般项目",
        Some(ItemSection::Licensed) => "许可项目",
        None => "—",
    }
}

fn section_key(s: Option<ItemSection>) -> Value {
    match s {
        Some(ItemSection::General) => json!("general"),
        Some(ItemSection::Licensed) => json!("licensed"),
        None => Value::Null,
    }
}

fn entry_json(e: &Entry) -> Value {
    json!({
        "code": e.code,
        "name": e.name,
        "class": e.class.zh(),
        "licences": e.licences,
        "filings": e.filings,
        "negative_list": e.negative_list,
        "gbt4754": e.gbt.iter().map(|g| json!({"code": g.code, "name": g.name})).collect::<Vec<_>>(),
    })
}

/// One filing as JSON (an element of `--format json`, a line of NDJSON).
pub fn filing_json(f: &ClassifiedFiling) -> Value {
    json!({
        "path": f.path,
        "document": f.document,
        "name": f.name,
        "uscc": f.uscc,
        "items": f.items.iter().map(|i| json!({
            "item": i.item,
            "line": i.line,
            "column": i.column,
            "section": section_key(i.section),
            "entry": i.entry.map(entry_json),
            "also": i.also.iter().map(|e| e.code).collect::<Vec<_>>(),
            "old_wording": i.old_wording,
            "nearest": i.nearest.iter().map(|(e, s)| json!({
                "code": e.code,
                "name": e.name,
                "score": (s * 100.0).round() / 100.0,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// `s` cut to `width` display columns, with `…` where it was cut.
fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

fn pad(s: &str, width: usize) -> String {
    let s = fit(s, width);
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// One filing as a table: item, code, class, what it needs, the
/// negative-list measure, GB/T 4754 classes; suggestions under a
/// non-standard item.
pub fn filing_human(f: &ClassifiedFiling, lang: crate::lang::Lang) -> String {
    use crate::catalogue::Class;
    // (The table's own words in `lang`; the catalogue's entries, licences
    // and measures are the law's words and stay as written.)
    let class_word = |c: Option<Class>| match (c, lang) {
        (Some(c), crate::lang::Lang::Zh) => c.zh(),
        (None, crate::lang::Lang::Zh) => "非规范",
        (Some(Class::Prior), _) => "prior",
        (Some(Class::Licensed), _) => "licensed",
        (Some(Class::Filing), _) => "filing",
        (Some(Class::General), _) => "general",
        (None, _) => "non-standard",
    };
    let section_word = |s: Option<ItemSection>| match (s, lang) {
        (_, crate::lang::Lang::Zh) | (None, _) => section_zh(s),
        (Some(ItemSection::General), _) => "general",
        (Some(ItemSection::Licensed), _) => "licensed",
    };
    let mut out = String::new();
    let who = match (&f.name, &f.uscc) {
        (Some(n), Some(u)) => format!("{n}（{u}）"),
        (Some(n), None) => n.clone(),
        (None, Some(u)) => u.clone(),
        (None, None) => String::new(),
    };
    let doc = match (f.document, lang) {
        (0, _) => String::new(),
        (d, crate::lang::Lang::Zh) => format!(" 第{}个文档", d + 1),
        (d, crate::lang::Lang::En) => format!(" document {}", d + 1),
    };
    out.push_str(&format!("{}{doc}  {who}\n", f.path));
    if f.items.is_empty() {
        out.push_str(lang.pick(
            "  （无经营范围条目）\n\n",
            "  (no business-scope items)\n\n",
        ));
        return out;
    }
    // (The English class names are longer than the Chinese.)
    let class_w = if lang == crate::lang::Lang::En { 12 } else { 6 };
    let item_w = f
        .items
        .iter()
        .map(|i| i.item.width())
        .max()
        .unwrap_or(4)
        .clamp(4, 36);
    out.push_str(&format!(
        "  {}  {}  {}  {}  {}  {}  {}\n",
        pad(lang.pick("条目", "item"), item_w),
        pad(lang.pick("代码", "code"), 6),
        pad(lang.pick("类别", "class"), class_w),
        pad(lang.pick("所在部分", "section"), 8),
        pad(lang.pick("许可或备案", "licence or filing"), 30),
        pad(lang.pick("负面清单事项", "negative list"), 20),
        lang.pick("国民经济行业分类", "GB/T 4754")
    ));
    for i in &f.items {
        let (code, class, needs, measure, gbt) = match i.entry {
            Some(e) => {
                let needs = if !e.licences.is_empty() {
                    e.licences.join("；")
                } else if !e.filings.is_empty() {
                    format!(
                        "{}{}",
                        lang.pick("备案：", "filing: "),
                        e.filings.join("；")
                    )
                } else {
                    "—".into()
                };
                let measure = if e.negative_list.trim().is_empty() {
                    "—".to_string()
                } else {
                    e.negative_list.trim().to_string()
                };
                let gbt = e.gbt.iter().map(|g| g.code).collect::<Vec<_>>().join(" ");
                (e.code, class_word(Some(e.class)), needs, measure, gbt)
            }
            None => ("—", class_word(None), "—".into(), "—".into(), String::new()),
        };
        out.push_str(
            format!(
                "  {}  {}  {}  {}  {}  {}  {}",
                pad(&i.item, item_w),
                pad(code, 6),
                pad(class, class_w),
                pad(section_word(i.section), 8),
                pad(&needs, 30),
                pad(&measure, 20),
                gbt
            )
            .trim_end(),
        );
        out.push('\n');
        if i.old_wording
            && let Some(e) = i.entry
        {
            out.push_str(&match lang {
                crate::lang::Lang::Zh => format!("    旧表述：现行规范表述为“{}”\n", e.name),
                crate::lang::Lang::En => {
                    format!(
                        "    old wording: the standard wording today is “{}”\n",
                        e.name
                    )
                }
            });
        }
        for a in &i.also {
            out.push_str(&match lang {
                crate::lang::Lang::Zh => {
                    format!("    另与 {} {} 同形，按较长的条目归类\n", a.code, a.name)
                }
                crate::lang::Lang::En => format!(
                    "    also reads as {} {}: classified as the longer entry\n",
                    a.code, a.name
                ),
            });
        }
        if !i.nearest.is_empty() {
            let near: Vec<String> = i
                .nearest
                .iter()
                .map(|(e, _)| format!("{} {}", e.code, e.name))
                .collect();
            out.push_str(&format!(
                "    {}{}\n",
                lang.pick("最接近的规范条目：", "nearest standard entries: "),
                near.join("；")
            ));
        }
    }
    let count = |class: Option<crate::catalogue::Class>| {
        f.items
            .iter()
            .filter(|i| i.entry.map(|e| e.class) == class)
            .count()
    };
    let counts = (
        f.items.len(),
        count(Some(Class::Prior)),
        count(Some(Class::Licensed)),
        count(Some(Class::Filing)),
        count(Some(Class::General)),
        count(None),
    );
    out.push_str(&match lang {
        crate::lang::Lang::Zh => format!(
            "  合计 {} 条：前置 {}，许可 {}，备案 {}，一般 {}，非规范 {}\n\n",
            counts.0, counts.1, counts.2, counts.3, counts.4, counts.5
        ),
        crate::lang::Lang::En => format!(
            "  {} items: {} prior, {} licensed, {} filing, {} general, {} non-standard\n\n",
            counts.0, counts.1, counts.2, counts.3, counts.4, counts.5
        ),
    });
    out
}

/// How sure a reading is, in words.
fn tag_zh(t: crate::catalogue::Tag) -> &'static str {
    use crate::catalogue::Tag;
    match t {
        Tag::Primary => "已核对原文",
        Tag::Secondary => "二手来源",
        Tag::Inferred => "推断",
        Tag::Unconfirmed => "未证实",
    }
}

fn tag_key(t: crate::catalogue::Tag) -> &'static str {
    use crate::catalogue::Tag;
    match t {
        Tag::Primary => "confirmed",
        Tag::Secondary => "secondary",
        Tag::Inferred => "inferred",
        Tag::Unconfirmed => "unconfirmed",
    }
}

/// The rules that read an entry of this class.
fn rules_for(class: crate::catalogue::Class) -> &'static str {
    use crate::catalogue::Class;
    match class {
        Class::Prior => "NL0701（未提交批准文件时为错误）、NL0702（列在一般项目中时为错误）",
        Class::Licensed => "NL0702（列在一般项目中时为错误）",
        Class::Filing | Class::General => "NL0703（列在许可项目中时为提示）",
    }
}

/// `neglist explain H2002`: a catalogue entry as text.
pub fn entry_text(code: &str) -> Option<String> {
    use crate::catalogue::{Basis, Column};
    use std::fmt::Write as _;
    let e = classifier().catalogue().get(code.trim())?;
    let mut o = String::new();
    let _ = writeln!(o, "# {} {} — {}类\n", e.code, e.name, e.class.zh());
    let _ = writeln!(
        o,
        "来源：《经营范围规范表述目录（征求意见稿）》（国家市场监督管理总局，2021年3月，征求意见稿），及 catalogue/overlay.toml 记录的后续变化。"
    );
    let _ = writeln!(o, "\n## 类别：{}", e.class.zh());
    match &e.basis {
        Basis::Prior(rows) => {
            let _ = writeln!(o, "  登记前须经批准（前置审批），依据：");
            for r in rows {
                let row = r
                    .row
                    .map_or("后续法规".to_string(), |n| format!("2017年目录第{n}项"));
                let _ = writeln!(
                    o,
                    "  - {}（{}；实施机关：{}；设定依据：{}）[{}]",
                    r.item,
                    row,
                    r.authority,
                    r.basis,
                    tag_zh(r.tag)
                );
                if let Some(n) = &r.note {
                    let _ = writeln!(o, "    {n}");
                }
            }
        }
        Basis::Moved(m) => {
            let _ = writeln!(
                o,
                "  由许可改为备案：{}（依据：{}；{}）[{}]",
                m.filing,
                m.basis,
                m.source,
                tag_zh(m.tag)
            );
        }
        Basis::New(n) => {
            let _ = writeln!(
                o,
                "  征求意见稿之后新增的条目（{}）[{}]",
                n.source,
                tag_zh(n.tag)
            );
        }
        Basis::Draft => {
            let _ = writeln!(
                o,
                "  按征求意见稿的许可、备案栏判定（有许可事项为许可，只有备案事项为备案，均无为一般）。"
            );
        }
    }
    if let Some(r) = e.rename {
        let _ = writeln!(
            o,
            "  旧表述“{}”已改为“{}”（{}）[{}]",
            r.draft,
            r.name,
            r.source,
            tag_zh(r.tag)
        );
    }
    let list = |o: &mut String, title: &str, v: &[&str], cut: bool| {
        let _ = writeln!(o, "\n## {title}");
        if v.is_empty() {
            let _ = writeln!(o, "  —");
        }
        for x in v {
            let _ = writeln!(o, "  - {x}");
        }
        if cut {
            let _ = writeln!(o, "  （征求意见稿此栏文字可能被截断）");
        }
    };
    list(
        &mut o,
        "涉企行政许可事项",
        &e.licences,
        e.possibly_cut(Column::Licences),
    );
    list(
        &mut o,
        "备案事项",
        &e.filings,
        e.possibly_cut(Column::Filings),
    );
    let one = |o: &mut String, title: &str, v: &str, cut: bool| {
        let _ = writeln!(
            o,
            "\n## {title}\n  {}",
            if v.trim().is_empty() { "—" } else { v.trim() }
        );
        if cut {
            let _ = writeln!(o, "  （征求意见稿此栏文字可能被截断）");
        }
    };
    one(
        &mut o,
        "市场准入负面清单事项",
        e.negative_list,
        e.possibly_cut(Column::NegativeList),
    );
    one(
        &mut o,
        "外商投资准入负面清单",
        e.foreign_investment,
        e.possibly_cut(Column::ForeignInvestment),
    );
    let gbt: Vec<String> = e
        .gbt
        .iter()
        .map(|g| format!("{} {}", g.code, g.name))
        .collect();
    list(
        &mut o,
        "对应《国民经济行业分类》(GB/T 4754-2017)",
        &gbt.iter().map(String::as_str).collect::<Vec<_>>(),
        false,
    );
    let _ = writeln!(o, "\n## 相关规则\n  {}", rules_for(e.class));
    Some(o)
}

/// `neglist explain H2002 --format json`.
pub fn entry_explain_json(code: &str) -> Option<Value> {
    use crate::catalogue::Basis;
    let e = classifier().catalogue().get(code.trim())?;
    let basis = match &e.basis {
        Basis::Prior(rows) => json!({
            "kind": "prior-approval-list",
            "rows": rows.iter().map(|r| json!({
                "row": r.row,
                "approval": r.item,
                "authority": r.authority,
                "basis": r.basis,
                "status": tag_key(r.tag),
                "note": r.note,
                "source": r.source,
            })).collect::<Vec<_>>(),
        }),
        Basis::Moved(m) => json!({
            "kind": "moved-to-filing",
            "filing": m.filing,
            "basis": m.basis,
            "status": tag_key(m.tag),
            "source": m.source,
        }),
        Basis::New(n) => json!({"kind": "new-entry", "status": tag_key(n.tag), "source": n.source}),
        Basis::Draft => json!({"kind": "draft-columns", "status": "unconfirmed"}),
    };
    let mut v = entry_json(e);
    v["basis"] = basis;
    v["source"] = json!({
        "title": "经营范围规范表述目录（征求意见稿）",
        "issuer": "国家市场监督管理总局",
        "published": "2021-03-16",
        "status": "draft",
    });
    v["rename"] = e.rename.map_or(
        Value::Null,
        |r| json!({"draft": r.draft, "name": r.name, "status": tag_key(r.tag), "source": r.source}),
    );
    v["foreign_investment"] = json!(e.foreign_investment);
    v["licences_ftz"] = json!(e.licences_ftz);
    Some(v)
}
