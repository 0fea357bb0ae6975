//! A fast path for the shape nearly every YAML filing has: top-level
//! `key: value` lines, each value a double-quoted or plain scalar on its
//! line, documents separated by `---`, comments and blank lines between.
//!
//! It gives exactly the node tree `yaml::parse_documents` gives (values,
//! styles, byte spans), or None: anything outside that shape, however
//! harmless (a tab, an escape, a list, a duplicate key, a `\r`), goes to
//! the full parser, which also owns every error message. The shape is kept
//! narrow on purpose; `tests/flat_yaml.rs` (a differential property test)
//! and the `flat_yaml` fuzz target hold the two parsers to the same trees.
//! The full parser costs about 100 000 instructions for a 1 KB filing,
//! this one a few thousand.

use super::yaml::{Document, Node, NodeKind, Style};

/// More entries than this in one document: left to the full parser, which
/// enforces the node limits.
const MAX_ENTRIES: usize = 1000;

/// The documents of `src` if it has the flat shape, else None.
pub fn parse_flat(src: &str) -> Option<Vec<Document>> {
    if !plain_characters(src.as_bytes()) {
        return None;
    }
    let mut docs = vec![];
    // Entries of the document being read.
    let mut entries: Vec<(Node, Node)> = vec![];
    // A key whose value is a mapping one level in (`energy:` then
    // two-space-indented lines), with the entries read so far.
    let mut nested: Option<(Node, Vec<(Node, Node)>)> = None;
    let mut explicit = false;
    let mut at = 0;
    while at < src.len() {
        let end = memchr::memchr(b'\n', &src.as_bytes()[at..]).map_or(src.len(), |i| at + i);
        let line = &src[at..end];
        match line.as_bytes() {
            [] | [b'#', ..] => {}
            [b' ', b' ', c, ..] if *c != b' ' && *c != b'#' => {
                let (_, inner) = nested.as_mut()?;
                let (key, value) = entry(src, at + 2, end)?;
                add(inner, key, value?)?;
            }
            [b' ', ..] => return None,
            _ => {
                // A line at column 0 ends the nested mapping, if any.
                if let Some((key, inner)) = nested.take() {
                    add(&mut entries, key, mapping(inner, at)?)?;
                }
                if line == "---" {
                    if explicit || !entries.is_empty() {
                        docs.push(Document::Node(mapping(std::mem::take(&mut entries), at)?));
                    }
                    explicit = true;
                } else {
                    match entry(src, at, end)? {
                        (key, Some(value)) => add(&mut entries, key, value)?,
                        (key, None) => nested = Some((key, vec![])),
                    }
                }
            }
        }
        at = end + 1;
    }
    if let Some((key, inner)) = nested.take() {
        add(&mut entries, key, mapping(inner, src.len())?)?;
    }
    if explicit || !entries.is_empty() {
        docs.push(Document::Node(mapping(entries, src.len())?));
    }
    Some(docs)
}

/// Adds an entry; None (the full parser decides) for a duplicate key or
/// too many entries.
fn add(entries: &mut Vec<(Node, Node)>, key: Node, value: Node) -> Option<()> {
    let k = key.as_scalar()?;
    if entries.iter().any(|(e, _)| e.as_scalar() == Some(k)) || entries.len() >= MAX_ENTRIES {
        return None;
    }
    entries.push((key, value));
    Some(())
}

/// A mapping, which runs from its first key to where the next line at a
/// lower indent (or the stream's end) starts. An empty one: None.
fn mapping(entries: Vec<(Node, Node)>, end: usize) -> Option<Node> {
    let start = entries.first()?.0.span.start;
    Some(Node {
        kind: NodeKind::Mapping(entries),
        span: start..end,
    })
}

/// One `key: value` line at `start..end`; the value is None for a bare
/// `key:` (a nested mapping follows, or it is null: `parse_flat` decides).
fn entry(src: &str, start: usize, end: usize) -> Option<(Node, Option<Node>)> {
    let line = &src.as_bytes()[start..end];
    let colon = memchr::memchr(b':', line)?;
    let key = &src[start..start + colon];
    let first = *key.as_bytes().first()?;
    if INDICATORS.contains(&first)
        || matches!(first, b'<' | b'.' | b'~')
        || key.bytes().any(|b| NOT_IN_KEY[usize::from(b)])
    {
        return None;
    }
    let key = scalar(key, start..start + colon, Style::Plain);
    match line.get(colon + 1) {
        None => return Some((key, None)),
        Some(b' ') => {}
        Some(_) => return None,
    }
    let mut v = colon + 1;
    while line.get(v) == Some(&b' ') {
        v += 1;
    }
    let value = match *line.get(v)? {
        b'"' => {
            let close = v + 1 + memchr::memchr2(b'"', b'\\', &line[v + 1..])?;
            if line[close] != b'"' || !comment_or_nothing(&line[close + 1..]) {
                return None;
            }
            scalar(
                &src[start + v + 1..start + close],
                start + v..start + close + 1,
                Style::DoubleQuoted,
            )
        }
        b if INDICATORS.contains(&b) => return None,
        _ => {
            let rest = &line[v..];
            // A comment starts at ` #`; any other `#`, or a `: ` or a
            // final `:` (a mapping inside the value), is left to the parser.
            let text_end = match memchr::memchr(b'#', rest) {
                Some(h)
                    if rest[h - 1] == b' ' && memchr::memchr(b'#', &rest[h + 1..]).is_none() =>
                {
                    h
                }
                Some(_) => return None,
                None => rest.len(),
            };
            let text = trim_spaces(&rest[..text_end]);
            if text.ends_with(b":") || memchr::memmem::find(text, b": ").is_some() {
                return None;
            }
            let from = start + v;
            scalar(
                &src[from..from + text.len()],
                from..from + text.len(),
                Style::Plain,
            )
        }
    };
    Some((key, Some(value)))
}

/// Characters that may not start a plain scalar here (YAML's indicators).
const INDICATORS: &[u8] = b"-?:,[]{}#&*!|>'\"%@`\\";

/// Bytes a key is left to the full parser for.
static NOT_IN_KEY: [bool; 256] = table(b" #,[]{}&*!|>'\"%@`\\");

const fn table(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

fn scalar(value: &str, span: std::ops::Range<usize>, style: Style) -> Node {
    Node {
        kind: NodeKind::Scalar {
            value: value.to_string(),
            style,
        },
        span,
    }
}

fn trim_spaces(b: &[u8]) -> &[u8] {
    let n = b.iter().rposition(|c| *c != b' ').map_or(0, |i| i + 1);
    &b[..n]
}

/// After a quoted scalar: nothing, spaces, or spaces then a comment.
fn comment_or_nothing(rest: &[u8]) -> bool {
    let t = rest.iter().position(|c| *c != b' ').unwrap_or(rest.len());
    t == rest.len() || (t > 0 && rest[t] == b'#')
}

/// No byte the fast path would have to think about: control characters
/// (tab and carriage return included), DEL, C1 controls and NEL, the byte
/// order mark, U+2028/U+2029, U+FFFE/U+FFFF. YAML treats several of these
/// specially; the full parser knows how.
fn plain_characters(b: &[u8]) -> bool {
    // Control bytes: a branch-free pass the compiler vectorizes.
    let control = b.iter().fold(false, |any, &c| {
        any | ((c < 0x20) & (c != b'\n')) | (c == 0x7F)
    });
    if control {
        return false;
    }
    // C1 controls and NEL (U+0080–U+009F: C2 80–C2 9F); 0xC2 is rare in
    // Chinese text, so each one found is looked at.
    let mut i = 0;
    while let Some(j) = memchr::memchr(0xC2, &b[i..]) {
        if matches!(b.get(i + j + 1), Some(0x80..=0x9F)) {
            return false;
        }
        i += j + 1;
    }
    // The rest are whole characters: one prebuilt searcher each.
    static REFUSED: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            ["\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}"]
                .iter()
                .map(|c| memchr::memmem::Finder::new(c.as_bytes()))
                .collect()
        });
    !REFUSED.iter().any(|f| f.find(b).is_some())
}
