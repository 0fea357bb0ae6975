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
    show_waived: bool,
}

impl<W: Write> GithubReporter<W> {
    pub fn new(out: W) -> Self {
        GithubReporter {
            out,
            show_waived: false,
        }
    }

    /// Also annotate waived findings, as notices naming the waiver.
    pub fn show_waived(mut self, show: bool) -> Self {
        self.show_waived = show;
        self
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
        for w in r.waived.iter().filter(|_| self.show_waived) {
            let (f, s) = (&w.located, w.located.span);
            writeln!(
                self.out,
                "::notice file={},line={},endLine={},col={},endColumn={},title={}::{}",
                property(&r.path),
                s.line,
                s.end_line,
                s.column,
                s.end_column,
                property(&format!(
                    "waived {} {}",
                    f.finding.rule, f.finding.rule_name
                )),
                data(&format!(
                    "{} (waived at {}: {})",
                    f.finding.message, w.by.location, w.by.reason
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
            "neglist: {} files, {} filings: {} errors, {} warnings, {} notes, {} unreadable{}",
            s.files,
            s.filings,
            s.errors,
            s.warnings,
            s.notes,
            s.unreadable,
            super::human::set_aside(s)
        )?;
        self.out.flush()
    }
}
