//! `--statistics`: how many findings each rule had, instead of the findings.

use super::{Reporter, Summary};
use crate::pipeline::FileReport;
use std::io::Write;

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
        writeln!(
            self.out,
            "checked {} files, {} filings{}",
            s.files,
            s.filings,
            super::human::set_aside(s, crate::lang::Lang::En)
        )?;
        self.out.flush()
    }
}
