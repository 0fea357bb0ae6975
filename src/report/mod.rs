//! Findings → text. Renderers only format; they never decide.

pub mod block;
pub mod classify;
pub mod concise;
pub mod escape;
pub mod explain;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod statistics;

use crate::lang::Lang;
use crate::pipeline::FileReport;
use crate::rule::{Category, Severity};

/// A severity as the reports show it.
pub fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Note, Lang::Zh) => "提示",
        (s, Lang::En) => s.as_str(),
    }
}

/// A finding's message as a report for a reader shows it. Chinese: the
/// rule's message as the rule file writes it; the loader's and the waiver
/// checks' through `filing::localize`. English: a rule's English title and
/// the words found (rule files write their messages in Chinese only), with
/// what the engine adds (a suppressing structure, an existing
/// registration) said in English.
pub fn message<'f>(
    f: &'f crate::pipeline::PlacedFinding,
    catalog: Option<&crate::rule::Catalog>,
    lang: Lang,
) -> std::borrow::Cow<'f, str> {
    let finding = &f.finding;
    let Some(i) = finding.rule_index else {
        return crate::filing::localize(&finding.message, lang);
    };
    let title_en = catalog
        .and_then(|c| c.rules.get(i))
        .and_then(|r| r.title_en.as_deref());
    match (lang, title_en) {
        (Lang::En, Some(t)) => {
            let mut m = format!("{t}: “{}”", f.matched);
            if let Some(s) = &finding.suppressed {
                let kind = match s.kind {
                    crate::engine::eval::SuppressionKind::Negation => "a negation",
                    crate::engine::eval::SuppressionKind::Condition => "a condition in brackets",
                    crate::engine::eval::SuppressionKind::StandardClause => "a standard clause",
                };
                let _ = std::fmt::Write::write_fmt(
                    &mut m,
                    format_args!(
                        " (inside {kind}{}; reported as a {} for review)",
                        s.cue
                            .as_deref()
                            .map(|c| format!(" “{c}”"))
                            .unwrap_or_default(),
                        finding.severity.as_str()
                    ),
                );
            }
            if let Some(e) = &finding.existing {
                let _ = std::fmt::Write::write_fmt(
                    &mut m,
                    format_args!(
                        " (existing registration: {} {} is before the rule came into force on {}; to be rectified)",
                        e.field, e.date, e.in_force_since
                    ),
                );
            }
            m.into()
        }
        _ => finding.message.as_str().into(),
    }
}

/// A rule's category as the reports show it.
pub fn category_word(c: Category, lang: Lang) -> &'static str {
    match (c, lang) {
        (Category::Prohibited, Lang::Zh) => "禁止准入",
        (Category::LicenseRequired, Lang::Zh) => "须经许可",
        (Category::Risk, Lang::Zh) => "风险提示",
        (Category::Data, Lang::Zh) => "数据问题",
        (c, Lang::En) => c.as_str(),
    }
}

/// A report written as files are checked: each file's part as soon as it is
/// known (in path order), then the totals.
pub trait Reporter {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()>;
    fn finish(&mut self, summary: &Summary) -> std::io::Result<()>;
    /// Hands what is written so far to the output (line-oriented formats;
    /// the others are one document, whole only at the end).
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Totals over a run, as the summary line and JSON `summary` give them.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub filings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub unreadable: usize,
    /// Findings covered by a waiver (listed apart, not failures).
    pub waived: usize,
    /// Findings left out because the baseline has them.
    pub baselined: usize,
    /// Filings (`*.yaml`/`*.yml`) under the directories walked that the
    /// walk skipped as hidden or ignored (`--hidden`, `--no-ignore`).
    #[serde(skip_serializing_if = "is_zero")]
    pub skipped: usize,
    /// With `--as-of filed`: the earliest and latest day a filing was
    /// judged on (the dates that made the verdicts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of_first: Option<crate::parse::date::Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of_last: Option<crate::parse::date::Date>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The line that says how many files the walk skipped (Chinese first; one
/// place, for translation), or nothing.
pub fn skipped_line(s: &Summary, lang: crate::lang::Lang) -> String {
    match (s.skipped, lang) {
        (0, _) => String::new(),
        (n, crate::lang::Lang::Zh) => format!(
            "已跳过 {n} 个隐藏或被忽略的文件（用 --hidden、--no-ignore 检查它们，或直接指定文件）\n"
        ),
        (n, crate::lang::Lang::En) => format!(
            "skipped {n} hidden or ignored file{} (check them with --hidden, --no-ignore, or name them)\n",
            if n == 1 { "" } else { "s" }
        ),
    }
}

impl Summary {
    /// Counts one more file's report.
    pub fn add(&mut self, r: &FileReport) {
        if !r.part {
            self.files += 1;
        }
        self.filings += r.filings;
        self.unreadable += r.unreadable.len();
        self.waived += r.waived.len();
        self.baselined += r.baselined;
        if let Some((a, b)) = r.judged_between {
            self.as_of_first = Some(self.as_of_first.map_or(a, |x| x.min(a)));
            self.as_of_last = Some(self.as_of_last.map_or(b, |x| x.max(b)));
        }
        for f in &r.findings {
            match f.finding.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Note => self.notes += 1,
            }
        }
    }

    /// Exit status per the output contract: 1 on any error or unreadable input.
    pub fn exit_code(&self) -> i32 {
        // (A walk that skipped filings and checked none checked nothing it
        // was asked to: that is no clean run.)
        let only_skipped = self.files == 0 && self.skipped > 0;
        i32::from(self.errors > 0 || self.unreadable > 0 || only_skipped)
    }
}
