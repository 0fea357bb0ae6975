//! The human report: one miette block per finding, the offending words
//! underlined, with our own `path:line:col` header (miette's counts bytes;
//! ours counts characters).

use super::Summary;
use crate::pipeline::FileReport;
use crate::rule::{Catalog, Severity};
use crate::span::Window;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt::Write as _;

struct Block<'a> {
    message: String,
    severity: miette::Severity,
    label: String,
    help: Option<String>,
    span: std::ops::Range<usize>,
    source: Window<'a>,
}

/// The part of a range that is underlined: a very long finding (a whole
/// scope value) is underlined for its first characters only.
fn shown(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let range = range.start.min(text.len())..range.end.min(text.len());
    match text
        .get(range.clone())
        .and_then(|t| t.char_indices().nth(2 * crate::span::WINDOW))
    {
        Some((i, _)) => range.start..range.start + i,
        None => range,
    }
}

impl std::fmt::Debug for Block<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::fmt::Display for Block<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Block<'_> {}
impl Diagnostic for Block<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.label.clone()), self.span.clone()),
        )))
    }
}

pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .without_primary_span_start()
        .with_width(100)
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    }
}

/// The help text of a block as miette renders it (its footer), by help
/// text: every finding of one rule on one day has the same help, and
/// wrapping it (line breaking, display widths) was most of the time of a
/// block — 550 000 findings of one rule wrapped the same text 550 000
/// times. miette writes the footer last and from the help text alone, so
/// a block is its rendering without help followed by the footer; the first
/// block of each help text checks that this holds, and renders whole when
/// it does not.
#[derive(Default)]
pub struct Footers {
    by_help: std::collections::HashMap<String, Option<String>>,
}

/// Help texts remembered at most (the cache is emptied when full).
const MAX_FOOTERS: usize = 4096;

impl Footers {
    /// Renders `block` onto `out`.
    fn render(&mut self, h: &GraphicalReportHandler, out: &mut String, block: &mut Block) {
        let Some(help) = block.help.take() else {
            let _ = h.render_report(out, block);
            return;
        };
        let start = out.len();
        match self.by_help.get(&help) {
            Some(Some(footer)) => {
                let _ = h.render_report(out, block);
                out.push_str(footer);
                return;
            }
            Some(None) => {}
            None => {
                let _ = h.render_report(out, block);
                let bare = out.split_off(start);
                block.help = Some(help);
                let _ = h.render_report(out, block);
                let help = block.help.take().unwrap_or_default();
                let footer = out[start..].strip_prefix(bare.as_str()).map(str::to_string);
                if self.by_help.len() >= MAX_FOOTERS {
                    self.by_help.clear();
                }
                self.by_help.insert(help, footer);
                return;
            }
        }
        block.help = Some(help);
        let _ = h.render_report(out, block);
    }
}

/// One file's blocks: a finding or an unreadable document a block (and,
/// with `show_waived`, each waived finding, after the others). Each block
/// is written to `out` as soon as it is rendered, so what is held is one
/// block, however many findings the file has.
pub fn render_file(
    catalog: &Catalog,
    h: &GraphicalReportHandler,
    r: &FileReport,
    show_waived: bool,
    footers: &mut Footers,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut block_text = String::new();
    {
        let source = r.source.as_ref().map_or("", |s| s.src.as_str());
        // Control characters of the filing are shown escaped: the spans are
        // moved to the escaped text (once a file, only when it has any).
        let escaped = super::escape::Escaped::of(source);
        let text = escaped.as_ref().map_or(source, |e| e.text.as_str());
        let moved = |range: std::ops::Range<usize>| match &escaped {
            Some(e) => e.map(range.start)..e.map(range.end),
            None => range,
        };
        let path = super::escape::visible(&r.path);
        // The text's line table, built by the first block that needs it.
        let lines = std::sync::OnceLock::new();
        for (f, waiver) in r.shown(show_waived) {
            let rule = f.finding.rule_index.map(|i| &catalog.rules[i]);
            let mut help = String::new();
            // The exact fix, when there is one, comes first.
            if let Some(h) = &f.finding.hint {
                let _ = writeln!(help, "{h}");
            }
            if let Some(w) = waiver {
                let _ = write!(
                    help,
                    "waived ({} at {}): {}",
                    w.kind,
                    super::escape::visible(&w.location),
                    super::escape::visible(&w.reason)
                );
                if let Some(a) = &w.approver {
                    let _ = write!(help, "; approved by {a}");
                }
                if let Some(d) = w.expires {
                    let _ = write!(help, "; until {d}");
                }
                help.push('\n');
            }
            for b in super::json::basis_of(catalog, f.finding.rule_index, f.finding.as_of) {
                let _ = write!(help, "basis: {} 《{}》", b.document, b.title);
                match (b.date, b.status.as_str()) {
                    (Some(d), "confirmed") => {
                        let _ = write!(help, " ({d})");
                    }
                    (Some(d), status) => {
                        let _ = write!(help, " ({d}; {status})");
                    }
                    (None, "confirmed") => {}
                    (None, status) => {
                        let _ = write!(help, " ({status})");
                    }
                }
                if let Some(i) = b.item {
                    let _ = write!(help, " {i}");
                }
                help.push('\n');
            }
            // How to fix: the rule's help, or a built-in code's.
            let fix = rule.and_then(|r| r.help.as_deref()).or_else(|| {
                crate::filing::builtin_codes()
                    .find(|c| c.code == f.finding.rule)
                    .map(|c| c.help)
            });
            if let Some(h) = fix {
                let _ = writeln!(help, "fix: {h}");
            }
            let _ = write!(help, "see: neglist explain {}", f.finding.rule);
            let mut block = Block {
                message: super::escape::visible(&f.finding.message).into_owned(),
                severity: if waiver.is_some() {
                    miette::Severity::Advice
                } else {
                    miette_severity(f.finding.severity)
                },
                label: format!(
                    "{} (as of {})",
                    f.finding.category.as_str(),
                    f.finding.as_of
                ),
                help: Some(help),
                span: shown(text, moved(f.finding.range.clone())),
                source: Window {
                    name: &path,
                    text,
                    line_base: r.line_base,
                    at: (f.span.line - 1, f.span.column - 1),
                    lines: Some(&lines),
                },
            };
            let out_block = &mut block_text;
            out_block.clear();
            let _ = writeln!(
                out_block,
                "{}:{}:{}: {} {} {}",
                path,
                f.span.line,
                f.span.column,
                if waiver.is_some() {
                    "waived"
                } else {
                    f.finding.severity.as_str()
                },
                f.finding.rule,
                f.finding.rule_name
            );
            if waiver.is_some() {
                let _ = h.render_report(out_block, &block);
            } else {
                footers.render(h, out_block, &mut block);
            }
            out_block.push('\n');
            out.write_all(out_block.as_bytes())?;
        }
        for u in &r.unreadable {
            let out_block = &mut block_text;
            out_block.clear();
            let _ = writeln!(
                out_block,
                "{}:{}:{}: error unreadable",
                path, u.span.line, u.span.column
            );
            let block = Block {
                message: format!(
                    "could not check this {}: {}",
                    if u.document.is_some() {
                        "document"
                    } else {
                        "file"
                    },
                    super::escape::visible(&u.message)
                ),
                severity: miette::Severity::Error,
                label: "reading stopped here".into(),
                help: Some("fix the file; until it can be read it is not counted as clean".into()),
                span: if text.is_empty() {
                    0..0
                } else {
                    let at = u.span.offset.saturating_sub(r.base);
                    shown(text, moved(at..at + u.span.length))
                },
                source: Window {
                    name: &path,
                    text,
                    line_base: r.line_base,
                    at: (u.span.line - 1, u.span.column - 1),
                    lines: Some(&lines),
                },
            };
            let _ = h.render_report(out_block, &block);
            out_block.push('\n');
            out.write_all(out_block.as_bytes())?;
        }
    }
    Ok(())
}

/// The last line: what was checked and what was found (and, on a line of
/// its own, what the walk skipped).
pub fn summary_line(s: &Summary, as_of_note: &str) -> String {
    let mut line = checked_line(s, as_of_note);
    line.push_str(&super::skipped_line(s));
    line
}

fn checked_line(s: &Summary, as_of_note: &str) -> String {
    // With `--as-of filed`, the days the filings were judged on.
    let judged = match (s.as_of_first, s.as_of_last) {
        (Some(a), Some(b)) if a == b => format!("; judged as of {a}"),
        (Some(a), Some(b)) => format!("; judged as of {a} … {b}"),
        _ => String::new(),
    };
    format!(
        "checked {} file{}, {} filing{}: {} error{}, {} warning{}, {} note{}, {} unreadable{} ({as_of_note}{judged})\n",
        s.files,
        plural(s.files),
        s.filings,
        plural(s.filings),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.notes,
        plural(s.notes),
        s.unreadable,
        set_aside(s)
    )
}

/// ", 2 waived, 5 in the baseline" — only what is not zero.
pub fn set_aside(s: &Summary) -> String {
    let mut out = String::new();
    if s.waived > 0 {
        out.push_str(&format!(", {} waived", s.waived));
    }
    if s.baselined > 0 {
        out.push_str(&format!(", {} in the baseline", s.baselined));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The human report, written file by file.
pub struct HumanReporter<'a, W: std::io::Write> {
    catalog: &'a Catalog,
    handler: GraphicalReportHandler,
    out: W,
    as_of_note: String,
    quiet: bool,
    show_waived: bool,
    footers: Footers,
}

impl<'a, W: std::io::Write> HumanReporter<'a, W> {
    pub fn new(catalog: &'a Catalog, out: W, color: bool, as_of_note: String) -> Self {
        HumanReporter {
            catalog,
            handler: handler(color),
            out,
            as_of_note,
            quiet: false,
            show_waived: false,
            footers: Footers::default(),
        }
    }

    /// Also show waived findings, each with its waiver.
    pub fn show_waived(mut self, show: bool) -> Self {
        self.show_waived = show;
        self
    }

    /// Leave out the summary line.
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }
}

impl<W: std::io::Write> super::Reporter for HumanReporter<'_, W> {
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        render_file(
            self.catalog,
            &self.handler,
            r,
            self.show_waived,
            &mut self.footers,
            &mut self.out,
        )
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        if !self.quiet {
            self.out
                .write_all(summary_line(summary, &self.as_of_note).as_bytes())?;
        }
        self.out.flush()
    }
}
