//! One diagnostic block of the human report, laid out for a terminal of a
//! given width: the message, the source line windowed around the span
//! (with `…` where it is cut), the underline under the very words (display
//! columns: a CJK character is two), and the footer (依据 / 整改 / 详见 …)
//! wrapped without cutting a document number.
//!
//! Drawn here rather than by miette's graphical handler: miette's labels
//! (`help:`) are English, it wraps a long CJK source line so that the
//! underline no longer sits under the words, and it breaks lines inside
//! `银发〔2021〕237号`. The look is miette's.

use std::fmt::Write as _;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// The width a report is laid out for when the output is not a terminal
/// and `--width` is not given: wide enough for a basis line, narrow enough
/// to read in a pager or a CI log.
pub const DEFAULT_WIDTH: usize = 100;
/// Narrower than this, nothing useful fits; `--width` below it is raised.
pub const MIN_WIDTH: usize = 40;

/// How a block is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub width: usize,
    pub color: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Advice,
}

impl Level {
    fn symbol(self) -> &'static str {
        match self {
            Level::Error => "×",
            Level::Warning => "⚠",
            Level::Advice => "☞",
        }
    }
    fn color(self) -> &'static str {
        match self {
            Level::Error => "\x1b[31m",
            Level::Warning => "\x1b[33m",
            Level::Advice => "\x1b[36m",
        }
    }
}

const RESET: &str = "\x1b[0m";

/// The text around a span: `text` is the whole file (or a window of it),
/// `span` a byte range into it.
pub struct Snippet<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub lines: &'a crate::span::LineIndex,
    /// Lines of the input before `text` (an NDJSON line of a stream).
    pub line_base: usize,
    pub span: Range<usize>,
    pub label: &'a str,
}

/// Display width of one character as a terminal shows it (a control
/// character, already escaped by the report, or a tab: one column).
fn cw(c: char) -> usize {
    if c == '\t' {
        return 1;
    }
    c.width().unwrap_or(1)
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.chars().map(cw).sum()
}

/// Display width of characters, counted up to `cap` at most.
fn capped(chars: impl Iterator<Item = char>, cap: usize) -> usize {
    let mut w = 0;
    for c in chars {
        w += cw(c);
        if w >= cap {
            return cap;
        }
    }
    w
}

/// The part of a line shown in `avail` columns around `span` (byte range
/// within `line`): `start..end` of `line`, and whether `…` stands before
/// and after it. The `…`s are inside `avail`. The span is shown whole when
/// it fits, with context on both sides balanced; a span wider than the
/// room is shown from its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub start: usize,
    pub end: usize,
    pub cut_left: bool,
    pub cut_right: bool,
}

pub fn window(line: &str, span: Range<usize>, avail: usize) -> Cut {
    let s = floor(line, span.start.min(line.len()));
    let e = floor(line, span.end.clamp(s, line.len()));
    // Widths counted up to just past `avail` only: a block costs the same
    // however long the line (a 5 MB scope with 20 000 findings).
    let cap = avail + 1;
    let left_w = capped(line[..s].chars().rev(), cap);
    let span_w = capped(line[s..e].chars(), cap);
    let right_w = capped(line[e..].chars(), cap);
    if left_w + span_w + right_w <= avail {
        return Cut {
            start: 0,
            end: line.len(),
            cut_left: false,
            cut_right: false,
        };
    }
    // Columns for context (both sides), and what each side gets.
    // (An empty span is still drawn: `┬` takes a column.)
    let (left, right) = if span_w + 2 > avail {
        (0, 0)
    } else {
        let room = avail - span_w.max(1);
        let half = (room - 2) / 2;
        if left_w <= half {
            (left_w, room - left_w - 1)
        } else if right_w <= half {
            (room - right_w - 1, right_w)
        } else {
            (half, room - 2 - half)
        }
    };
    // Walk left from the span start, then right from its end.
    let mut start = s;
    let mut used = 0;
    for (i, c) in line[..s].char_indices().rev() {
        if used + cw(c) > left {
            break;
        }
        used += cw(c);
        start = i;
    }
    let cut_left = start > 0;
    let mut end = e;
    let mut used = 0;
    if span_w + 2 > avail {
        // The span alone is too wide: show as much of it as fits.
        end = s;
        let budget = avail - usize::from(cut_left) - 1;
        for (i, c) in line[s..].char_indices() {
            if used + cw(c) > budget {
                break;
            }
            used += cw(c);
            end = s + i + c.len_utf8();
        }
    } else {
        for (i, c) in line[e..].char_indices() {
            if used + cw(c) > right {
                break;
            }
            used += cw(c);
            end = e + i + c.len_utf8();
        }
    }
    Cut {
        start,
        end,
        cut_left,
        cut_right: end < line.len(),
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A line cut to `avail` columns from its start, `…` at the end if cut.
fn head(line: &str, avail: usize) -> String {
    if capped(line.chars(), avail + 1) <= avail {
        return line.replace('\t', " ");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in line.chars() {
        if used + cw(c) + 1 > avail {
            break;
        }
        used += cw(c);
        out.push(if c == '\t' { ' ' } else { c });
    }
    out.push('…');
    out
}

/// Closing punctuation: never starts a line.
fn closing(c: char) -> bool {
    "，。；：、）》」』”’！？,.;:!?)]}】".contains(c)
}
/// Opening punctuation: never ends a line.
fn opening(c: char) -> bool {
    "（《「『“‘([{【".contains(c)
}

/// Pieces of text that are never broken: a run of letters and digits (an
/// ASCII word, a date, a URL) and a run of CJK characters with a digit in
/// it (a document number such as `银发〔2021〕237号` or `国家发展改革委令第7号`,
/// `2024年本`); any other CJK character is a piece of its own. Closing
/// punctuation sticks to the piece before it, opening to the one after.
/// Returns (piece, break allowed before it).
fn pieces(text: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<(String, bool)> = vec![];
    let mut i = 0;
    let mut glue_next = false;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            out.push((" ".into(), true));
            glue_next = false;
            i += 1;
            continue;
        }
        if closing(c) {
            match out.last_mut() {
                Some((p, _)) if p != " " => p.push(c),
                _ => out.push((c.to_string(), false)),
            }
            i += 1;
            continue;
        }
        if opening(c) {
            let brk = !glue_next;
            out.push((c.to_string(), brk));
            glue_next = true;
            i += 1;
            continue;
        }
        // A run without blanks or punctuation.
        let mut j = i;
        while j < chars.len() && chars[j] != ' ' && !closing(chars[j]) && !opening(chars[j]) {
            j += 1;
        }
        let run = &chars[i..j];
        let ascii = |c: &char| c.is_ascii() && !c.is_ascii_whitespace();
        let whole = run.iter().any(|c| c.is_ascii_digit());
        if whole || run.iter().all(ascii) {
            let piece: String = run.iter().collect();
            push_piece(&mut out, piece, glue_next);
        } else {
            // CJK text: a piece a character, an ASCII word kept whole.
            let mut k = 0;
            while k < run.len() {
                let mut m = k + 1;
                if ascii(&run[k]) {
                    while m < run.len() && ascii(&run[m]) {
                        m += 1;
                    }
                }
                let piece: String = run[k..m].iter().collect();
                push_piece(&mut out, piece, glue_next && k == 0);
                k = m;
            }
        }
        glue_next = false;
        i = j;
    }
    out
}

fn push_piece(out: &mut Vec<(String, bool)>, piece: String, glued: bool) {
    match out.last_mut() {
        Some((p, _)) if glued => p.push_str(&piece),
        _ => out.push((piece, true)),
    }
}

/// Wraps `text` into lines of at most `width` columns: the first line
/// starts with `first`, the others with `rest` (a hanging indent).
pub fn wrap(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let mut lines = vec![];
    for para in text.split('\n') {
        let prefix = if lines.is_empty() { first } else { rest };
        wrap_one(para, prefix, rest, width, &mut lines);
    }
    lines
}

fn wrap_one(text: &str, first: &str, rest: &str, width: usize, lines: &mut Vec<String>) {
    let mut line = first.to_string();
    let mut used = self::width(first);
    let indent = self::width(rest);
    let mut empty = true;
    for (piece, brk) in pieces(text) {
        let w = self::width(&piece);
        if piece == " " {
            if !empty {
                line.push(' ');
                used += 1;
            }
            continue;
        }
        if !empty && brk && used + w > width {
            let done = std::mem::replace(&mut line, rest.to_string());
            lines.push(done.trim_end().to_string());
            used = indent;
            empty = true;
        }
        if used + w > width && w > width.saturating_sub(indent) {
            // Longer than a whole line: broken where it must be.
            for c in piece.chars() {
                if used + cw(c) > width && !empty {
                    let done = std::mem::replace(&mut line, rest.to_string());
                    lines.push(done.trim_end().to_string());
                    used = indent;
                }
                line.push(c);
                used += cw(c);
                empty = false;
            }
            continue;
        }
        line.push_str(&piece);
        used += w;
        empty = false;
    }
    lines.push(line.trim_end().to_string());
}

/// The footer: `label：text` entries, each wrapped with its text aligned
/// after the label.
pub fn footer(entries: &[(&str, String)], width: usize) -> String {
    let mut out = String::new();
    for (label, text) in entries {
        let first = format!("  {label}");
        let rest = " ".repeat(self::width(&first));
        for l in wrap(text, &first, &rest, width) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

/// Renders one block: the message, the snippet, then `footer` (made by
/// [`footer`], kept by the caller for blocks with the same footer).
pub fn render(
    out: &mut String,
    style: Style,
    level: Level,
    message: &str,
    snippet: Option<&Snippet>,
    footer: &str,
) {
    let paint = |s: &str| {
        if style.color {
            format!("{}{s}{RESET}", level.color())
        } else {
            s.to_string()
        }
    };
    let first = format!("  {} ", level.symbol());
    let lines = wrap(message, &first, "    ", style.width);
    for (i, l) in lines.iter().enumerate() {
        if i == 0 && style.color {
            let _ = writeln!(out, "  {}{}", paint(level.symbol()), &l[first.len() - 1..]);
        } else {
            let _ = writeln!(out, "{l}");
        }
    }
    if let Some(s) = snippet {
        draw_snippet(out, style, s, &paint);
    }
    out.push_str(footer);
}

fn draw_snippet(out: &mut String, style: Style, s: &Snippet, paint: &dyn Fn(&str) -> String) {
    let text = s.text;
    let start = s.span.start.min(text.len());
    let line = s.lines.line_index(start);
    let first = line.saturating_sub(1);
    let last = (line + 1).min(s.lines.line_count().saturating_sub(1));
    // A trailing empty line after the last line break is not shown.
    let last = if last > line
        && s.lines.line_range(text, last).is_empty()
        && last + 1 == s.lines.line_count()
    {
        line
    } else {
        last
    };
    let gutter = (s.line_base + last + 1).to_string().len();
    let pad = " ".repeat(gutter + 2);
    let avail = style.width.saturating_sub(gutter + 4).max(10);
    let _ = writeln!(out, "{pad}╭─[{}]", s.name);
    for n in first..=last {
        let r = s.lines.line_range(text, n);
        let row = &text[r.clone()];
        let number = format!(" {:>gutter$} │ ", s.line_base + n + 1);
        if n != line {
            let _ = writeln!(out, "{number}{}", head(row, avail).trim_end());
            continue;
        }
        // The span on this line (to its end, if it runs on).
        // (A span may start on the line break itself: an unreadable
        // document at a line's end.)
        let a = floor(row, (start - r.start).min(row.len()));
        let b = floor(row, s.span.end.saturating_sub(r.start).clamp(a, row.len()));
        let cut = window(row, a..b, avail);
        let mut shown = String::new();
        if cut.cut_left {
            shown.push('…');
        }
        shown.push_str(&row[cut.start..cut.end].replace('\t', " "));
        if cut.cut_right {
            shown.push('…');
        }
        let _ = writeln!(out, "{number}{}", shown.trim_end());
        let col = usize::from(cut.cut_left) + width(&row[cut.start..a.max(cut.start)]);
        let w = width(&row[a.min(cut.end)..b.min(cut.end)]);
        let mid = col + (w / 2).min(w.saturating_sub(1));
        let mut under = " ".repeat(col);
        if w <= 1 {
            under.push('┬');
        } else {
            under.push_str(&"─".repeat(mid - col));
            under.push('┬');
            under.push_str(&"─".repeat(col + w - mid - 1));
        }
        let marks = format!("{pad}· ");
        let _ = writeln!(out, "{marks}{}", paint(&under));
        // The label after `╰──`, or before `──╯` when it does not fit on
        // the right; cut when it fits on neither side.
        let lw = width(s.label);
        let label = if mid + 4 + lw <= avail || mid < lw + 4 {
            let room = avail.saturating_sub(mid + 4);
            let text = if lw > room {
                head(s.label, room)
            } else {
                s.label.to_string()
            };
            format!("{}{} {text}", " ".repeat(mid), paint("╰──"))
        } else {
            format!("{}{} {}", " ".repeat(mid - lw - 4), s.label, paint("──╯"))
        };
        let _ = writeln!(out, "{marks}{}", label.trim_end());
    }
    let _ = writeln!(out, "{pad}╰────");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &str, cut: &Cut) -> String {
        format!(
            "{}{}{}",
            if cut.cut_left { "…" } else { "" },
            &line[cut.start..cut.end],
            if cut.cut_right { "…" } else { "" }
        )
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let line = "经营范围: 软件开发";
        let c = window(line, 0..3, 80);
        assert_eq!(shown(line, &c), line);
    }

    #[test]
    fn a_long_line_is_a_window_around_the_span_within_the_width() {
        let line = "一般项目：".to_string()
            + &"技术服务；".repeat(60)
            + "虚拟货币挖矿；"
            + &"软件开发；".repeat(60);
        let at = line.find("虚拟货币挖矿").unwrap();
        for avail in [20, 40, 76, 116, 156] {
            let c = window(&line, at..at + "虚拟货币挖矿".len(), avail);
            let s = shown(&line, &c);
            assert!(width(&s) <= avail, "{avail}: {s}");
            assert!(s.contains("虚拟货币挖矿"), "{avail}: {s}");
            assert!(c.cut_left && c.cut_right);
            // Balanced: the context on each side differs by a character at most.
            let left = width(&line[c.start..at]);
            let right = width(&line[at + "虚拟货币挖矿".len()..c.end]);
            assert!(left.abs_diff(right) <= 2, "{avail}: {left} {right}");
            // Nearly all the room is used.
            assert!(width(&s) + 2 >= avail, "{avail}: {}", width(&s));
        }
    }

    #[test]
    fn near_the_start_only_the_right_side_is_cut() {
        let line = "名称: 虚拟货币".to_string() + &"甲".repeat(100);
        let c = window(&line, 4..16, 30);
        assert!(!c.cut_left && c.cut_right);
        assert_eq!(c.start, 0);
        assert!(width(&shown(&line, &c)) <= 30);
        let line = "甲".repeat(100) + "虚拟货币";
        let at = line.find("虚拟").unwrap();
        let c = window(&line, at..line.len(), 30);
        assert!(c.cut_left && !c.cut_right);
        assert!(width(&shown(&line, &c)) <= 30);
    }

    #[test]
    fn a_span_wider_than_the_room_is_shown_from_its_start() {
        let line = "甲".repeat(10) + &"乙".repeat(100);
        let c = window(&line, 30..line.len(), 20);
        assert_eq!(c.start, 30);
        assert!(c.cut_left && c.cut_right);
        assert!(width(&shown(&line, &c)) <= 20);
    }

    /// Every span of a text with CR LF, a lone CR, tabs and wide
    /// characters renders within the width, whatever it starts on.
    #[test]
    fn any_span_renders_within_the_width() {
        let text =
            "名称: 甲\r\nx:\t虚拟货币，比特币\r\n\ny: 挖矿\rz: 1\n".to_string() + &"长".repeat(200);
        let lines = crate::span::LineIndex::new(&text);
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        for &a in &offsets {
            for &b in offsets.iter().filter(|&&b| b >= a).take(3) {
                for width in [40, 80] {
                    let snippet = Snippet {
                        name: "f.yaml",
                        text: &text,
                        lines: &lines,
                        line_base: 0,
                        span: a..b,
                        label: "禁止准入（截至 2026-11-28）",
                    };
                    let mut out = String::new();
                    render(
                        &mut out,
                        Style {
                            width,
                            color: false,
                        },
                        Level::Error,
                        "消息",
                        Some(&snippet),
                        "",
                    );
                    for l in out.lines() {
                        assert!(super::width(l) <= width, "{a}..{b} at {width}: {l}");
                    }
                }
            }
        }
    }

    #[test]
    fn wrapping_never_cuts_a_document_number() {
        let text = "发改运行〔2021〕1283号《国家发展改革委等部门关于整治虚拟货币“挖矿”活动的通知》（2021-09-03）；银发〔2021〕237号《关于进一步防范和处置虚拟货币交易炒作风险的通知》；国家发展改革委令第7号";
        for w in 32..90 {
            let lines = wrap(text, "  依据：", "        ", w);
            let joined: String = lines
                .iter()
                .map(|l| l.trim_start_matches("  依据：").trim())
                .collect();
            assert_eq!(joined, text, "width {w}");
            for l in &lines {
                assert!(width(l) <= w, "width {w}: {l}");
                assert!(!l.trim_start().starts_with(['，', '》', '）', '；']), "{l}");
            }
            for n in [
                "发改运行〔2021〕1283号",
                "银发〔2021〕237号",
                "国家发展改革委令第7号",
                "2021-09-03",
            ] {
                assert!(
                    lines.iter().any(|l| l.contains(n)),
                    "width {w}: {n} cut in {lines:?}"
                );
            }
        }
    }
}
