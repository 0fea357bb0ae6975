//! `neglist explain` and `neglist rules`: documentation generated from the
//! rules themselves.

use crate::dsl::Catalog;
use crate::dsl::check::{Rule, Source};
use crate::filing::LOAD_CODES;
use crate::parse::date::Date;
use serde_json::json;
use std::fmt::Write as _;

fn interval(r: &Rule) -> String {
    match (r.from, r.until) {
        (None, None) => "always".into(),
        (Some(f), None) => format!("from {f}"),
        (None, Some(u)) => format!("until {u} (exclusive)"),
        (Some(f), Some(u)) => format!("from {f} until {u} (exclusive)"),
    }
}

fn source_line(s: &Source, item: Option<&str>) -> String {
    let mut l = format!("{} 《{}》", s.number, s.title);
    if let Some(i) = item {
        let _ = write!(l, " {i}");
    }
    let mut dates = vec![];
    if let Some(d) = s.signed {
        dates.push(format!("signed {d}"));
    }
    if let Some(d) = s.published {
        dates.push(format!("published {d}"));
    }
    if let Some(d) = s.effective {
        dates.push(format!("in force {d}"));
    }
    if let Some(d) = s.superseded_on {
        dates.push(format!(
            "superseded {d}{}",
            s.superseded_by
                .as_deref()
                .map(|b| format!(" by {b}"))
                .unwrap_or_default()
        ));
    }
    if !dates.is_empty() {
        let _ = write!(l, "\n      {}", dates.join("; "));
    }
    let _ = write!(l, "\n      status: {}", s.status);
    if let Some(u) = &s.url {
        let _ = write!(l, "\n      text: {u}");
    }
    l
}

/// Explains a rule by code or name, a loader diagnostic, or a source by
/// document number / id (listing the rules that cite it).
pub fn explain_text(catalog: &Catalog, id: &str, today: Date) -> Option<String> {
    let mut o = String::new();
    if let Some(r) = catalog.rule(id) {
        let _ = writeln!(o, "# {} {} — {}", r.code, r.name, r.title);
        if let Some(en) = &r.title_en {
            let _ = writeln!(o, "  {en}");
        }
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "category: {}    severity: {}",
            r.category.as_str(),
            r.severity.as_str()
        );
        let _ = writeln!(
            o,
            "in force: {} ({} today, {today})",
            interval(r),
            if r.in_force(today) {
                "in force"
            } else {
                "not in force"
            }
        );
        let _ = writeln!(o, "\n## Legal basis");
        for b in &r.basis {
            let s = &catalog.sources[b.source];
            let _ = writeln!(o, "  - {}", source_line(s, b.item.as_deref()));
            if let Some(n) = &s.note {
                let _ = writeln!(o, "      {n}");
            }
        }
        let _ = writeln!(o, "\n## What it matches\n  when {}", r.when_text);
        let _ = writeln!(o, "  message: {}", r.message);
        for (title, deny) in [
            ("Flagged (example deny)", true),
            ("Not flagged (example allow)", false),
        ] {
            let ex: Vec<_> = r.examples.iter().filter(|e| e.deny == deny).collect();
            if !ex.is_empty() {
                let _ = writeln!(o, "\n## {title}");
                for e in ex {
                    let _ = writeln!(
                        o,
                        "  {}",
                        e.yaml.split_whitespace().collect::<Vec<_>>().join(" ")
                    );
                }
            }
        }
        if let Some(h) = &r.help {
            let _ = writeln!(o, "\n## How to comply\n  {h}");
        }
        let _ = writeln!(o, "\ndefined in {}", r.origin.path);
        return Some(o);
    }
    if let Some(c) = LOAD_CODES
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(id) || c.name.eq_ignore_ascii_case(id))
    {
        let _ = writeln!(o, "# {} {} — {}\n", c.code, c.name, c.title);
        let _ = writeln!(o, "category: data    severity: {}", c.severity);
        let _ = writeln!(
            o,
            "Reported by the filing loader (built in, not a rule file).\n\n## How to comply\n  {}",
            c.help
        );
        return Some(o);
    }
    let src = catalog
        .sources
        .iter()
        .find(|s| s.id == id || s.number == id)?;
    let _ = writeln!(o, "# {}\n", source_line(src, None));
    if let Some(n) = &src.note {
        let _ = writeln!(o, "{n}\n");
    }
    let _ = writeln!(o, "## Rules citing it");
    for r in &catalog.rules {
        if r.basis
            .iter()
            .any(|b| catalog.sources[b.source].id == src.id)
        {
            let _ = writeln!(o, "  {} {} — {} [{}]", r.code, r.name, r.title, interval(r));
        }
    }
    Some(o)
}

pub fn explain_json(catalog: &Catalog, id: &str) -> Option<serde_json::Value> {
    if let Some(r) = catalog.rule(id) {
        return Some(json!({
            "code": r.code,
            "name": r.name,
            "title": r.title,
            "title_en": r.title_en,
            "category": r.category,
            "severity": r.severity,
            "effective_from": r.from.map(|d| d.to_string()),
            "effective_until": r.until.map(|d| d.to_string()),
            "basis": r.basis.iter().map(|b| {
                let s = &catalog.sources[b.source];
                json!({"source": s, "item": b.item})
            }).collect::<Vec<_>>(),
            "when": r.when_text,
            "message": r.message,
            "help": r.help,
            "examples": r.examples.iter().map(|e| json!({"verdict": if e.deny {"deny"} else {"allow"}, "filing": e.yaml})).collect::<Vec<_>>(),
            "defined_in": r.origin.path,
        }));
    }
    if let Some(c) = LOAD_CODES
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(id) || c.name.eq_ignore_ascii_case(id))
    {
        return Some(
            json!({"code": c.code, "name": c.name, "title": c.title, "category": "data", "severity": c.severity, "help": c.help}),
        );
    }
    let src = catalog
        .sources
        .iter()
        .find(|s| s.id == id || s.number == id)?;
    let rules: Vec<_> = catalog
        .rules
        .iter()
        .filter(|r| {
            r.basis
                .iter()
                .any(|b| catalog.sources[b.source].id == src.id)
        })
        .map(|r| json!({"code": r.code, "name": r.name, "title": r.title}))
        .collect();
    Some(json!({"source": src, "rules": rules}))
}

/// `neglist rules`: one line per rule (and the loader's data codes).
pub fn rules_table(catalog: &Catalog, as_of: Option<Date>) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{:<7} {:<26} {:<16} {:<8} {:<24} title",
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
            "{:<7} {:<26} {:<16} {:<8} {:<24} {}",
            r.code,
            r.name,
            r.category.as_str(),
            r.severity.as_str(),
            interval(r),
            r.title
        );
    }
    for c in LOAD_CODES {
        let _ = writeln!(
            o,
            "{:<7} {:<26} {:<16} {:<8} {:<24} {}",
            c.code, c.name, "data", c.severity, "always", c.title
        );
    }
    o
}
