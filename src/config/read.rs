//! Reading TOML settings by hand, so that every complaint points at the key
//! or value at fault and an unknown key gets a "did you mean".

use crate::diagnostic::{SourceError, TextSource};
use crate::parse::date::{Date, parse_date};
use serde_spanned::Spanned;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// A value with the byte range it was written at.
#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// The largest rule, configuration or waivers file read (real ones are a
/// few kilobytes; `--config /dev/zero` must not read until memory runs out).
pub const MAX_SETTINGS_BYTES: u64 = 16 << 20;
/// The largest baseline read (a whole registry's baseline is large).
pub const MAX_BASELINE_BYTES: u64 = 256 << 20;

/// Reads a UTF-8 text file of at most `max` bytes, never more.
pub fn read_bounded(path: &std::path::Path, max: u64) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut bytes = vec![];
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it is larger than the {max}-byte limit for this kind of file"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "it is not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Reads a settings file's text; a file that cannot be read is one
/// diagnostic naming it.
pub fn read_text(
    path: &std::path::Path,
    kind: &'static str,
    what: &str,
) -> Result<String, Vec<SourceError>> {
    read_bounded(path, MAX_SETTINGS_BYTES).map_err(|e| {
        let src = TextSource {
            path: path.display().to_string(),
            text: "".into(),
        };
        let message = format!("cannot read {what} {}: {e}", path.display());
        vec![SourceError::error(&src, 0..0, message, "").in_file_kind(kind)]
    })
}

/// Collects the problems of one TOML file.
pub struct Reader {
    pub source: TextSource,
    pub errors: Vec<SourceError>,
    kind: &'static str,
}

pub type Value<'i> = Spanned<DeValue<'i>>;

impl Reader {
    pub fn new(source: TextSource, kind: &'static str) -> Self {
        Reader {
            source,
            errors: vec![],
            kind,
        }
    }

    pub fn error(&mut self, span: Range<usize>, message: String, label: &str) {
        self.errors
            .push(SourceError::error(&self.source, span, message, label).in_file_kind(self.kind));
    }

    pub fn error_help(&mut self, span: Range<usize>, message: String, label: &str, help: String) {
        self.errors.push(
            SourceError::error(&self.source, span, message, label)
                .in_file_kind(self.kind)
                .with_help(help),
        );
    }

    /// Parses the text; None (with the error recorded) if it is not TOML.
    pub fn parse<'i>(&mut self, text: &'i str) -> Option<DeTable<'i>> {
        match DeTable::parse(text) {
            Ok(t) => Some(t.into_inner()),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                self.error(
                    span,
                    format!("not valid TOML: {}", e.message().trim()),
                    "here",
                );
                None
            }
        }
    }

    /// Reports every key of `table` not in `known`, with the closest known one.
    pub fn known_keys(&mut self, table: &DeTable<'_>, known: &[&str], what: &str) {
        for key in table.keys() {
            let name: &str = key.get_ref();
            if known.contains(&name) {
                continue;
            }
            let help = match crate::suggest::closest(name, known.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? The keys of {what} are: {}",
                    known.join(", ")
                ),
                None => format!("the keys of {what} are: {}", known.join(", ")),
            };
            self.error_help(
                key.span(),
                format!("unknown key `{name}` in {what}"),
                "not a known key",
                help,
            );
        }
    }

    pub fn string(&mut self, v: &Value<'_>, key: &str) -> Option<Setting<String>> {
        match v.get_ref() {
            DeValue::String(s) => Some(Setting {
                value: s.to_string(),
                span: v.span(),
            }),
            other => {
                self.error(
                    v.span(),
                    format!("`{key}` must be a string, not {}", other.type_str()),
                    "expected a string",
                );
                None
            }
        }
    }

    /// A string or a list of strings.
    pub fn strings(&mut self, v: &Value<'_>, key: &str) -> Vec<Setting<String>> {
        match v.get_ref() {
            DeValue::String(_) => self.string(v, key).into_iter().collect(),
            DeValue::Array(items) => items.iter().filter_map(|i| self.string(i, key)).collect(),
            other => {
                self.error(
                    v.span(),
                    format!(
                        "`{key}` must be a list of strings, not {}",
                        other.type_str()
                    ),
                    "expected a list of strings",
                );
                vec![]
            }
        }
    }

    /// A date: a TOML date (`2026-06-30`) or a string (`"2026年6月30日"`).
    pub fn date(&mut self, v: &Value<'_>, key: &str) -> Option<Setting<Date>> {
        let text = match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
            other => {
                self.error(
                    v.span(),
                    format!(
                        "`{key}` must be a date like 2026-06-30, not {}",
                        other.type_str()
                    ),
                    "expected a date",
                );
                return None;
            }
        };
        match parse_date(&text) {
            Ok(d) => Some(Setting {
                value: d,
                span: v.span(),
            }),
            Err(_) => {
                self.error(
                    v.span(),
                    format!("`{text}` is not a date (use 2026-06-30 or 2026年6月30日, a day that exists)"),
                    "not a date",
                );
                None
            }
        }
    }

    /// An array of tables (`[[waiver]]`).
    pub fn tables<'a, 'i>(
        &mut self,
        v: &'a Value<'i>,
        key: &str,
    ) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|i| match i.get_ref() {
                    DeValue::Table(t) => Some((t, i.span())),
                    other => {
                        self.error(
                            i.span(),
                            format!("each `{key}` must be a table, not {}", other.type_str()),
                            "expected a table",
                        );
                        None
                    }
                })
                .collect(),
            other => {
                self.error(
                    v.span(),
                    format!(
                        "`{key}` must be written as `[[{key}]]` tables, not {}",
                        other.type_str()
                    ),
                    "expected an array of tables",
                );
                vec![]
            }
        }
    }
}
