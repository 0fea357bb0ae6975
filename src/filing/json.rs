//! One NDJSON line → the same node tree YAML filings give, with byte spans.
//!
//! A JSON line is read as JSON, not as YAML: a line that is not JSON (plain
//! YAML, anchors, tags, a trailing `#` comment) is unreadable, surrogate
//! pairs (`"\ud840\udc00"`, what Python's `json.dumps` writes for 𠀀) are
//! characters, and no YAML machinery runs for the format registry exports
//! use. The limits are the YAML reader's: nesting depth, node count, and
//! duplicate keys are errors.

use super::yaml::{Document, Keys, MAX_DEPTH, MAX_NODES, Node, NodeKind, Style, YamlError};

/// Parses one line (or any JSON text holding one value) into one document.
pub fn parse_json(src: &str) -> Vec<Document> {
    let mut p = Parser {
        src,
        b: src.as_bytes(),
        at: 0,
        nodes: 0,
    };
    if src.starts_with('\u{feff}') {
        p.at = 3;
    }
    let doc = p.ws().and_then(|()| p.value(0)).and_then(|n| {
        p.ws()?;
        match p.at < p.b.len() {
            true => Err(p.error("invalid JSON: more after the value (one filing a line)")),
            false => Ok(n),
        }
    });
    vec![match doc {
        Ok(n) => Document::Node(n),
        Err(e) => Document::Error(e),
    }]
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    at: usize,
    nodes: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> YamlError {
        let end = self.src[self.at.min(self.src.len())..]
            .chars()
            .next()
            .map_or(self.at, |c| self.at + c.len_utf8());
        YamlError {
            message: message.to_string(),
            span: self.at.min(self.src.len())..end,
        }
    }

    fn ws(&mut self) -> Result<(), YamlError> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.at) {
            self.at += 1;
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Node, YamlError> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!(
                "nesting deeper than {MAX_DEPTH} levels; a filing is never this deep"
            )));
        }
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.error(&format!(
                "more than {MAX_NODES} keys and values in one document; a filing has a few dozen"
            )));
        }
        let start = self.at;
        match self.b.get(self.at) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let value = self.string()?;
                Ok(Node {
                    kind: NodeKind::Scalar {
                        value,
                        style: Style::DoubleQuoted,
                    },
                    span: start..self.at,
                })
            }
            Some(b't' | b'f' | b'n') => {
                for word in ["true", "false", "null"] {
                    if self.src[self.at..].starts_with(word) {
                        self.at += word.len();
                        return Ok(plain(word, start..self.at));
                    }
                }
                Err(self.error(
                    "invalid JSON: expected a value (an NDJSON line is one JSON object, not YAML)",
                ))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            None => Err(self.error("invalid JSON: the line ends before its value")),
            Some(_) => Err(self.error(
                "invalid JSON: expected a value (an NDJSON line is one JSON object, not YAML)",
            )),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node, YamlError> {
        let start = self.at;
        self.at += 1;
        // (A filing has about ten keys: one allocation, not four.)
        let mut entries: Vec<(Node, Node)> = Vec::with_capacity(16);
        // Keys seen, for the duplicate check (a scan while there are few).
        let mut keys = Keys::default();
        self.ws()?;
        if self.b.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(mapping(entries, start..self.at));
        }
        loop {
            self.ws()?;
            if self.b.get(self.at) != Some(&b'"') {
                return Err(self.error("invalid JSON: expected a key in double quotes"));
            }
            let key = self.value(depth + 1)?;
            let name = key.as_scalar().unwrap_or_default();
            if let Some(first) = keys.find(name, &entries) {
                let at = entries[first].0.span.start;
                let col = self.src[..at].chars().count() + 1;
                return Err(YamlError {
                    message: format!(
                        "duplicate key `{name}` (first defined at column {col}); a filing gives each key once"
                    ),
                    span: key.span,
                });
            }
            keys.add(name, entries.len(), &entries);
            self.ws()?;
            if self.b.get(self.at) != Some(&b':') {
                return Err(self.error("invalid JSON: expected `:` after a key"));
            }
            self.at += 1;
            self.ws()?;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.ws()?;
            match self.b.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(mapping(entries, start..self.at));
                }
                _ => return Err(self.error("invalid JSON: expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Node, YamlError> {
        let start = self.at;
        self.at += 1;
        let mut items = vec![];
        self.ws()?;
        if self.b.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Node {
                kind: NodeKind::Sequence(items),
                span: start..self.at,
            });
        }
        loop {
            self.ws()?;
            items.push(self.value(depth + 1)?);
            self.ws()?;
            match self.b.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Node {
                        kind: NodeKind::Sequence(items),
                        span: start..self.at,
                    });
                }
                _ => return Err(self.error("invalid JSON: expected `,` or `]`")),
            }
        }
    }

    /// A string at `at` (its opening quote): its value; `at` moves past it.
    fn string(&mut self) -> Result<String, YamlError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // The run up to the next quote or backslash (memchr), cut at
            // the first control character, if any (a loop the compiler
            // vectorizes): a string is mostly one run.
            let rest = &self.b[self.at..];
            let mut run = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
            if rest[..run].iter().any(|&c| c < 0x20) {
                run = rest[..run].iter().position(|&c| c < 0x20).unwrap_or(run);
            }
            let piece = &self.src[self.at..self.at + run];
            // (Most strings are one run: allocated once, to size.)
            if out.capacity() == 0 {
                out = String::from(piece);
            } else {
                out.push_str(piece);
            }
            self.at += run;
            match self.b.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => {
                    return Err(
                        self.error("invalid JSON: a control character in a string must be escaped")
                    );
                }
                None => return Err(self.error("invalid JSON: the string is not closed")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, YamlError> {
        let c = match self.b.get(self.at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let (c, len) = unicode_escape(&self.src[self.at..]).ok_or_else(|| {
                    self.error("invalid JSON: a bad \\u escape (or a lone surrogate)")
                })?;
                self.at += len;
                return Ok(c);
            }
            _ => return Err(self.error("invalid JSON: an unknown escape")),
        };
        self.at += 2;
        Ok(c)
    }

    fn number(&mut self) -> Result<Node, YamlError> {
        let start = self.at;
        let b = self.b;
        let mut i = self.at;
        let digits = |i: &mut usize| {
            let s = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > s
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let int_start = i;
        if !digits(&mut i) || (b[int_start] == b'0' && i - int_start > 1) {
            self.at = int_start;
            return Err(self.error("invalid JSON: a malformed number"));
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                self.at = i;
                return Err(self.error("invalid JSON: a malformed number"));
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            if !digits(&mut i) {
                self.at = i;
                return Err(self.error("invalid JSON: a malformed number"));
            }
        }
        self.at = i;
        Ok(plain(&self.src[start..i], start..i))
    }
}

/// A `\uXXXX` escape at the start of `s`, or a surrogate pair of two: the
/// character and the escape's length in bytes.
pub fn unicode_escape(s: &str) -> Option<(char, usize)> {
    let hex = |at: usize| -> Option<u32> {
        let h = s.get(at..at + 4)?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(h, 16).ok()
    };
    if !s.starts_with("\\u") {
        return None;
    }
    let first = hex(2)?;
    match first {
        0xD800..=0xDBFF => {
            if !s[6..].starts_with("\\u") {
                return None;
            }
            let low = hex(8)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return None;
            }
            let c = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
            Some((char::from_u32(c)?, 12))
        }
        0xDC00..=0xDFFF => None,
        c => Some((char::from_u32(c)?, 6)),
    }
}

fn plain(text: &str, span: std::ops::Range<usize>) -> Node {
    Node {
        kind: NodeKind::Scalar {
            value: text.to_string(),
            style: Style::Plain,
        },
        span,
    }
}

fn mapping(entries: Vec<(Node, Node)>, span: std::ops::Range<usize>) -> Node {
    Node {
        kind: NodeKind::Mapping(entries),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(src: &str) -> Result<Node, YamlError> {
        match parse_json(src).pop().unwrap() {
            Document::Node(n) => Ok(n),
            Document::Error(e) => Err(e),
        }
    }

    #[test]
    fn reads_objects_with_spans() {
        let src = r#"{"name": "某某\"公司", "business_scope": ["比特币挖矿", "a\ud840\udc00b"], "n": -1.5e3, "x": null}"#;
        let n = root(src).unwrap();
        let NodeKind::Mapping(e) = &n.kind else {
            panic!()
        };
        assert_eq!(e[0].1.as_scalar(), Some("某某\"公司"));
        assert_eq!(&src[e[0].1.span.clone()], r#""某某\"公司""#);
        let NodeKind::Sequence(items) = &e[1].1.kind else {
            panic!()
        };
        assert_eq!(items[1].as_scalar(), Some("a\u{20000}b"));
        assert_eq!(e[2].1.as_scalar(), Some("-1.5e3"));
        assert_eq!(e[3].1.as_scalar(), Some("null"));
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "name: 某某",
            "{\"a\": 1} # neglist: allow NL0101 -- x",
            "{\"a\": &x 1}",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": \"x\ty\"}",
            "{\"a\": 01}",
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": [1, 2}",
            "{'a': 1}",
            "",
        ] {
            assert!(root(bad).is_err(), "{bad}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(root(&deep).unwrap_err().message.contains("deeper"));
    }
}
