//! One place for positions. Inside the tool every position is a byte range
//! into the file as it is on disk; line and character column are computed
//! here, at the edge, and nowhere else.

use serde::Serialize;

/// A file's line table: the byte offset where each line starts.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Length in bytes of a leading UTF-8 BOM (0 or 3); it is not a column.
    bom: usize,
}

impl LineIndex {
    pub fn new(src: &str) -> Self {
        // YAML's line breaks: LF, CR LF, and a lone CR (the YAML parser
        // counts lines that way, and its markers are turned into offsets here).
        let b = src.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', b)
                .filter(|&i| !(b[i] == b'\r' && b.get(i + 1) == Some(&b'\n')))
                .map(|i| i + 1),
        );
        let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex { line_starts, bom }
    }

    /// A line table for JSON text, where only LF ends a line (a CR is
    /// whitespace between tokens: an NDJSON line stays one line).
    pub fn new_lf_only(src: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1));
        let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex { line_starts, bom }
    }

    /// 1-based line and 1-based character column of a byte offset.
    pub fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(src.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.line_starts[line];
        if line == 0 {
            start = start.max(self.bom.min(offset));
        }
        let col = src.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based line and 0-based character column, as the
    /// YAML parser's markers give them (they count characters, not bytes).
    pub fn offset_of(&self, src: &str, line: usize, col0: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return src.len();
        };
        let start = if line <= 1 { start + self.bom } else { start };
        let rest = src.get(start..).unwrap_or("");
        match rest.char_indices().nth(col0) {
            Some((i, _)) => start + i,
            None => src.len().min(start + rest.len()),
        }
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of a 0-based line, its line break excluded (empty past
    /// the end).
    pub fn line_range(&self, src: &str, line: usize) -> std::ops::Range<usize> {
        let Some(&start) = self.line_starts.get(line) else {
            return src.len()..src.len();
        };
        let end = self.line_starts.get(line + 1).copied().unwrap_or(src.len());
        let text = &src[start..end];
        start..start + text.trim_end_matches(['\n', '\r']).len()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The full position record of a byte range.
    pub fn span(&self, src: &str, start: usize, end: usize) -> Span {
        Span::new(
            start..end,
            self.line_col(src, start),
            self.line_col(src, end),
        )
    }
}

/// Spans for ranges that mostly come in increasing order (a filing's
/// findings): each column is counted on from the previous one when it is
/// on the same line, so a thousand findings on one 5 MB line cost one pass
/// over the line, not a thousand.
pub struct SpanCursor<'a> {
    lines: &'a LineIndex,
    src: &'a str,
    /// Last position: byte offset, 1-based line, 1-based column.
    at: Option<(usize, usize, usize)>,
}

impl<'a> SpanCursor<'a> {
    pub fn new(lines: &'a LineIndex, src: &'a str) -> Self {
        SpanCursor {
            lines,
            src,
            at: None,
        }
    }

    fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let here = match self.at {
            // (Not across a BOM, which is no column.)
            Some((at, line, col))
                if at <= offset
                    && at >= self.lines.bom
                    && self
                        .lines
                        .line_starts
                        .get(line)
                        .is_none_or(|&next| offset < next) =>
            {
                (line, col + self.src[at..offset].chars().count())
            }
            _ => self.lines.line_col(self.src, offset),
        };
        self.at = Some((offset, here.0, here.1));
        here
    }

    pub fn span(&mut self, start: usize, end: usize) -> Span {
        if start < self.lines.bom {
            return self.lines.span(self.src, start, end);
        }
        let (line, column) = self.line_col(start);
        let text = self.src.get(start..end).unwrap_or("");
        let end_at = if text.contains('\n') {
            self.lines.line_col(self.src, end)
        } else {
            (line, column + text.chars().count())
        };
        Span::new(start..end, (line, column), end_at)
    }
}

/// A located range as output.md defines it: byte offset and length into the
/// file on disk, 1-based line, 1-based character columns, end one past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub offset: usize,
    pub length: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Span {
    fn new(
        bytes: std::ops::Range<usize>,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
    ) -> Span {
        Span {
            offset: bytes.start,
            length: bytes.end - bytes.start,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A file's text with its name, borrowed (miette's NamedSource wants
/// 'static), shown to miette as a window around the span on a long line:
/// a block costs the same however long the line, and no column miette
/// pads to can overflow its formatter (it panics past 65 535).
pub struct Window<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// Lines of the input before `text` (an NDJSON line is one line of a
    /// stream), so the gutter shows the stream's line numbers.
    pub line_base: usize,
    /// 0-based line and character column of the underlined span in the
    /// input, for a clipped window.
    pub at: (usize, usize),
    /// The line table of `text`, built on first use and shared by the
    /// windows of one file: a short line and its context lines are then
    /// read from the lines around the span, not counted from the start of
    /// the text for every block. None: counted from the start (a rule
    /// file's few diagnostics).
    pub lines: Option<&'a std::sync::OnceLock<LineIndex>>,
}

/// Characters shown on either side of an underline on a long line.
pub const WINDOW: usize = 40;

impl miette::SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        self.contents(span, before, after)
    }
}

impl<'t> Window<'t> {
    /// The span's contents, borrowing the text (not the window).
    pub fn contents(
        &self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'t> + 't>, miette::MietteError> {
        let text: &'t str = self.text;
        let named = |data: &'t [u8], span: miette::SourceSpan, line, column, count| {
            let c = miette::MietteSpanContents::new(data, span, line, column, count);
            if self.name.is_empty() {
                c
            } else {
                miette::MietteSpanContents::new_named(
                    self.name.to_string(),
                    data,
                    span,
                    line,
                    column,
                    count,
                )
            }
        };
        let start = span.offset().min(self.text.len());
        let end = (start + span.len()).min(self.text.len());
        // On a long line (a 5 MB scope string) show a window around the
        // span, found by walking at most WINDOW characters each way, so
        // each block costs the same however long the line is.
        let (mut a, mut back, mut line_start) = (start, 0, start == 0);
        for (i, c) in self.text[..start].char_indices().rev() {
            if c == '\n' {
                line_start = true;
                break;
            }
            if back == WINDOW {
                break;
            }
            a = i;
            back += 1;
            line_start = i == 0;
        }
        let (mut b, mut fwd, mut line_end) = (end, 0, end == self.text.len());
        for (i, c) in self.text[end..].char_indices() {
            if c == '\n' || c == '\r' {
                line_end = true;
                break;
            }
            if fwd == WINDOW {
                break;
            }
            b = end + i + c.len_utf8();
            fwd += 1;
            line_end = b == self.text.len();
        }
        if line_start && line_end && !self.text[start..end].contains('\n') {
            // miette's own layout of the line and its context lines, read
            // from `before + 1` lines up: the same contents as reading the
            // whole text (offsets, line and line count moved by what is
            // skipped; miette breaks lines at LF, CR LF and a lone CR, as
            // the line table does), at the cost of the lines shown. (One
            // line more than shown: miette reads an empty span at the very
            // start of its input differently.)
            let (skip, lines_skipped) = match self.lines {
                Some(cell) => {
                    let idx = cell.get_or_init(|| LineIndex::new(text));
                    let first = idx.line_index(start).saturating_sub(before + 1);
                    (idx.line_starts[first], first)
                }
                None => (0, 0),
            };
            let rest: &'t [u8] = &text.as_bytes()[skip..];
            let moved: miette::SourceSpan = (span.offset() - skip, span.len()).into();
            let c = <[u8] as miette::SourceCode>::read_span(rest, &moved, before, after)?;
            return Ok(Box::new(named(
                c.data(),
                (c.span().offset() + skip, c.span().len()).into(),
                c.line() + lines_skipped + self.line_base,
                c.column(),
                c.line_count() + lines_skipped,
            )));
        }
        Ok(Box::new(named(
            &text.as_bytes()[a..b],
            (a, b - a).into(),
            self.at.0,
            self.at.1.saturating_sub(back),
            1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "名称: 某某公司\nx: 虚拟货币\n";
        let idx = LineIndex::new(src);
        let off = src.find("虚拟").unwrap();
        assert_eq!(idx.line_col(src, off), (2, 4));
        assert_eq!(idx.offset_of(src, 2, 3), off);
    }

    #[test]
    fn cursor_agrees_with_the_line_table() {
        let src = "\u{feff}名称: 某某\nx: 虚拟货币，比特币\n\ny: 挖矿\n";
        let idx = LineIndex::new(src);
        let mut cur = SpanCursor::new(&idx, src);
        let mut offsets: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
        offsets.extend([src.len()]);
        // In order, then out of order.
        for pass in [offsets.clone(), offsets.iter().rev().copied().collect()] {
            for &o in &pass {
                let end = src[o..].chars().next().map_or(o, |c| o + c.len_utf8());
                assert_eq!(cur.span(o, end), idx.span(src, o, end), "at {o}");
            }
        }
    }

    /// A window reads a short line and its context lines from the lines
    /// around the span: the same contents as miette's reading of the whole
    /// text, for every span, whatever breaks the lines.
    #[test]
    fn window_reads_the_same_lines_as_the_whole_text() {
        use miette::SourceCode as _;
        let text = "名称: 某某\r\nx: 虚拟货币\n\ny: 挖矿\rz: 1\n比特币\n\n";
        let cell = std::sync::OnceLock::new();
        let window = |lines| Window {
            name: "f.yaml",
            text,
            line_base: 3,
            at: (0, 0),
            lines,
        };
        let (fast, slow) = (window(Some(&cell)), window(None));
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        for &a in &offsets {
            for &b in offsets.iter().filter(|&&b| b >= a).take(4) {
                for context in [0, 1, 2] {
                    let span: miette::SourceSpan = (a, b - a).into();
                    let f = fast.read_span(&span, context, context);
                    let s = slow.read_span(&span, context, context);
                    match (f, s) {
                        (Ok(f), Ok(s)) => {
                            let key = |c: &dyn miette::SpanContents| {
                                (
                                    c.data().to_vec(),
                                    *c.span(),
                                    c.line(),
                                    c.column(),
                                    c.line_count(),
                                    c.name().map(str::to_string),
                                )
                            };
                            assert_eq!(key(&*f), key(&*s), "{a}..{b}, {context}");
                        }
                        (f, s) => assert_eq!(f.is_ok(), s.is_ok(), "{a}..{b}"),
                    }
                }
            }
        }
    }

    #[test]
    fn bom_is_not_a_column() {
        let src = "\u{feff}name: 甲";
        let idx = LineIndex::new(src);
        let off = src.find('甲').unwrap();
        assert_eq!(idx.line_col(src, off), (1, 7));
        assert_eq!(idx.offset_of(src, 1, 6), off);
        assert_eq!(idx.offset_of(src, 1, 0), 3);
    }
}
