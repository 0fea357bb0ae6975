//! `--format github`: GitHub Actions workflow commands, one a finding, so
//! findings appear as annotations on the pull request's files.

use super::{Reporter, Summary};
use crate::pipeline::FileReport;
use std::io::Write;

/// Escapes a workflow command's message (control characters from a filing
/// are shown escaped first, so none reaches the log raw).
fn data(s: &str) -> String {
    super::escape::visible(s)
        .replace('%', "%25")
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
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        for (f, waiver) in r.shown(self.show_waived) {
            let level = match (waiver, f.finding.severity) {
                (Some(_), _) => "notice",
                (None, crate::rule::Severity::Error) => "error",
                (None, crate::rule::Severity::Warning) => "warning",
                (None, crate::rule::Severity::Note) => "notice",
            };
            let (title, note) = match waiver {
                None => (
                    format!("{} {}", f.finding.rule, f.finding.rule_name),
                    format!("neglist explain {}", f.finding.rule),
                ),
                Some(w) => (
                    format!("waived {} {}", f.finding.rule, f.finding.rule_name),
                    format!("waived at {}: {}", w.location, w.reason),
                ),
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
                property(&title),
                data(&format!("{} ({note})", f.finding.message)),
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
