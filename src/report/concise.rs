//! `--format concise`: one line a finding — `path:line:col: severity[RULE]
//! message` — the form editors' error parsers, `grep` and `sort` read, and
//! what `--format auto` writes when the output is not a terminal.

use super::{Reporter, Summary};
use crate::lang::Lang;
use crate::pipeline::FileReport;
use std::io::Write;

pub struct ConciseReporter<'a, W: Write> {
    catalog: Option<&'a crate::rule::Catalog>,
    out: W,
    as_of_note: String,
    quiet: bool,
    show_waived: bool,
    lang: Lang,
}

impl<'a, W: Write> ConciseReporter<'a, W> {
    pub fn new(out: W, as_of_note: String, quiet: bool, show_waived: bool) -> Self {
        ConciseReporter {
            catalog: None,
            out,
            as_of_note,
            quiet,
            show_waived,
            lang: Lang::default(),
        }
    }

    /// The rules, for their English titles (`--lang en`).
    pub fn catalog(mut self, catalog: &'a crate::rule::Catalog) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// The language of the severity words and the summary (`--lang en`
    /// for a tool that looks for `error`/`warning`).
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }
}

/// The words of a concise line: waived, before and between the waiver's
/// place and reason, after it, and an unreadable file's.
fn words(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => [
            "已豁免",
            "（豁免于 ",
            "：",
            "）",
            "无法读取] 无法检查此文件：",
        ],
        Lang::En => [
            "waived",
            " (waived at ",
            ": ",
            ")",
            "unreadable] could not check this file: ",
        ],
    }
}

/// A message or path on one line, with nothing a terminal would act on
/// (a newline in a path must not start a fake finding line).
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    super::escape::visible(s)
}

impl<W: Write> Reporter for ConciseReporter<'_, W> {
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        let [waived, open, colon, close, unreadable] = words(self.lang);
        for (f, waiver) in r.shown(self.show_waived) {
            let what = match waiver {
                None => super::severity_word(f.finding.severity, self.lang),
                Some(_) => waived,
            };
            write!(
                self.out,
                "{}:{}:{}: {what}[{}] {}",
                one_line(&r.path),
                f.span.line,
                f.span.column,
                f.finding.rule,
                one_line(&super::message(f, self.catalog, self.lang))
            )?;
            match waiver {
                None => writeln!(self.out)?,
                Some(w) => {
                    // (Who approved it, as the human and JSON reports say.)
                    let approver = w.approver.as_deref().map_or(String::new(), |a| {
                        format!(
                            "{}{}",
                            self.lang.pick("；批准人 ", "; approved by "),
                            one_line(a)
                        )
                    });
                    writeln!(
                        self.out,
                        "{open}{}{colon}{}{approver}{close}",
                        one_line(&w.location),
                        one_line(&w.reason)
                    )?
                }
            }
        }
        for u in &r.unreadable {
            writeln!(
                self.out,
                "{}:{}:{}: {}[{unreadable}{}",
                one_line(&r.path),
                u.span.line,
                u.span.column,
                super::severity_word(crate::rule::Severity::Error, self.lang),
                one_line(&crate::filing::localize(&u.message, self.lang))
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        if !self.quiet {
            self.out.write_all(
                super::human::summary_line(summary, &self.as_of_note, self.lang).as_bytes(),
            )?;
        }
        self.out.flush()
    }
}
