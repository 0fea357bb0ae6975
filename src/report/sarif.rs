//! `--format sarif`: SARIF 2.1.0, as code-scanning services (GitHub's among
//! them) ingest it.
//!
//! What some linters leave out and code scanning needs is all here: every
//! rule in `tool.driver.rules` (not only those that fired) with short and
//! full descriptions and help; a region with all four line/column fields
//! and `columnKind: unicodeCodePoints` (columns count characters, as in the
//! JSON report); URIs relative to `%SRCROOT%` (the working directory), so
//! the file is the same on every machine; `partialFingerprints` computed
//! from what a finding is about (rule, file, field, matched text), not its
//! line, so an alert survives edits elsewhere in the file. Waived findings
//! are results with a `suppressions` entry carrying the reason. A file that
//! could not be checked is a result too (rule NL0000, level error): a
//! dashboard must not show it as clean.

use super::{Reporter, Summary};
use crate::filing::LoadCode;
use crate::pipeline::{FileReport, PlacedFinding, WaiverRef};
use crate::rule::{Catalog, Severity};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct SarifReporter<W: Write> {
    out: W,
    /// `tool.driver.rules`, built once (for the index too), written at the start.
    rules: Vec<Value>,
    /// Rule id → index in `tool.driver.rules`.
    index: HashMap<String, usize>,
    root: PathBuf,
    exit_zero: bool,
    started: bool,
    any: bool,
}

fn problem_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "recommendation",
    }
}

/// A relative URI reference for a path: `/` separators, each segment
/// percent-encoded (UTF-8) but for the characters RFC 3986 leaves as is.
fn uri_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact location of a reported path: relative to the root when it
/// is under it, else an absolute `file://` URI.
fn artifact(root: &Path, path: &str) -> Value {
    let rel = Path::new(path);
    match crate::config::relative_to(root, rel) {
        Some(r) => json!({
            "uri": uri_path(&r.to_string_lossy()),
            "uriBaseId": "%SRCROOT%",
        }),
        None => json!({
            "uri": format!("file://{}", uri_path(&crate::config::absolute(rel).to_string_lossy())),
        }),
    }
}

/// The `file://` URI of a directory, ending in `/` as SARIF requires of a
/// base.
fn dir_uri(dir: &Path) -> String {
    let mut s = format!("file://{}", uri_path(&dir.to_string_lossy()));
    if !s.ends_with('/') {
        s.push('/');
    }
    s
}

fn code_descriptor(c: &LoadCode) -> Value {
    let sev = c.level();
    json!({
        "id": c.code,
        "name": c.name,
        "shortDescription": {"text": c.title},
        "fullDescription": {"text": format!("{}. Reported by neglist itself, not by a rule file.", c.title)},
        "help": {
            "text": format!("{}\nneglist explain {}", c.help, c.code),
            "markdown": format!("{}\n\nRun `neglist explain {}` for more.", c.help, c.code),
        },
        "defaultConfiguration": {"level": sev.as_str()},
        "properties": {
            "tags": ["neglist", "data"],
            "precision": "very-high",
            "problem.severity": problem_severity(sev),
        },
    })
}

/// `tool.driver.rules`: every rule of the catalog, then the built-in codes.
fn descriptors(catalog: &Catalog) -> Vec<Value> {
    let mut out: Vec<Value> = catalog
        .rules
        .iter()
        .map(|r| {
            let sources: Vec<String> = r
                .basis
                .iter()
                .map(|b| {
                    let s = &catalog.sources[b.source];
                    match &b.item {
                        Some(i) => format!("{} 《{}》 {i}", s.number, s.title),
                        None => format!("{} 《{}》", s.number, s.title),
                    }
                })
                .collect();
            let title = match &r.title_en {
                Some(en) => format!("{} ({en})", r.title),
                None => r.title.clone(),
            };
            let help_zh = r.help.clone().unwrap_or_default();
            let help_en = r.help_en.clone().unwrap_or_default();
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": title},
                "fullDescription": {"text": format!("{}. Basis: {}. In force: {}.", r.title, sources.join("; "), r.periods_text())},
                "help": {
                    "text": format!("{help_zh}\n{help_en}\nBasis: {}\nneglist explain {}", sources.join("; "), r.code),
                    "markdown": format!(
                        "{help_zh}\n\n{help_en}\n\n**Basis:** {}\n\nRun `neglist explain {}` for the legal text, what the rule matches and its examples.",
                        sources.join("; "),
                        r.code
                    ),
                },
                "defaultConfiguration": {"level": r.severity.as_str()},
                "properties": {
                    "tags": ["neglist", r.category.as_str()],
                    "precision": if r.category == crate::rule::Category::Risk { "medium" } else { "high" },
                    "problem.severity": problem_severity(r.severity),
                },
            })
        })
        .collect();
    out.extend(crate::filing::builtin_codes().map(code_descriptor));
    out
}

/// A stable id for what a finding is about, and its occurrence in the file.
fn fingerprint(path: &str, f: &PlacedFinding, seen: &mut HashMap<String, usize>) -> String {
    let mut h = Sha256::new();
    for part in [
        f.finding.rule.as_str(),
        &crate::triage::baseline::normalize_path(path),
        f.finding.field.as_deref().unwrap_or(""),
        &f.matched,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let n = seen.entry(hex.clone()).or_insert(0);
    *n += 1;
    format!("{hex}:{n}")
}

impl<W: Write> SarifReporter<W> {
    /// `root`: the directory URIs are relative to (the working directory).
    pub fn new(catalog: &Catalog, out: W, root: PathBuf, exit_zero: bool) -> Self {
        let rules = descriptors(catalog);
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, d)| (d["id"].as_str().unwrap_or_default().to_string(), i))
            .collect();
        SarifReporter {
            out,
            rules,
            index,
            root,
            exit_zero,
            started: false,
            any: false,
        }
    }

    fn start(&mut self) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let driver = json!({
            "name": "neglist",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": std::mem::take(&mut self.rules),
        });
        write!(
            self.out,
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{{\n    \"tool\": {{\"driver\": {}}},\n    \"originalUriBaseIds\": {{\"%SRCROOT%\": {{\"uri\": {}}}}},\n    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": [",
            serde_json::to_string(&driver)?,
            serde_json::to_string(&dir_uri(&self.root))?,
        )
    }

    fn result(
        &mut self,
        path: &str,
        f: &PlacedFinding,
        waiver: Option<&WaiverRef>,
        fp: String,
    ) -> std::io::Result<()> {
        let s = f.span;
        let mut region = json!({
            "startLine": s.line,
            "startColumn": s.column,
            "endLine": s.end_line,
            "endColumn": s.end_column,
            "byteOffset": s.offset,
            "byteLength": s.length,
        });
        if !f.matched.is_empty() {
            region["snippet"] = json!({"text": f.matched});
        }
        let mut result = json!({
            "ruleId": f.finding.rule,
            "level": f.finding.severity.as_str(),
            "message": {"text": format!("{} (neglist explain {})", f.finding.message, f.finding.rule)},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact(&self.root, path),
                "region": region,
            }}],
            "partialFingerprints": {"primaryLocationLineHash": fp},
            "properties": {
                "category": f.finding.category.as_str(),
                "asOf": f.finding.as_of.to_string(),
                "document": f.finding.document,
            },
        });
        if let Some(i) = self.index.get(&f.finding.rule) {
            result["ruleIndex"] = json!(i);
        }
        if let Some(field) = &f.finding.field {
            result["properties"]["field"] = json!(field);
        }
        if let Some(w) = waiver {
            let mut sup = json!({
                "kind": if w.kind == "comment" { "inSource" } else { "external" },
                "status": "accepted",
                "justification": w.reason,
                "properties": {"location": w.location},
            });
            if let Some(a) = &w.approver {
                sup["properties"]["approver"] = json!(a);
            }
            if let Some(d) = w.expires {
                sup["properties"]["expires"] = json!(d.to_string());
            }
            result["suppressions"] = json!([sup]);
        }
        let sep = if self.any { "," } else { "" };
        self.any = true;
        write!(self.out, "{sep}\n      {}", serde_json::to_string(&result)?)
    }
}

impl<W: Write> Reporter for SarifReporter<W> {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        self.start()?;
        let mut seen = HashMap::new();
        // Waived findings are results too (suppressed), in file order.
        let mut all: Vec<(&PlacedFinding, Option<&WaiverRef>)> = r.shown(true).collect();
        all.sort_by_key(|(f, _)| (f.finding.document, f.span.offset));
        for (f, w) in all {
            let fp = fingerprint(&r.path, f, &mut seen);
            self.result(&r.path, f, w, fp)?;
        }
        for u in &r.unreadable {
            let s = u.span;
            let mut result = json!({
                "ruleId": crate::filing::UNREADABLE_INPUT.code,
                "level": "error",
                "message": {"text": format!("Could not check this file: {}", u.message)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact(&self.root, &r.path),
                    "region": {
                        "startLine": s.line,
                        "startColumn": s.column,
                        "endLine": s.end_line,
                        "endColumn": s.end_column.max(s.column),
                    },
                }}],
                "partialFingerprints": {
                    "primaryLocationLineHash": format!("unreadable:{}:{}", crate::triage::baseline::normalize_path(&r.path), u.document.unwrap_or(0)),
                },
            });
            if let Some(i) = self.index.get(crate::filing::UNREADABLE_INPUT.code) {
                result["ruleIndex"] = json!(i);
            }
            let sep = if self.any { "," } else { "" };
            self.any = true;
            write!(self.out, "{sep}\n      {}", serde_json::to_string(&result)?)?;
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        self.start()?;
        let code = if self.exit_zero { 0 } else { s.exit_code() };
        let invocation = json!({
            "executionSuccessful": true,
            "exitCode": code,
            "exitCodeDescription": match code {
                0 => "no error findings",
                _ => "error findings, or inputs that could not be checked",
            },
            "workingDirectory": {"uri": dir_uri(&self.root)},
            "properties": {"summary": s},
        });
        let close = if self.any { "\n    " } else { "" };
        writeln!(
            self.out,
            "{close}],\n    \"invocations\": [{}]\n  }}]\n}}",
            serde_json::to_string(&invocation)?
        )?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(
            uri_path("filings/某 公司.yaml"),
            "filings/%E6%9F%90%20%E5%85%AC%E5%8F%B8.yaml"
        );
        assert_eq!(dir_uri(Path::new("/work/repo")), "file:///work/repo/");
        let a = artifact(Path::new("/work/repo"), "/work/repo/a/b.yaml");
        assert_eq!(a["uri"], "a/b.yaml");
        assert_eq!(a["uriBaseId"], "%SRCROOT%");
        let b = artifact(Path::new("/work/repo"), "/elsewhere/b.yaml");
        assert_eq!(b["uri"], "file:///elsewhere/b.yaml");
    }
}
