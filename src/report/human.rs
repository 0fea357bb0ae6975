//! The human report: one block per finding (drawn by `block`, laid out
//! for the terminal's width), the offending words underlined, with a
//! `path:line:col` header (columns count characters). Labels follow the
//! language (`Lang`); the texts are in the tables below.

use super::{Summary, block};
use crate::lang::Lang;
use crate::pipeline::FileReport;
use crate::rule::{Catalog, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

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

/// miette's handler as neglist configures it (for callers that render
/// a miette diagnostic of their own).
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

/// The labels and sentences of the human report, in one table.
struct Words {
    waived: &'static str,
    unreadable: &'static str,
    basis: &'static str,
    fix: &'static str,
    see: &'static str,
    waiver: &'static str,
    as_of: &'static str,
    could_not_check_file: &'static str,
    could_not_check_document: &'static str,
    reading_stopped: &'static str,
    fix_the_file: &'static str,
    waiver_in_comment: &'static str,
    waiver_in_file: &'static str,
    approved_by: &'static str,
    until: &'static str,
    /// Brackets around a date, and the colon after a message's subject.
    open: &'static str,
    close: &'static str,
    colon: &'static str,
}

const ZH: Words = Words {
    waived: "已豁免",
    unreadable: "无法读取",
    basis: "依据：",
    fix: "整改：",
    see: "详见：",
    waiver: "豁免：",
    as_of: "截至",
    could_not_check_file: "无法检查此文件",
    could_not_check_document: "无法检查此文档",
    reading_stopped: "读取在此中止",
    fix_the_file: "请修正该文件；在能读取之前，它不算通过",
    waiver_in_comment: "申报中的豁免注释",
    waiver_in_file: "豁免文件",
    approved_by: "批准人",
    until: "有效期至",
    open: "（",
    close: "）",
    colon: "：",
};

const EN: Words = Words {
    waived: "waived",
    unreadable: "unreadable",
    basis: "basis: ",
    fix: "fix: ",
    see: "see: ",
    waiver: "waiver: ",
    as_of: "as of",
    could_not_check_file: "could not check this file",
    could_not_check_document: "could not check this document",
    reading_stopped: "reading stopped here",
    fix_the_file: "fix the file; until it can be read it is not counted as clean",
    waiver_in_comment: "waiver comment in the filing",
    waiver_in_file: "waivers file",
    approved_by: "approved by",
    until: "until",
    open: " (",
    close: ")",
    colon: ": ",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// Footers by their entries: every finding of one rule on one day has the
/// same footer, and wrapping it (line breaking, display widths) was most
/// of the time of a block — 550 000 findings of one rule wrapped the same
/// text 550 000 times.
#[derive(Default)]
pub struct Footers {
    by_text: std::collections::HashMap<Vec<(&'static str, String)>, String>,
}

/// Footers remembered at most (the cache is emptied when full).
const MAX_FOOTERS: usize = 4096;

impl Footers {
    fn get(&mut self, entries: Vec<(&'static str, String)>, width: usize) -> &str {
        if self.by_text.len() >= MAX_FOOTERS && !self.by_text.contains_key(&entries) {
            self.by_text.clear();
        }
        self.by_text
            .entry(entries)
            .or_insert_with_key(|e| block::footer(e, width))
    }
}

/// The legal basis of a finding, one entry a source: number, title, date,
/// item. Whether a source is confirmed is said in `explain` and JSON, not
/// on every finding.
fn basis_entries(
    catalog: &Catalog,
    f: &crate::engine::Finding,
    w: &Words,
    out: &mut Vec<(&'static str, String)>,
) {
    for b in super::json::basis_of(catalog, f.rule_index, f.as_of) {
        let mut t = format!("{} 《{}》", b.document, b.title);
        if let Some(d) = b.date {
            let _ = write!(t, "{}{d}{}", w.open, w.close);
        }
        if let Some(i) = b.item {
            let _ = write!(t, " {}", without_status(&i));
        }
        out.push((w.basis, t));
    }
}

/// An item reference without the research notes some carry in brackets
/// (`（具体条目未核实）`, `（…，凭记忆；…未核实）`): those say how sure the
/// citation is, which `explain` and JSON report; a finding shows where.
pub fn without_status(item: &str) -> String {
    const MARKS: &[&str] = &["未核实", "凭记忆", "待核实", "二手来源", "unconfirmed"];
    let mut out = String::new();
    let mut rest = item;
    while let Some(open) = rest.find('（') {
        let after = &rest[open + '（'.len_utf8()..];
        // The matching close, counting nested brackets.
        let mut depth = 1;
        let mut close = None;
        for (i, c) in after.char_indices() {
            match c {
                '（' => depth += 1,
                '）' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { break };
        let inner = &after[..close];
        out.push_str(&rest[..open]);
        if !MARKS.iter().any(|m| inner.contains(m)) {
            out.push('（');
            out.push_str(inner);
            out.push('）');
        }
        rest = &after[close + '）'.len_utf8()..];
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// One file's blocks: a finding or an unreadable document a block (and,
/// with `show_waived`, each waived finding, after the others). Each block
/// is written to `out` as soon as it is rendered, so what is held is one
/// block, however many findings the file has.
pub fn render_file(
    catalog: &Catalog,
    style: block::Style,
    lang: Lang,
    r: &FileReport,
    show_waived: bool,
    footers: &mut Footers,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let w = words(lang);
    let mut out_block = String::new();
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
        let mut entries: Vec<(&'static str, String)> = vec![];
        // The exact fix of this value, when the tool knows it, comes first.
        if let Some(h) = &f.finding.hint {
            entries.push((w.fix, crate::filing::localize(h, lang).into_owned()));
        }
        if let Some(wv) = waiver {
            let mut t = format!(
                "{} {}{}{}",
                match wv.kind {
                    "comment" => w.waiver_in_comment,
                    _ => w.waiver_in_file,
                },
                super::escape::visible(&wv.location),
                w.colon,
                super::escape::visible(&wv.reason)
            );
            if let Some(a) = &wv.approver {
                let _ = write!(t, "; {} {a}", w.approved_by);
            }
            if let Some(d) = wv.expires {
                let _ = write!(t, "; {} {d}", w.until);
            }
            entries.push((w.waiver, t));
        }
        basis_entries(catalog, &f.finding, w, &mut entries);
        // How to fix: the rule's help, or a built-in code's.
        let fix = match lang {
            Lang::Zh => rule.and_then(|r| r.help.as_ref().or(r.help_en.as_ref())),
            Lang::En => rule.and_then(|r| r.help_en.as_ref().or(r.help.as_ref())),
        }
        .map(String::as_str)
        .or_else(|| {
            crate::filing::builtin_codes()
                .find(|c| c.code == f.finding.rule)
                .map(|c| c.help_in(lang))
        });
        if let Some(h) = fix {
            entries.push((w.fix, h.to_string()));
        }
        entries.push((w.see, format!("neglist explain {}", f.finding.rule)));
        let label = format!(
            "{}{}{} {}{}",
            super::category_word(f.finding.category, lang),
            w.open,
            w.as_of,
            f.finding.as_of,
            w.close
        );
        let line_table = lines.get_or_init(|| crate::span::LineIndex::new(text));
        let snippet = block::Snippet {
            name: &path,
            text,
            lines: line_table,
            line_base: r.line_base,
            span: shown(text, moved(f.finding.range.clone())),
            label: &label,
        };
        out_block.clear();
        let head = format!(
            "{}:{}:{}: {} {}",
            path,
            f.span.line,
            f.span.column,
            if waiver.is_some() {
                w.waived
            } else {
                super::severity_word(f.finding.severity, lang)
            },
            f.finding.rule,
        );
        // (The rule's name goes to a line of its own when the line would
        // not fit the terminal: a long path, a narrow window.)
        let name = &f.finding.rule_name;
        if head.width() + 1 + name.width() <= style.width {
            let _ = writeln!(out_block, "{head} {name}");
        } else {
            let _ = writeln!(out_block, "{head}\n  {name}");
        }
        let level = if waiver.is_some() {
            block::Level::Advice
        } else {
            level(f.finding.severity)
        };
        let footer = footers.get(entries, style.width);
        block::render(
            &mut out_block,
            style,
            level,
            &super::escape::visible(&super::message(f, Some(catalog), lang)),
            Some(&snippet),
            footer,
        );
        out_block.push('\n');
        out.write_all(out_block.as_bytes())?;
    }
    for u in &r.unreadable {
        out_block.clear();
        let _ = writeln!(
            out_block,
            "{}:{}:{}: {} {}",
            path,
            u.span.line,
            u.span.column,
            super::severity_word(Severity::Error, lang),
            w.unreadable
        );
        let message = format!(
            "{}{}{}",
            if u.document.is_some() {
                w.could_not_check_document
            } else {
                w.could_not_check_file
            },
            w.colon,
            super::escape::visible(&crate::filing::localize(&u.message, lang))
        );
        let span = if text.is_empty() {
            0..0
        } else {
            let at = u.span.offset.saturating_sub(r.base);
            shown(text, moved(at..at + u.span.length))
        };
        let line_table = lines.get_or_init(|| crate::span::LineIndex::new(text));
        let snippet = block::Snippet {
            name: &path,
            text,
            lines: line_table,
            line_base: r.line_base,
            span,
            label: w.reading_stopped,
        };
        let footer = block::footer(&[(w.fix, w.fix_the_file.to_string())], style.width);
        block::render(
            &mut out_block,
            style,
            block::Level::Error,
            &message,
            (!text.is_empty()).then_some(&snippet),
            &footer,
        );
        out_block.push('\n');
        out.write_all(out_block.as_bytes())?;
    }
    Ok(())
}

fn level(s: Severity) -> block::Level {
    match s {
        Severity::Error => block::Level::Error,
        Severity::Warning => block::Level::Warning,
        Severity::Note => block::Level::Advice,
    }
}

/// A diagnostic about a rule, configuration or waivers file, as a block
/// like a finding's: `path:line:col: 错误`, the message, the place, and
/// the help.
pub fn source_error(e: &crate::diagnostic::SourceError, style: block::Style, lang: Lang) -> String {
    let w = words(lang);
    let mut out = format!(
        "{}: {}\n",
        e.location(),
        super::severity_word(
            if e.warning {
                Severity::Warning
            } else {
                Severity::Error
            },
            lang
        )
    );
    // The configuration's and the waivers file's words in `lang`; a rule
    // file's diagnostics are for rule authors and stay as written.
    let tr = |t: &str| -> String {
        if e.code == "neglist::rules" {
            t.to_string()
        } else {
            crate::config::localize(t, lang).into_owned()
        }
    };
    let label = tr(&e.label);
    let text: &str = &e.source.text;
    let lines = crate::span::LineIndex::new(text);
    let snippet = block::Snippet {
        name: &e.source.path,
        text,
        lines: &lines,
        line_base: 0,
        span: shown(text, e.span.clone()),
        label: &label,
    };
    let footer = match &e.help {
        Some(h) => block::footer(&[(w.fix, tr(h))], style.width),
        None => String::new(),
    };
    block::render(
        &mut out,
        style,
        if e.warning {
            block::Level::Warning
        } else {
            block::Level::Error
        },
        &tr(&e.message),
        (!text.is_empty()).then_some(&snippet),
        &footer,
    );
    out
}

/// The summary line's texts.
struct SummaryWords {
    /// files, filings, errors, warnings, notes, unreadable
    counts: fn(&Summary) -> String,
    judged_one: &'static str,
    judged_between: &'static str,
    waived: &'static str,
    baselined: &'static str,
    sep: &'static str,
    open: &'static str,
    close: &'static str,
}

const SUMMARY_ZH: SummaryWords = SummaryWords {
    counts: |s| {
        format!(
            "检查 {} 个文件、{} 份申报：{} 个错误，{} 个警告，{} 个提示，{} 个无法读取",
            s.files, s.filings, s.errors, s.warnings, s.notes, s.unreadable
        )
    },
    judged_one: "；按 {a} 判断",
    judged_between: "；按 {a} … {b} 判断",
    waived: "，{n} 个已豁免",
    baselined: "，{n} 个在基线中",
    sep: "",
    open: "（",
    close: "）",
};

const SUMMARY_EN: SummaryWords = SummaryWords {
    counts: |s| {
        format!(
            "checked {} file{}, {} filing{}: {} error{}, {} warning{}, {} note{}, {} unreadable",
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
        )
    },
    judged_one: "; judged as of {a}",
    judged_between: "; judged as of {a} … {b}",
    waived: ", {n} waived",
    baselined: ", {n} in the baseline",
    sep: " ",
    open: "(",
    close: ")",
};

fn summary_words(lang: Lang) -> &'static SummaryWords {
    match lang {
        Lang::Zh => &SUMMARY_ZH,
        Lang::En => &SUMMARY_EN,
    }
}

/// The last line: what was checked and what was found.
pub fn summary_line(s: &Summary, as_of_note: &str, lang: Lang) -> String {
    let sw = summary_words(lang);
    // With `--as-of filed`, the days the filings were judged on.
    let judged = match (s.as_of_first, s.as_of_last) {
        (Some(a), Some(b)) if a == b => sw.judged_one.replace("{a}", &a.to_string()),
        (Some(a), Some(b)) => sw
            .judged_between
            .replace("{a}", &a.to_string())
            .replace("{b}", &b.to_string()),
        _ => String::new(),
    };
    // (What the walk skipped, on a line of its own.)
    format!(
        "{}{}{}{}{as_of_note}{judged}{}\n{}",
        (sw.counts)(s),
        set_aside(s, lang),
        sw.sep,
        sw.open,
        sw.close,
        super::skipped_line(s, lang)
    )
}

/// ", 2 waived, 5 in the baseline" — only what is not zero.
pub fn set_aside(s: &Summary, lang: Lang) -> String {
    let sw = summary_words(lang);
    let mut out = String::new();
    if s.waived > 0 {
        out.push_str(&sw.waived.replace("{n}", &s.waived.to_string()));
    }
    if s.baselined > 0 {
        out.push_str(&sw.baselined.replace("{n}", &s.baselined.to_string()));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The human report, written file by file.
pub struct HumanReporter<'a, W: std::io::Write> {
    catalog: &'a Catalog,
    style: block::Style,
    lang: Lang,
    out: W,
    as_of_note: String,
    quiet: bool,
    show_waived: bool,
    footers: Footers,
}

impl<'a, W: std::io::Write> HumanReporter<'a, W> {
    pub fn new(
        catalog: &'a Catalog,
        out: W,
        style: block::Style,
        lang: Lang,
        as_of_note: String,
    ) -> Self {
        HumanReporter {
            catalog,
            style,
            lang,
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
            self.style,
            self.lang,
            r,
            self.show_waived,
            &mut self.footers,
            &mut self.out,
        )
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        if !self.quiet {
            // Wrapped to the width like the blocks (concise keeps it one line).
            let line = summary_line(summary, &self.as_of_note, self.lang);
            for l in block::wrap(line.trim_end(), "", "  ", self.style.width) {
                writeln!(self.out, "{l}")?;
            }
        }
        self.out.flush()
    }
}
