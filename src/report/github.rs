//! `--format github`: GitHub Actions workflow commands, one a finding, so
//! findings appear as annotations on the pull request's files.

use super::{Reporter, Summary};
use crate::lang::Lang;
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

pub struct GithubReporter<'a, W: Write> {
    catalog: Option<&'a crate::rule::Catalog>,
    out: W,
    show_waived: bool,
    lang: Lang,
}

/// The texts of the annotations and the last line (the workflow
/// commands themselves, `::error`, are GitHub's and stay as they are).
struct Words {
    waived: &'static str,
    waived_at: &'static str,
    unreadable: &'static str,
    could_not_check: &'static str,
    summary: fn(&Summary) -> String,
}

const ZH: Words = Words {
    waived: "已豁免",
    waived_at: "豁免于",
    unreadable: "无法读取",
    could_not_check: "无法检查此文件",
    summary: |s| {
        format!(
            "neglist：{} 个文件、{} 份申报：{} 个错误，{} 个警告，{} 个提示，{} 个无法读取{}",
            s.files,
            s.filings,
            s.errors,
            s.warnings,
            s.notes,
            s.unreadable,
            super::human::set_aside(s, Lang::Zh)
        )
    },
};

const EN: Words = Words {
    waived: "waived",
    waived_at: "waived at",
    unreadable: "unreadable",
    could_not_check: "could not check this file",
    summary: |s| {
        format!(
            "neglist: {} files, {} filings: {} errors, {} warnings, {} notes, {} unreadable{}",
            s.files,
            s.filings,
            s.errors,
            s.warnings,
            s.notes,
            s.unreadable,
            super::human::set_aside(s, Lang::En)
        )
    },
};

impl<'a, W: Write> GithubReporter<'a, W> {
    pub fn new(out: W) -> Self {
        GithubReporter {
            catalog: None,
            out,
            show_waived: false,
            lang: Lang::default(),
        }
    }

    /// The rules, for their English titles (`--lang en`).
    pub fn catalog(mut self, catalog: &'a crate::rule::Catalog) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// The language of titles, messages and the last line.
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    fn words(&self) -> &'static Words {
        match self.lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// Also annotate waived findings, as notices naming the waiver.
    pub fn show_waived(mut self, show: bool) -> Self {
        self.show_waived = show;
        self
    }
}

impl<W: Write> Reporter for GithubReporter<'_, W> {
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        let w = self.words();
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
                Some(wv) => (
                    format!("{} {} {}", w.waived, f.finding.rule, f.finding.rule_name),
                    format!("{} {}: {}", w.waived_at, wv.location, wv.reason),
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
                data(&format!(
                    "{} ({note})",
                    super::message(f, self.catalog, self.lang)
                )),
            )?;
        }
        for u in &r.unreadable {
            writeln!(
                self.out,
                "::error file={},line={},col={},title={}::{}",
                property(&r.path),
                u.span.line,
                u.span.column,
                property(w.unreadable),
                data(&format!(
                    "{}: {}",
                    w.could_not_check,
                    crate::filing::localize(&u.message, self.lang)
                )),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        let line = (self.words().summary)(s);
        writeln!(self.out, "{line}")?;
        // (What the walk skipped: a plain line in the log.)
        write!(self.out, "{}", super::skipped_line(s, self.lang))?;
        self.out.flush()
    }
}
