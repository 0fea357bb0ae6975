//! `--format concise`: one line a finding — `path:line:col: severity[RULE]
//! message` — the form editors' error parsers, `grep` and `sort` read, and
//! what `--format auto` writes when the output is not a terminal.

use super::{Reporter, Summary};
use crate::pipeline::FileReport;
use std::io::Write;

pub struct ConciseReporter<W: Write> {
    out: W,
    as_of_note: String,
    quiet: bool,
    show_waived: bool,
}

impl<W: Write> ConciseReporter<W> {
    pub fn new(out: W, as_of_note: String, quiet: bool, show_waived: bool) -> Self {
        ConciseReporter {
            out,
            as_of_note,
            quiet,
            show_waived,
        }
    }
}

/// A message or path on one line, with nothing a terminal would act on
/// (a newline in a path must not start a fake finding line).
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    super::escape::visible(s)
}

impl<W: Write> Reporter for ConciseReporter<W> {
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        for (f, waiver) in r.shown(self.show_waived) {
            let what = match waiver {
                None => f.finding.severity.as_str(),
                Some(_) => "waived",
            };
            write!(
                self.out,
                "{}:{}:{}: {what}[{}] {}",
                one_line(&r.path),
                f.span.line,
                f.span.column,
                f.finding.rule,
                one_line(&f.finding.message)
            )?;
            match waiver {
                None => writeln!(self.out)?,
                Some(w) => writeln!(
                    self.out,
                    " (waived at {}: {})",
                    one_line(&w.location),
                    one_line(&w.reason)
                )?,
            }
        }
        for u in &r.unreadable {
            writeln!(
                self.out,
                "{}:{}:{}: error[unreadable] could not check this file: {}",
                one_line(&r.path),
                u.span.line,
                u.span.column,
                one_line(&u.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        if !self.quiet {
            self.out
                .write_all(super::human::summary_line(summary, &self.as_of_note).as_bytes())?;
        }
        self.out.flush()
    }
}
