//! Diagnostics about rule files, pointing into the rule file's text.

use miette::{Diagnostic, LabeledSpan, Severity, SourceCode};
use std::ops::Range;
use std::sync::Arc;

/// The text of a rule file, owned so that any diagnostic renders alone.
#[derive(Debug, Clone)]
pub struct TextSource {
    pub path: String,
    pub text: Arc<str>,
}

/// In the precompiled built-in catalog a rule's origin is stored by path
/// only; `dsl::builtin_catalog` puts the text (which the binary holds
/// anyway) back.
impl serde::Serialize for TextSource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.path)
    }
}

impl<'de> serde::Deserialize<'de> for TextSource {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(TextSource {
            path: String::deserialize(d)?,
            text: Arc::from(""),
        })
    }
}

impl TextSource {
    /// `path:line:col` of a byte offset, with a character column. Computed
    /// on demand: only diagnostics need it.
    pub fn location(&self, offset: usize) -> String {
        let (l, c) = crate::span::LineIndex::new(&self.text).line_col(&self.text, offset);
        format!("{}:{l}:{c}", self.path)
    }
}

/// A place in a rule file, shown as `path:line:col` when displayed.
#[derive(Debug, Clone)]
pub struct Place {
    pub source: TextSource,
    pub offset: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source.location(self.offset))
    }
}

/// Text for a one-line message: a line break or another control character
/// (quoted from a file, `status "\nconfirmed"`) is shown escaped (`\n`),
/// so the message stays one line wherever it is shown.
pub fn one_line(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct SourceError {
    /// What kind of file is at fault: `neglist::rules`, `neglist::config`, …
    pub code: &'static str,
    pub warning: bool,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
    pub span: Range<usize>,
    pub source: TextSource,
}

impl SourceError {
    pub fn error(
        src: &TextSource,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        SourceError {
            code: "neglist::rules",
            warning: false,
            // (A value quoted from the file may hold a line break.)
            message: one_line(&message.into()),
            label: label.into(),
            help: None,
            span,
            source: src.clone(),
        }
    }
    pub fn warning(
        src: &TextSource,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        SourceError {
            warning: true,
            ..SourceError::error(src, span, message, label)
        }
    }
    /// A place where the grammar accepted something the Rust side does
    /// not know (a keyword without a variant): a bug in neglist, reported
    /// at its place instead of read as some default.
    pub fn internal(src: &TextSource, span: Range<usize>, what: &str, found: &str) -> Self {
        SourceError::error(
            src,
            span,
            format!("internal error: the grammar accepts `{found}` as a {what}, but neglist does not know it"),
            format!("unknown {what}"),
        )
        .with_help("this is a bug in neglist: grammar/neglist.pest and src/dsl disagree; please report it")
    }
    /// The same diagnostic about another kind of file.
    pub fn in_file_kind(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    /// `path:line:col` with a character column.
    pub fn location(&self) -> String {
        self.source.location(self.span.start)
    }
}

/// Shown as a window around the span on a long line (see `span::Window`):
/// a rule or settings file with a 100 000-character line must give a
/// readable diagnostic, not a panic inside miette.
impl SourceCode for TextSource {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let text: &str = &self.text;
        let start = span.offset().min(text.len());
        let start = (0..=start)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let at = (
            memchr::memchr_iter(b'\n', &text.as_bytes()[..start]).count(),
            text[line_start..start].chars().count(),
        );
        let window = crate::span::Window {
            name: "",
            text,
            line_base: 0,
            at,
            lines: None,
        };
        window.contents(span, before, after)
    }
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SourceError {}

impl Diagnostic for SourceError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<Severity> {
        Some(if self.warning {
            Severity::Warning
        } else {
            Severity::Error
        })
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
            LabeledSpan::new_primary_with_span(
                Some(self.label.clone()),
                self.span.start..self.span.end.max(self.span.start),
            ),
        )))
    }
}
