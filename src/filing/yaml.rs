//! YAML → a small tree of nodes that keep their byte spans.
//!
//! We use saphyr-parser's event stream (a maintained, YAML 1.2 parser whose
//! events carry start/end markers) rather than a ready-made DOM, because we
//! need to decide ourselves what is acceptable in a filing: duplicate keys
//! are errors, alias expansion is bounded in nodes and in bytes (a "billion
//! laughs" file is refused, never expanded), nesting depth is capped, and
//! YAML 1.1 merge keys (`<<: *base`) are resolved as YAML 1.1 loaders such
//! as PyYAML resolve them, so no value hides behind one. saphyr's markers
//! count characters; we turn them into byte offsets through our own line
//! table (`span::LineIndex`), counting on from the previous marker so a
//! long line costs one pass, not one per event.

use crate::span::LineIndex;
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};
use std::collections::HashMap;
use std::ops::Range;

/// How deep a filing may nest. Real filings are 3 levels deep.
pub const MAX_DEPTH: usize = 64;
/// How many nodes one document may have. A filing has a few dozen; the
/// cap bounds the memory and work a hostile file can ask for (a node costs
/// about a hundred bytes here and more in later stages).
pub const MAX_NODES: usize = 100_000;
/// How many nodes aliases may add to a document before we refuse it.
pub const MAX_ALIAS_NODES: usize = 10_000;
/// How many bytes of text aliases may add to a document: a 100-byte file
/// must not expand to a gigabyte through one large anchored scalar.
pub const MAX_ALIAS_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// Byte range in the source. For quoted scalars it includes the quotes;
    /// for block scalars it covers the content lines.
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Scalar { value: String, style: Style },
    Mapping(Vec<(Node, Node)>),
    Sequence(Vec<Node>),
}

impl Node {
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar { .. } => "a scalar",
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Sequence(_) => "a list",
        }
    }
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// One document of a file: either its root node, or why it could not be read.
#[derive(Debug)]
pub enum Document {
    Node(Node),
    Error(YamlError),
}

#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    /// Byte range where reading stopped (or the offending node).
    pub span: Range<usize>,
}

/// Parses every document in `src`. A syntax error ends the stream: the
/// documents before it are returned, then the error (YAML cannot resynchronise).
pub fn parse_documents(src: &str, lines: &LineIndex) -> Vec<Document> {
    parse_documents_and_aliases(src, lines).0
}

/// Where an alias takes its value from: the anchored node's bytes, and
/// the alias's own (`*t`, on the line of `<<: *t` or `key: *t`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasUse {
    pub anchor: Range<usize>,
    pub alias: Range<usize>,
}

/// [`parse_documents`], and every alias use, in file order.
pub fn parse_documents_and_aliases(src: &str, lines: &LineIndex) -> (Vec<Document>, Vec<AliasUse>) {
    let mut b = Builder {
        uses: vec![],
        src,
        lines,
        events: Parser::new_from_str(src),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        alias_bytes: MAX_ALIAS_BYTES,
        nodes: 0,
        mark: (1, 0, lines.offset_of(src, 1, 0)),
    };
    let mut docs = Vec::new();
    loop {
        match b.next() {
            Ok(None) => break,
            Ok(Some((Event::DocumentStart(_), _))) => {
                b.anchors.clear();
                b.alias_budget = MAX_ALIAS_NODES;
                b.alias_bytes = MAX_ALIAS_BYTES;
                b.nodes = 0;
                match b.document() {
                    Ok(node) => docs.push(Document::Node(node)),
                    Err(e) => {
                        docs.push(Document::Error(e));
                        return (docs, b.uses);
                    }
                }
            }
            Ok(Some((Event::StreamEnd, _))) => break,
            Ok(Some(_)) => {}
            Err(e) => {
                docs.push(Document::Error(e));
                break;
            }
        }
    }
    (docs, b.uses)
}

struct Builder<'a> {
    src: &'a str,
    lines: &'a LineIndex,
    events: Parser<'a, saphyr_parser::StrInput<'a>>,
    /// Anchored nodes with their size in nodes and in text bytes.
    anchors: HashMap<usize, (Node, usize, usize)>,
    alias_budget: usize,
    alias_bytes: usize,
    /// Nodes read in this document.
    nodes: usize,
    /// Every alias met, with its anchor (for waiver comments).
    uses: Vec<AliasUse>,
    /// The last marker turned into an offset: (line, column, byte offset).
    mark: (usize, usize, usize),
}

impl<'a> Builder<'a> {
    fn bytes(&mut self, sp: &YSpan) -> Range<usize> {
        let start = self.offset(sp.start.line(), sp.start.col());
        let end = self.offset(sp.end.line(), sp.end.col());
        start..end.max(start)
    }

    /// A marker's byte offset, counted on from the previous marker when it
    /// is further along the same line (markers mostly come in order).
    fn offset(&mut self, line: usize, col: usize) -> usize {
        let (l, c, at) = self.mark;
        let offset = if line == l && col >= c {
            let rest = self.src.get(at..).unwrap_or("");
            match rest.char_indices().nth(col - c) {
                Some((i, _)) => at + i,
                None => self.src.len(),
            }
        } else {
            self.lines.offset_of(self.src, line, col)
        };
        self.mark = (line, col, offset);
        offset
    }

    fn next(&mut self) -> Result<Option<(Event<'a>, YSpan)>, YamlError> {
        match self.events.next() {
            None => Ok(None),
            Some(Ok(ev)) => Ok(Some(ev)),
            Some(Err(e)) => {
                let m = e.marker();
                let at = self.offset(m.line(), m.col());
                let end = self.src[at..]
                    .chars()
                    .next()
                    .map_or(at, |c| at + c.len_utf8());
                Err(YamlError {
                    message: format!("invalid YAML: {}", e.info()),
                    span: at..end,
                })
            }
        }
    }

    fn document(&mut self) -> Result<Node, YamlError> {
        let (ev, sp) = self.expect_event()?;
        let root = match ev {
            Event::DocumentEnd => {
                let r = self.bytes(&sp);
                return Ok(Node {
                    kind: NodeKind::Scalar {
                        value: String::new(),
                        style: Style::Plain,
                    },
                    span: r,
                });
            }
            ev => self.node(ev, sp, 0)?,
        };
        // Consume up to DocumentEnd.
        loop {
            let (ev, _) = self.expect_event()?;
            if matches!(ev, Event::DocumentEnd) {
                return Ok(root);
            }
        }
    }

    fn expect_event(&mut self) -> Result<(Event<'a>, YSpan), YamlError> {
        match self.next()? {
            Some(ev) => Ok(ev),
            None => Err(YamlError {
                message: "unexpected end of YAML stream".into(),
                span: self.src.len()..self.src.len(),
            }),
        }
    }

    fn node(&mut self, ev: Event<'a>, sp: YSpan, depth: usize) -> Result<Node, YamlError> {
        let span = self.bytes(&sp);
        if depth > MAX_DEPTH {
            return Err(YamlError {
                message: format!(
                    "nesting deeper than {MAX_DEPTH} levels; a filing is never this deep"
                ),
                span,
            });
        }
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(YamlError {
                message: format!(
                    "more than {MAX_NODES} keys and values in one document; a filing has a few dozen"
                ),
                span,
            });
        }
        match ev {
            Event::Scalar(value, style, anchor, tag) => {
                // A value is read as the text it is written as; a tag that
                // says it is something else (`!!binary`, `!custom`) asks
                // for a decoding neglist does not do, so the value is not
                // taken for plain text unchecked.
                if tag.is_some() {
                    let raw = self.src.get(span.clone()).unwrap_or("");
                    let written = raw.split([' ', '\t', '\n', '\r']).next().unwrap_or(raw);
                    if !matches!(written, "!!str" | "!<tag:yaml.org,2002:str>" | "!") {
                        return Err(YamlError {
                            message: format!(
                                "a value with the YAML tag `{written}`, which neglist does not read (it reads text as written): remove the tag"
                            ),
                            span: span.clone(),
                        });
                    }
                }
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                // A tag (`!!str 虚拟货币挖矿`, `!custom "…"`) stands before
                // the value in the parser's span: the value begins after it
                // and the blanks that follow.
                let span = match self.src.get(span.clone()) {
                    Some(raw) if raw.starts_with('!') => {
                        let end = raw.find([' ', '\t', '\n', '\r']).unwrap_or(raw.len());
                        let skip = raw.len() - raw[end..].trim_start().len();
                        (span.start + skip).min(span.end)..span.end
                    }
                    _ => span,
                };
                // A quoted scalar ends at its closing quote (the parser's
                // end marker can lie past it, over a trailing comment).
                let span = match style {
                    Style::SingleQuoted | Style::DoubleQuoted => {
                        span.start..quoted_end(self.src, span.start, style).unwrap_or(span.end)
                    }
                    _ => span,
                };
                let node = Node {
                    kind: NodeKind::Scalar {
                        value: value.into_owned(),
                        style,
                    },
                    span,
                };
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                let end = loop {
                    let (ev, sp) = self.expect_event()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break self.bytes(&sp).end;
                    }
                    items.push(self.node(ev, sp, depth + 1)?);
                };
                let node = Node {
                    kind: NodeKind::Sequence(items),
                    span: span.start..end.max(span.start),
                };
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::MappingStart(anchor, _) => {
                let mut entries: Vec<(Node, Node)> = Vec::new();
                // Keys seen, for the duplicate check.
                let mut keys = Keys::default();
                let mut merges: Vec<Node> = vec![];
                let end = loop {
                    let (ev, sp) = self.expect_event()?;
                    if matches!(ev, Event::MappingEnd) {
                        break self.bytes(&sp).end;
                    }
                    let key = self.node(ev, sp, depth + 1)?;
                    let (ev, sp) = self.expect_event()?;
                    let value = self.node(ev, sp, depth + 1)?;
                    if is_merge_key(&key) {
                        merges.push(value);
                        continue;
                    }
                    if let Some(k) = key.as_scalar() {
                        if let Some(first) = keys.find(k, &entries) {
                            let first = &entries[first].0;
                            let (line, col) = self.lines.line_col(self.src, first.span.start);
                            return Err(YamlError {
                                message: format!(
                                    "duplicate key `{k}` (first defined at line {line}, column {col}); YAML forbids duplicate keys"
                                ),
                                span: key.span,
                            });
                        }
                        keys.add(k, entries.len(), &entries);
                    }
                    entries.push((key, value));
                };
                // YAML 1.1 merge: a merged mapping's keys are added where the
                // mapping does not give them itself; of several merged
                // mappings, the first that gives a key wins.
                for m in merges {
                    let sources = match m.kind {
                        NodeKind::Mapping(e) => vec![e],
                        NodeKind::Sequence(items) => {
                            let mut v = vec![];
                            for item in items {
                                match item.kind {
                                    NodeKind::Mapping(e) => v.push(e),
                                    _ => return Err(not_mergeable(&item)),
                                }
                            }
                            v
                        }
                        _ => return Err(not_mergeable(&m)),
                    };
                    for (k, v) in sources.into_iter().flatten() {
                        if let Some(name) = k.as_scalar() {
                            if keys.find(name, &entries).is_some() {
                                continue;
                            }
                            keys.add(name, entries.len(), &entries);
                        }
                        entries.push((k, v));
                    }
                }
                let node = Node {
                    kind: NodeKind::Mapping(entries),
                    span: span.start..end.max(span.start),
                };
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(YamlError {
                        message: "alias refers to an unknown anchor".into(),
                        span,
                    });
                };
                let (target, nodes, bytes) = target;
                if *nodes > self.alias_budget || *bytes > self.alias_bytes {
                    return Err(YamlError {
                        message: format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes or {MAX_ALIAS_BYTES} bytes of text; refusing to expand (\"billion laughs\")"
                        ),
                        span,
                    });
                }
                self.alias_budget -= nodes;
                self.alias_bytes -= bytes;
                self.uses.push(AliasUse {
                    anchor: target.span.clone(),
                    alias: span.clone(),
                });
                Ok(target.clone())
            }
            other => Err(YamlError {
                message: format!("unexpected YAML event {other:?}"),
                span,
            }),
        }
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor > 0 {
            let (nodes, bytes) = size(node);
            self.anchors.insert(anchor, (node.clone(), nodes, bytes));
        }
    }
}

/// The byte just past the closing quote of the quoted scalar at `start`.
fn quoted_end(src: &str, start: usize, style: Style) -> Option<usize> {
    let b = src.as_bytes();
    let quote = *b.get(start)?;
    let mut i = start + 1;
    loop {
        let at = i + match style {
            Style::DoubleQuoted => memchr::memchr2(b'"', b'\\', &b[i..])?,
            _ => memchr::memchr(quote, &b[i..])?,
        };
        match b[at] {
            b'\\' => i = at + 2,
            // '' is a quote inside a single-quoted scalar.
            c if c == b'\'' && b.get(at + 1) == Some(&b'\'') => i = at + 2,
            _ => return Some(at + 1),
        }
        if i > b.len() {
            return None;
        }
    }
}

/// The keys of a mapping being read, for the duplicate check: a scan of
/// the entries while there are few (a filing has a dozen keys: no
/// allocation, no hashing), a hash map once there are many (a file of a
/// million keys must not take a million squared steps).
#[derive(Default)]
pub(super) struct Keys {
    /// All scalar keys, once the mapping has more than SMALL entries.
    index: Option<HashMap<String, usize>>,
}

impl Keys {
    const SMALL: usize = 32;

    /// The entry that has key `k`, if any.
    pub(super) fn find(&self, k: &str, entries: &[(Node, Node)]) -> Option<usize> {
        match &self.index {
            Some(map) => map.get(k).copied(),
            None => entries.iter().position(|(e, _)| e.as_scalar() == Some(k)),
        }
    }

    /// Records that entry `at` (not yet in `entries`) has key `k`.
    pub(super) fn add(&mut self, k: &str, at: usize, entries: &[(Node, Node)]) {
        if self.index.is_none() && entries.len() >= Self::SMALL {
            let map = entries
                .iter()
                .enumerate()
                .filter_map(|(i, (e, _))| Some((e.as_scalar()?.to_string(), i)))
                .collect();
            self.index = Some(map);
        }
        if let Some(map) = &mut self.index {
            map.insert(k.to_string(), at);
        }
    }
}

/// `<<` written plain is YAML 1.1's merge key.
fn is_merge_key(key: &Node) -> bool {
    matches!(&key.kind, NodeKind::Scalar { value, style: Style::Plain } if value == "<<")
}

fn not_mergeable(n: &Node) -> YamlError {
    YamlError {
        message: format!(
            "a merge key (`<<`) takes a mapping or a list of mappings, found {}",
            n.kind_name()
        ),
        span: n.span.clone(),
    }
}

/// A node's size: how many nodes, how many bytes of text.
fn size(n: &Node) -> (usize, usize) {
    match &n.kind {
        NodeKind::Scalar { value, .. } => (1, value.len()),
        NodeKind::Sequence(items) => items.iter().map(size).fold((1, 0), add),
        NodeKind::Mapping(e) => e
            .iter()
            .flat_map(|(k, v)| [size(k), size(v)])
            .fold((1, 0), add),
    }
}

fn add(a: (usize, usize), b: (usize, usize)) -> (usize, usize) {
    (a.0 + b.0, a.1 + b.1)
}
