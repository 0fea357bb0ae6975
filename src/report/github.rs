//! `--format github`: GitHub Actions workflow commands, one a finding, so
//! findings appear as annotations on the pull request's files.

use super::{Reporter, Summary};
use crate::check::FileReport;
use std::io::Write;

/// Escapes a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub struct GithubReporter<W: Write> {
    out: W,
}

impl<W: Write> GithubReporter<W> {
    pub fn new(out: W) -> Self {
        GithubReporter { out }
    }
}

impl<W: Write> Reporter for GithubReporter<W> {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        for f in &r.findings {
            let level = match f.finding.severity {
                crate::dsl::Severity::Error => "error",
                crate::dsl::Severity::Warning => "warning",
                crate::dsl::Severity::Note => "notice",
            };
            let s = f.span;
            writeln!(
                self.out,
                "::{level} file={},line={},endLine={},col={},endColumn={},title={}::{}",
                property(&r.path),
                s.line,
                s.end_line,
                s.column,
                s.end_column,
                property(&format!("{} {}", f.finding.rule, f.finding.rule_name)),
                data(&format!(
                    "{} (neglist explain {})",
                    f.finding.message, f.finding.rule
                )),
            )?;
        }
        for u in &r.unreadable {
            writeln!(
                self.out,
                "::error file={},line={},col={},title=unreadable::{}",
                property(&r.path),
                u.span.line,
                u.span.column,
                data(&format!("could not check this file: {}", u.message)),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        writeln!(
            self.out,
            "neglist: {} files, {} filings: {} errors, {} warnings, {} notes, {} unreadable",
            s.files, s.filings, s.errors, s.warnings, s.notes, s.unreadable
        )?;
        self.out.flush()
    }
}

/// `--statistics`: instead of the findings, how many of each rule.
pub struct StatisticsReporter<W: Write> {
    out: W,
    counts: std::collections::BTreeMap<(String, String, &'static str), usize>,
}

impl<W: Write> StatisticsReporter<W> {
    pub fn new(out: W) -> Self {
        StatisticsReporter {
            out,
            counts: Default::default(),
        }
    }
}

impl<W: Write> Reporter for StatisticsReporter<W> {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        for f in &r.findings {
            let key = (
                f.finding.rule.clone(),
                f.finding.rule_name.clone(),
                f.finding.severity.as_str(),
            );
            *self.counts.entry(key).or_default() += 1;
        }
        if !r.unreadable.is_empty() {
            *self
                .counts
                .entry(("-".into(), "unreadable".into(), "error"))
                .or_default() += r.unreadable.len();
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for ((code, name, severity), n) in rows {
            writeln!(self.out, "{n:>8}  {code:<7} {severity:<8} {name}")?;
        }
        writeln!(self.out, "checked {} files, {} filings", s.files, s.filings)?;
        self.out.flush()
    }
}
