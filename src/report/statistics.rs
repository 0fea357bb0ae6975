//! `--statistics`: how many findings each rule had, instead of the findings.

use super::{Reporter, Summary};
use crate::lang::Lang;
use crate::pipeline::FileReport;
use crate::rule::Severity;
use std::io::Write;

/// `--statistics`: instead of the findings, how many of each rule.
pub struct StatisticsReporter<W: Write> {
    out: W,
    lang: Lang,
    /// (code, name, severity) → count; unreadable inputs under code `-`.
    counts: std::collections::BTreeMap<(String, String, Severity), usize>,
}

impl<W: Write> StatisticsReporter<W> {
    pub fn new(out: W) -> Self {
        StatisticsReporter {
            out,
            lang: Lang::default(),
            counts: Default::default(),
        }
    }

    /// The language of the severity words and the last line.
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }
}

impl<W: Write> Reporter for StatisticsReporter<W> {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        for f in &r.findings {
            let key = (
                f.finding.rule.clone(),
                f.finding.rule_name.clone(),
                f.finding.severity,
            );
            *self.counts.entry(key).or_default() += 1;
        }
        if !r.unreadable.is_empty() {
            let name = self.lang.pick("无法读取", "unreadable");
            *self
                .counts
                .entry(("-".into(), name.into(), Severity::Error))
                .or_default() += r.unreadable.len();
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> std::io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for ((code, name, severity), n) in rows {
            let word = super::severity_word(*severity, self.lang);
            writeln!(self.out, "{n:>8}  {code:<7} {word:<8} {name}")?;
        }
        let aside = super::human::set_aside(s, self.lang);
        match self.lang {
            Lang::Zh => writeln!(
                self.out,
                "检查 {} 个文件、{} 份申报{aside}",
                s.files, s.filings
            )?,
            Lang::En => writeln!(
                self.out,
                "checked {} files, {} filings{aside}",
                s.files, s.filings
            )?,
        }
        write!(self.out, "{}", super::skipped_line(s, self.lang))?;
        self.out.flush()
    }
}
