//! A scalar's decoded value, tied back to the bytes of the file.
//!
//! YAML changes text on the way in: quotes go, escapes are decoded, line
//! breaks are folded into spaces, block indentation is stripped. A finding
//! must still underline what the file really says, so for every character of
//! the decoded value we record the byte range in the file it came from.

use super::yaml::{Node, NodeKind, Style};
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct SourceText {
    /// The decoded value, as YAML defines it.
    pub value: String,
    map: CharMap,
}

#[derive(Debug, Clone)]
enum CharMap {
    /// The value is written in the file as is (no escape, no folding),
    /// starting at this byte: the common case, and free to map.
    Verbatim(u32),
    /// One entry per character of `value`: (byte offset in `value`, byte
    /// range in the file).
    Chars(Vec<(u32, u32, u32)>),
}

impl SourceText {
    /// Maps a byte range of `value` to the byte range in the file that holds
    /// those characters. The range must lie on character boundaries.
    pub fn file_range(&self, value_range: Range<usize>) -> Range<usize> {
        let chars = match &self.map {
            CharMap::Verbatim(at) => {
                let at = *at as usize;
                return at + value_range.start..at + value_range.end;
            }
            CharMap::Chars(c) => c,
        };
        if chars.is_empty() {
            return 0..0;
        }
        let first = chars
            .partition_point(|&(v, _, _)| (v as usize) < value_range.start)
            .min(chars.len() - 1);
        let last = chars
            .partition_point(|&(v, _, _)| (v as usize) < value_range.end)
            .saturating_sub(1)
            .max(first);
        chars[first].1 as usize..chars[last].2 as usize
    }

    /// The decoded characters that the file range `file` holds, if it is
    /// a range this text maps to (one `file_range` gives, or a union of
    /// them): `比特币` for `\u6bd4\u7279\u5e01` in a double-quoted scalar.
    /// None when the range does not start and end on this text's
    /// characters.
    pub fn decoded(&self, file: Range<usize>) -> Option<&str> {
        let chars = match &self.map {
            CharMap::Verbatim(at) => {
                let at = *at as usize;
                let start = file.start.checked_sub(at)?;
                let end = file.end.checked_sub(at)?;
                return self.value.get(start..end);
            }
            CharMap::Chars(c) => c,
        };
        let first = chars.partition_point(|&(_, s, _)| (s as usize) < file.start);
        let end = chars.partition_point(|&(_, _, e)| (e as usize) <= file.end);
        if first >= end
            || chars[first].1 as usize != file.start
            || chars[end - 1].2 as usize != file.end
        {
            return None;
        }
        let to = chars.get(end).map_or(self.value.len(), |c| c.0 as usize);
        self.value.get(chars[first].0 as usize..to)
    }

    /// Where the text starts in the file.
    fn file_start(&self) -> usize {
        match &self.map {
            CharMap::Verbatim(at) => *at as usize,
            CharMap::Chars(c) => c.first().map_or(0, |c| c.1 as usize),
        }
    }

    /// Builds the character map of a scalar node. Returns `None` only if the
    /// decoded value cannot be aligned with the source, which would be a bug
    /// in this function or in the YAML parser; callers report it, never guess.
    pub fn of_scalar(src: &str, node: &Node) -> Option<SourceText> {
        let NodeKind::Scalar { value, style } = &node.kind else {
            return None;
        };
        let raw = src.get(node.span.clone())?;
        let base = node.span.start;
        let mut p = match style {
            Style::SingleQuoted | Style::DoubleQuoted => 1,
            _ => 0,
        };
        // Fast path: the value stands in the file exactly as decoded.
        if matches!(
            style,
            Style::Plain | Style::SingleQuoted | Style::DoubleQuoted
        ) && raw.get(p..p + value.len()) == Some(value.as_str())
            && memchr::memchr2(b'\\', b'\'', value.as_bytes()).is_none()
        {
            return Some(SourceText {
                value: value.clone(),
                map: CharMap::Verbatim((base + p) as u32),
            });
        }
        let bytes = raw.as_bytes();
        let mut chars = Vec::with_capacity(value.len() / 2);
        for (vi, c) in value.char_indices() {
            loop {
                // (`get`: a malformed span must end the mapping, not panic.)
                let rc = raw.get(p..)?.chars().next()?;
                if *style == Style::DoubleQuoted && rc == '\\' {
                    let (len, decoded) = escape_at(raw.get(p..)?)?;
                    match decoded {
                        None => {
                            // Line continuation: produces nothing.
                            p += len;
                            continue;
                        }
                        Some(d) if d == c => {
                            chars.push((vi as u32, (base + p) as u32, (base + p + len) as u32));
                            p += len;
                            break;
                        }
                        Some(_) if c.is_whitespace() => {
                            // A folded line break before an escape.
                            chars.push((vi as u32, (base + p) as u32, (base + p) as u32));
                            break;
                        }
                        Some(_) => return None,
                    }
                }
                if *style == Style::SingleQuoted
                    && c == '\''
                    && raw.get(p..).is_some_and(|r| r.starts_with("''"))
                {
                    chars.push((vi as u32, (base + p) as u32, (base + p + 2) as u32));
                    p += 2;
                    break;
                }
                if rc == c {
                    let len = rc.len_utf8();
                    chars.push((vi as u32, (base + p) as u32, (base + p + len) as u32));
                    p += len;
                    if c == '\r' && bytes.get(p) == Some(&b'\n') {
                        p += 1;
                    }
                    break;
                }
                if c.is_whitespace() && rc.is_whitespace() {
                    // Folding: a line break (and its indentation) became one
                    // space, or several breaks became newlines.
                    chars.push((
                        vi as u32,
                        (base + p) as u32,
                        (base + p + rc.len_utf8()) as u32,
                    ));
                    p += rc.len_utf8();
                    while let Some(w) = raw.get(p..).and_then(|r| r.chars().next()) {
                        if w == '\n' || w == '\r' {
                            break;
                        }
                        if !w.is_whitespace() {
                            break;
                        }
                        p += w.len_utf8();
                    }
                    // Further breaks of an empty-line run are matched by the
                    // value's own newlines, or skipped before its next character.
                    break;
                }
                if rc.is_whitespace() || rc == '\n' || rc == '\r' {
                    p += rc.len_utf8();
                    continue;
                }
                if c.is_whitespace() {
                    // e.g. the newline a block scalar's clip adds at the end.
                    chars.push((vi as u32, (base + p) as u32, (base + p) as u32));
                    break;
                }
                return None;
            }
        }
        Some(SourceText {
            value: value.clone(),
            map: CharMap::Chars(chars),
        })
    }
}

/// The decoded words at the file range `file` in whichever of a filing's
/// texts holds them (the words of a finding as a reader sees them, not
/// the escapes that spell them). Texts of one kind stand in the file in
/// order, so each list is searched around where `file` would stand, a
/// few texts each way: bounded work per finding however many texts the
/// filing has (a text out of order, an alias, is found if it is near).
pub fn decoded_at(filing: &super::Filing, file: Range<usize>) -> Option<&str> {
    const NEAR: usize = 8;
    fn near<'a>(
        n: usize,
        text: impl Fn(usize) -> Option<&'a SourceText>,
        file: &Range<usize>,
    ) -> Option<&'a str> {
        // The first text (of those present) that starts after `file`.
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match text(mid) {
                Some(t) if t.file_start() > file.start => hi = mid,
                _ => lo = mid + 1,
            }
        }
        let from = lo.saturating_sub(NEAR);
        (from..(lo + NEAR).min(n))
            .rev()
            .find_map(|i| text(i)?.decoded(file.clone()))
    }
    let f = filing;
    let one = [&f.name, &f.entity_type, &f.address];
    near(one.len(), |i| one[i].as_ref().map(|l| &l.value), &file)
        .or_else(|| near(f.scope_texts.len(), |i| f.scope_texts.get(i), &file))
        .or_else(|| {
            near(
                f.licenses.len(),
                |i| f.licenses[i].kind.as_ref().map(|l| &l.value),
                &file,
            )
        })
        .or_else(|| near(f.unclaimed.len(), |i| Some(&f.unclaimed[i].text), &file))
}

/// Decodes one double-quoted escape at the start of `s` (which begins with a
/// backslash). Returns its length in bytes and the character it stands for,
/// or `None` for an escaped line break (a line continuation).
fn escape_at(s: &str) -> Option<(usize, Option<char>)> {
    let mut it = s.char_indices().skip(1);
    let (_, e) = it.next()?;
    let simple = |c: char| Some((1 + e.len_utf8(), Some(c)));
    match e {
        '0' => simple('\0'),
        'a' => simple('\u{7}'),
        'b' => simple('\u{8}'),
        't' | '\t' => simple('\t'),
        'n' => simple('\n'),
        'v' => simple('\u{b}'),
        'f' => simple('\u{c}'),
        'r' => simple('\r'),
        'e' => simple('\u{1b}'),
        ' ' => simple(' '),
        '"' => simple('"'),
        '/' => simple('/'),
        '\\' => simple('\\'),
        'N' => simple('\u{85}'),
        '_' => simple('\u{a0}'),
        'L' => simple('\u{2028}'),
        'P' => simple('\u{2029}'),
        // (Also a JSON surrogate pair: two escapes, one character.)
        'u' => {
            let (c, len) = super::json::unicode_escape(s)?;
            Some((len, Some(c)))
        }
        'x' | 'U' => {
            let n = if e == 'x' { 2 } else { 8 };
            let hex = s.get(2..2 + n)?;
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            Some((2 + n, Some(c)))
        }
        '\n' | '\r' => {
            // Continuation: the break and the next line's leading blanks.
            let mut len = 2;
            if e == '\r' && s.as_bytes().get(2) == Some(&b'\n') {
                len = 3;
            }
            let rest = &s[len..];
            let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            Some((len + blanks, None))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filing::yaml::{Document, parse_documents};
    use crate::span::LineIndex;

    /// Every non-blank character of the value must map to the same
    /// character in the file (or to the escape that produced it).
    fn check(src: &str) -> Vec<String> {
        let idx = LineIndex::new(src);
        let docs = parse_documents(src, &idx);
        let Document::Node(root) = &docs[0] else {
            panic!("{docs:?}")
        };
        let NodeKind::Mapping(entries) = &root.kind else {
            panic!()
        };
        let mut out = vec![];
        for (_, v) in entries {
            let t = SourceText::of_scalar(src, v).expect("aligned");
            for (i, c) in t.value.char_indices() {
                if c.is_whitespace() {
                    continue;
                }
                let r = t.file_range(i..i + c.len_utf8());
                let s = &src[r];
                assert!(
                    s == c.to_string() || s.starts_with('\\') || s == "''",
                    "{c:?} -> {s:?}"
                );
            }
            out.push(t.value.clone());
        }
        out
    }

    #[test]
    fn aligns_every_style() {
        let v = check(
            "a: 甲 乙\nb: \"虚拟\\u8d27币\n  挖矿\\\n  ；矿机\"\nc: '它''s 币'\nd: >\n  第一行\n  第二行\n\ne: |\n  x\n   y\nf: 虚拟\n  货币\n",
        );
        assert_eq!(v[1], "虚拟货币 挖矿；矿机");
        assert_eq!(v[2], "它's 币");
        assert_eq!(v[5], "虚拟 货币");
    }
}
