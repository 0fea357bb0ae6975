//! Findings → text. Renderers only format; they never decide.

pub mod explain;
pub mod human;
pub mod json;

use crate::check::FileReport;
use crate::dsl::Severity;

/// Totals over a run, as the summary line and JSON `summary` give them.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub filings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub unreadable: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for r in reports {
            s.filings += r.filings;
            s.unreadable += r.unreadable.len();
            for f in &r.findings {
                match f.finding.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Note => s.notes += 1,
                }
            }
        }
        s
    }

    /// Exit status per the output contract: 1 on any error or unreadable input.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.errors > 0 || self.unreadable > 0)
    }
}
