//! YAML → a small tree of nodes that keep their byte spans.
//!
//! We use saphyr-parser's event stream (a maintained, YAML 1.2 parser whose
//! events carry start/end markers) rather than a ready-made DOM, because we
//! need to decide ourselves what is acceptable in a filing: duplicate keys
//! are errors, alias expansion is bounded (a "billion laughs" file is refused
//! after a few thousand nodes, never expanded), and nesting depth is capped.
//! saphyr's markers count characters; we turn them into byte offsets through
//! our own line table (`span::LineIndex`).

use crate::span::LineIndex;
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};
use std::collections::HashMap;
use std::ops::Range;

/// How deep a filing may nest. Real filings are 3 levels deep.
pub const MAX_DEPTH: usize = 64;
/// How many nodes aliases may add to a document before we refuse it.
pub const MAX_ALIAS_NODES: usize = 10_000;

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
    let mut b = Builder {
        src,
        lines,
        events: Parser::new_from_str(src),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
    };
    let mut docs = Vec::new();
    loop {
        match b.next() {
            Ok(None) => break,
            Ok(Some((Event::DocumentStart(_), _))) => {
                b.anchors.clear();
                b.alias_budget = MAX_ALIAS_NODES;
                match b.document() {
                    Ok(node) => docs.push(Document::Node(node)),
                    Err(e) => {
                        docs.push(Document::Error(e));
                        return docs;
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
    docs
}

struct Builder<'a> {
    src: &'a str,
    lines: &'a LineIndex,
    events: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node>,
    alias_budget: usize,
}

impl<'a> Builder<'a> {
    fn bytes(&self, sp: &YSpan) -> Range<usize> {
        let start = self
            .lines
            .offset_of(self.src, sp.start.line(), sp.start.col());
        let end = self.lines.offset_of(self.src, sp.end.line(), sp.end.col());
        start..end.max(start)
    }

    fn next(&mut self) -> Result<Option<(Event<'a>, YSpan)>, YamlError> {
        match self.events.next() {
            None => Ok(None),
            Some(Ok(ev)) => Ok(Some(ev)),
            Some(Err(e)) => {
                let m = e.marker();
                let at = self.lines.offset_of(self.src, m.line(), m.col());
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
        match ev {
            Event::Scalar(value, style, anchor, _tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
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
                let end = loop {
                    let (ev, sp) = self.expect_event()?;
                    if matches!(ev, Event::MappingEnd) {
                        break self.bytes(&sp).end;
                    }
                    let key = self.node(ev, sp, depth + 1)?;
                    if let Some(k) = key.as_scalar()
                        && let Some((first, _)) =
                            entries.iter().find(|(e, _)| e.as_scalar() == Some(k))
                    {
                        let (line, col) = self.lines.line_col(self.src, first.span.start);
                        return Err(YamlError {
                            message: format!(
                                "duplicate key `{k}` (first defined at line {line}, column {col}); YAML forbids duplicate keys"
                            ),
                            span: key.span,
                        });
                    }
                    let (ev, sp) = self.expect_event()?;
                    let value = self.node(ev, sp, depth + 1)?;
                    entries.push((key, value));
                };
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
                let cost = count_nodes(target);
                if cost > self.alias_budget {
                    return Err(YamlError {
                        message: format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes; refusing to expand (\"billion laughs\")"
                        ),
                        span,
                    });
                }
                self.alias_budget -= cost;
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
            self.anchors.insert(anchor, node.clone());
        }
    }
}

fn count_nodes(n: &Node) -> usize {
    1 + match &n.kind {
        NodeKind::Scalar { .. } => 0,
        NodeKind::Sequence(items) => items.iter().map(count_nodes).sum(),
        NodeKind::Mapping(e) => e.iter().map(|(k, v)| count_nodes(k) + count_nodes(v)).sum(),
    }
}
