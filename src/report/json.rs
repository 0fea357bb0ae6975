//! `--format json`, exactly as the output contract (docs/output.md) defines it.

use super::Summary;
use crate::parse::date::Date;
use crate::pipeline::FileReport;
use crate::rule::Catalog;
use crate::span::Span;
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

#[derive(Serialize)]
pub struct BasisOut {
    pub document: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub status: String,
    /// Where the text is published (an official address where one is
    /// known), for a reader who wants to read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
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
    /// (Written once a rule and date: see [`BasisCache`].)
    basis: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    /// The exact fix of this value, when the tool can say it (a USCC in
    /// lower case: the code in capitals).
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
    as_of: Date,
    /// Present when the filing predates the rule: an existing registration.
    #[serde(skip_serializing_if = "Option::is_none")]
    existing_registration: Option<crate::engine::Existing>,
    /// Whose finding it is: the filing's USCC as written, else its name
    /// (what ties a finding to a company once positions are gone, as in a
    /// Spark job's collected results).
    #[serde(skip_serializing_if = "Option::is_none")]
    filing: Option<&'a str>,
    /// Present when the words stand under a proven suppression (a negation,
    /// a condition, a standard clause): the finding is reported, lowered.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<&'a crate::engine::eval::Suppressed>,
    /// Findings folded into this one (their words lie inside its words).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    matched: &'a str,
}

#[derive(Serialize)]
struct WaiverOut<'a> {
    kind: &'static str,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    approver: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<Date>,
    location: &'a str,
}

/// A waived finding: the finding's fields and the waiver's.
#[derive(Serialize)]
struct WaivedOut<'a> {
    #[serde(flatten)]
    finding: FindingOut<'a>,
    waiver: WaiverOut<'a>,
}

fn waived_out<'a>(
    catalog: &'a Catalog,
    path: &'a str,
    w: &'a crate::pipeline::Waived,
    basis: &'a RawValue,
) -> WaivedOut<'a> {
    WaivedOut {
        finding: finding_out(catalog, path, &w.located, basis),
        waiver: WaiverOut {
            kind: w.by.kind,
            reason: &w.by.reason,
            approver: w.by.approver.as_deref(),
            expires: w.by.expires,
            location: &w.by.location,
        },
    }
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
                url: s.url.clone(),
            }
        })
        .collect()
}

/// The `basis` arrays of findings as JSON, one a rule and date: every
/// finding of a rule on a date has the same, and it is about half of a
/// finding's JSON (titles, items, addresses), so it is built and escaped
/// once, not once a finding. Bounded: emptied when it holds `MAX` arrays
/// (filings evaluated on many dates).
#[derive(Default)]
struct BasisCache(HashMap<(Option<usize>, Date), Box<RawValue>>);

impl BasisCache {
    const MAX: usize = 4096;

    fn get(
        &mut self,
        catalog: &Catalog,
        f: &crate::pipeline::PlacedFinding,
    ) -> serde_json::Result<&RawValue> {
        let key = (f.finding.rule_index, f.finding.as_of);
        if !self.0.contains_key(&key) {
            if self.0.len() >= Self::MAX {
                self.0.clear();
            }
            let json = serde_json::to_string(&basis_of(catalog, key.0, key.1))?;
            self.0.insert(key, RawValue::from_string(json)?);
        }
        Ok(&self.0[&key])
    }
}

fn finding_out<'a>(
    catalog: &'a Catalog,
    path: &'a str,
    f: &'a crate::pipeline::PlacedFinding,
    basis: &'a RawValue,
) -> FindingOut<'a> {
    let rule = f.finding.rule_index.map(|i| &catalog.rules[i]);
    FindingOut {
        path,
        document: f.finding.document,
        rule: &f.finding.rule,
        rule_name: &f.finding.rule_name,
        severity: f.finding.severity.as_str(),
        category: f.finding.category.as_str(),
        message: &f.finding.message,
        field: f.finding.field.as_deref(),
        matched: &f.matched,
        span: f.span,
        basis,
        help: rule.and_then(|r| r.help.as_deref()),
        hint: f.finding.hint.as_deref(),
        as_of: f.finding.as_of,
        existing_registration: f.finding.existing,
        filing: f.finding.filing.as_deref(),
        suppressed: f.finding.suppressed.as_ref(),
        related: f
            .finding
            .related
            .iter()
            .map(|r| RelatedOut {
                rule: &r.rule,
                severity: r.severity.as_str(),
                message: &r.message,
                matched: &r.matched,
            })
            .collect(),
    }
}

fn unreadable_out<'a>(path: &'a str, u: &'a crate::pipeline::UnreadableEntry) -> UnreadableOut<'a> {
    UnreadableOut {
        path,
        document: u.document,
        message: &u.message,
        span: u.span,
    }
}

/// `--format json`, written as files are checked: the document of the
/// output contract, with each finding on one line, and `unreadable` and `summary`
/// after the findings (JSON objects are unordered). Only unreadable entries
/// are held until the end.
pub struct JsonReporter<'a, W: std::io::Write> {
    catalog: &'a Catalog,
    out: W,
    as_of: Date,
    started: bool,
    any: bool,
    unreadable: Vec<serde_json::Value>,
    /// Waived findings, one JSON text each, written after the findings.
    waived: Vec<String>,
    basis: BasisCache,
}

impl<'a, W: std::io::Write> JsonReporter<'a, W> {
    pub fn new(catalog: &'a Catalog, out: W, as_of: Date) -> Self {
        JsonReporter {
            catalog,
            out,
            as_of,
            started: false,
            any: false,
            unreadable: vec![],
            waived: vec![],
            basis: BasisCache::default(),
        }
    }

    fn start(&mut self) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                self.out,
                "{{\n  \"version\": 1,\n  \"as_of\": \"{}\",\n  \"findings\": [",
                self.as_of
            )?;
        }
        Ok(())
    }
}

impl<W: std::io::Write> super::Reporter for JsonReporter<'_, W> {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        self.start()?;
        for f in &r.findings {
            let basis = self.basis.get(self.catalog, f)?;
            let line = serde_json::to_string(&finding_out(self.catalog, &r.path, f, basis))?;
            let sep = if self.any { "," } else { "" };
            write!(self.out, "{sep}\n    {line}")?;
            self.any = true;
        }
        for u in &r.unreadable {
            self.unreadable
                .push(serde_json::to_value(unreadable_out(&r.path, u))?);
        }
        for w in &r.waived {
            let basis = self.basis.get(self.catalog, &w.located)?;
            self.waived.push(serde_json::to_string(&waived_out(
                self.catalog,
                &r.path,
                w,
                basis,
            ))?);
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        self.start()?;
        let unreadable = serde_json::to_string(&self.unreadable)?;
        let summary = serde_json::to_string(summary)?;
        let close = if self.any { "\n  " } else { "" };
        let waived = if self.waived.is_empty() {
            "[]".to_string()
        } else {
            format!("[\n    {}\n  ]", self.waived.join(",\n    "))
        };
        writeln!(
            self.out,
            "{close}],\n  \"waived\": {waived},\n  \"unreadable\": {unreadable},\n  \"summary\": {summary}\n}}"
        )?;
        self.out.flush()
    }
}

/// `--format ndjson`: one JSON object a line, written as soon as its file
/// is checked — `{"type":"finding",…}` (the fields of a JSON finding),
/// `{"type":"waived",…}` (a finding and its `waiver`),
/// `{"type":"unreadable",…}`, and a last `{"type":"summary",…}` line.
pub struct NdjsonReporter<'a, W: std::io::Write> {
    catalog: &'a Catalog,
    out: W,
    as_of: Date,
    basis: BasisCache,
}

impl<'a, W: std::io::Write> NdjsonReporter<'a, W> {
    pub fn new(catalog: &'a Catalog, out: W, as_of: Date) -> Self {
        NdjsonReporter {
            catalog,
            out,
            as_of,
            basis: BasisCache::default(),
        }
    }
}

#[derive(Serialize)]
struct Tagged<T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    body: T,
}

impl<W: std::io::Write> super::Reporter for NdjsonReporter<'_, W> {
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        for f in &r.findings {
            let basis = self.basis.get(self.catalog, f)?;
            let body = finding_out(self.catalog, &r.path, f, basis);
            serde_json::to_writer(
                &mut self.out,
                &Tagged {
                    kind: "finding",
                    body,
                },
            )?;
            self.out.write_all(b"\n")?;
        }
        for w in &r.waived {
            let basis = self.basis.get(self.catalog, &w.located)?;
            let body = waived_out(self.catalog, &r.path, w, basis);
            serde_json::to_writer(
                &mut self.out,
                &Tagged {
                    kind: "waived",
                    body,
                },
            )?;
            self.out.write_all(b"\n")?;
        }
        for u in &r.unreadable {
            let body = unreadable_out(&r.path, u);
            serde_json::to_writer(
                &mut self.out,
                &Tagged {
                    kind: "unreadable",
                    body,
                },
            )?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        #[derive(Serialize)]
        struct Last<'s> {
            version: u32,
            as_of: String,
            summary: &'s Summary,
        }
        let body = Last {
            version: 1,
            as_of: self.as_of.to_string(),
            summary,
        };
        serde_json::to_writer(
            &mut self.out,
            &Tagged {
                kind: "summary",
                body,
            },
        )?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}
