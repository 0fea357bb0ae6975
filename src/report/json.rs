//! `--format json`, exactly as the output contract (docs/output.md) defines it.

use super::Summary;
use crate::check::FileReport;
use crate::dsl::Catalog;
use crate::parse::date::Date;
use crate::span::Span;
use serde::Serialize;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    as_of: String,
    summary: &'a Summary,
    findings: Vec<FindingOut<'a>>,
    unreadable: Vec<UnreadableOut<'a>>,
}

#[derive(Serialize)]
pub struct BasisOut {
    pub document: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub status: String,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    path: &'a str,
    document: usize,
    rule: &'a str,
    rule_name: &'a str,
    severity: &'static str,
    category: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    matched: &'a str,
    span: Span,
    basis: Vec<BasisOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    as_of: Date,
}

#[derive(Serialize)]
struct UnreadableOut<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<usize>,
    message: &'a str,
    span: Span,
}

/// The legal basis of a finding: the rule's sources that applied on the
/// date the filing was evaluated (1283号 alone before the catalogue
/// amendment; 42号, not the repealed 237号, after 2026-02-06).
pub fn basis_of(catalog: &Catalog, rule_index: Option<usize>, as_of: Date) -> Vec<BasisOut> {
    let Some(rule) = rule_index.map(|i| &catalog.rules[i]) else {
        return vec![];
    };
    rule.basis_on(&catalog.sources, as_of)
        .into_iter()
        .map(|b| {
            let s = &catalog.sources[b.source];
            BasisOut {
                document: s.number.clone(),
                title: s.title.clone(),
                date: s.signed.or(s.published).or(s.effective),
                item: b.item.clone(),
                status: s.status.clone(),
            }
        })
        .collect()
}

pub fn render(catalog: &Catalog, reports: &[FileReport], summary: &Summary, as_of: Date) -> String {
    let mut findings = vec![];
    let mut unreadable = vec![];
    for r in reports {
        for f in &r.findings {
            let rule = f.finding.rule_index.map(|i| &catalog.rules[i]);
            findings.push(FindingOut {
                path: &r.path,
                document: f.finding.document,
                rule: &f.finding.rule,
                rule_name: &f.finding.rule_name,
                severity: f.finding.severity.as_str(),
                category: f.finding.category.as_str(),
                message: &f.finding.message,
                field: f.finding.field.as_deref(),
                matched: &f.matched,
                span: f.span,
                basis: basis_of(catalog, f.finding.rule_index, f.finding.as_of),
                help: rule.and_then(|r| r.help.as_deref()),
                as_of: f.finding.as_of,
            });
        }
        for u in &r.unreadable {
            unreadable.push(UnreadableOut {
                path: &r.path,
                document: u.document,
                message: &u.message,
                span: u.span,
            });
        }
    }
    let out = Out {
        version: 1,
        as_of: as_of.to_string(),
        summary,
        findings,
        unreadable,
    };
    serde_json::to_string_pretty(&out).expect("serializable") + "\n"
}
