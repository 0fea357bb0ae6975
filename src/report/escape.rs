//! What a terminal or a log must not receive raw from a filing or a file
//! name: control characters (an ESC starts a terminal command, a newline
//! in a path starts a fake finding line) and the bidirectional controls
//! that reorder what is shown. Text reports show them escaped, `\u{1b}`.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is shown escaped. Line breaks and tabs are included: the
/// callers that keep a source text's line structure use [`Escaped`].
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `c` is shown escaped in one-line text (a path, a key name in a
/// message): the unsafe characters, and every character a reader cannot
/// see — format characters (U+200B, U+FEFF), other default-ignorable code
/// points (U+00AD, U+3164, variation selectors) and the line and paragraph
/// separators U+2028/U+2029 — so that `a\u{200b}.yaml` is not read as
/// `a.yaml`, nor `business_scope\u{200b}` as `business_scope`.
pub fn is_invisible(c: char) -> bool {
    use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory};
    use icu_properties::{CodePointMapData, CodePointSetData};
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    is_unsafe(c)
        || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
        || matches!(
            CodePointMapData::<GeneralCategory>::new().get(c),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// `s` with every unsafe or invisible character escaped ([`is_invisible`]),
/// for text that stands on one line (a path, a message).
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_invisible) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_invisible(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A source text with its unsafe characters escaped, line breaks (LF, CR
/// LF) and tabs kept, and the way from its offsets to the escaped text's.
pub struct Escaped {
    pub text: String,
    /// (offset in the source, offset in `text`) after each escape.
    shifts: Vec<(usize, usize)>,
}

impl Escaped {
    /// None when there is nothing to escape (the common case: no copy).
    pub fn of(src: &str) -> Option<Escaped> {
        let keep = |i: usize, c: char| {
            c == '\n' || c == '\t' || (c == '\r' && src.as_bytes().get(i + 1) == Some(&b'\n'))
        };
        if !src.char_indices().any(|(i, c)| is_unsafe(c) && !keep(i, c)) {
            return None;
        }
        let mut text = String::with_capacity(src.len() + 64);
        let mut shifts = vec![];
        for (i, c) in src.char_indices() {
            if is_unsafe(c) && !keep(i, c) {
                push_escaped(&mut text, c);
                shifts.push((i + c.len_utf8(), text.len()));
            } else {
                text.push(c);
            }
        }
        Some(Escaped { text, shifts })
    }

    /// Where a source offset lands in the escaped text.
    pub fn map(&self, offset: usize) -> usize {
        match self.shifts.partition_point(|&(s, _)| s <= offset) {
            0 => offset,
            n => {
                let (s, e) = self.shifts[n - 1];
                e + (offset - s)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(
            visible("a\u{1b}[31mb\nc\u{202E}"),
            "a\\u{1b}[31mb\\u{a}c\\u{202e}"
        );
        assert!(matches!(visible("虚拟货币"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_invisible_characters_on_one_line() {
        assert_eq!(visible("a\u{200b}.yaml"), "a\\u{200b}.yaml");
        assert_eq!(
            visible("x\u{2028}y\u{2029}z\u{feff}\u{ad}\u{3164}\u{fe0f}\u{2060}"),
            "x\\u{2028}y\\u{2029}z\\u{feff}\\u{ad}\\u{3164}\\u{fe0f}\\u{2060}"
        );
        // What a reader sees stays as it is.
        assert!(matches!(visible("名单/甲 公司　.yaml"), Cow::Borrowed(_)));
    }

    #[test]
    fn keeps_lines_and_maps_offsets() {
        let src = "a: 虚\u{1b}拟\r\nb: \u{7}x\n";
        let e = Escaped::of(src).unwrap();
        assert_eq!(e.text, "a: 虚\\u{1b}拟\r\nb: \\u{7}x\n");
        let at = src.find('拟').unwrap();
        assert_eq!(&e.text[e.map(at)..e.map(at) + 3], "拟");
        let x = src.find('x').unwrap();
        assert_eq!(&e.text[e.map(x)..e.map(x) + 1], "x");
        assert_eq!(e.map(0), 0);
        assert!(Escaped::of("a\r\nb\tc\n").is_none());
    }
}
