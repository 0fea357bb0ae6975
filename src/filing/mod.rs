//! Filing loading: YAML bytes → `Filing`s, one per document, every value
//! keeping its byte span. English keys and Chinese aliases are both
//! accepted; anything the tool cannot read becomes a diagnostic, never a
//! default.

pub mod comments;
pub mod flat;
pub mod json;
mod messages;
pub mod record;
pub mod schema;
pub mod text;
mod texts;
pub use texts::localize;
pub mod yaml;

use crate::parse::{
    date::{Date, DateError, parse_date},
    money::{Money, parse_money},
    scope::{Section, parse_scope},
    uscc::{Uscc, parse_uscc},
};
use crate::span::LineIndex;
use crate::suggest::closest;
pub use text::SourceText;
use yaml::{Document, Node, NodeKind};

use std::ops::Range;

/// Files larger than this are refused unread (a filing is a few KB).
pub const DEFAULT_MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// A file's text, with its line table.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (or as found under a directory).
    pub path: String,
    pub src: String,
    pub lines: LineIndex,
}

impl SourceFile {
    pub fn new(path: String, src: String) -> Self {
        let lines = LineIndex::new(&src);
        SourceFile { path, src, lines }
    }

    /// A text in `syntax`, with that syntax's line breaks.
    pub fn of(path: String, src: String, syntax: Syntax) -> Self {
        let lines = match syntax {
            Syntax::Yaml => LineIndex::new(&src),
            Syntax::Json => LineIndex::new_lf_only(&src),
        };
        SourceFile { path, src, lines }
    }
}

/// A file that could not be decoded as text at all.
#[derive(Debug, Clone)]
pub struct DecodeError {
    pub message: String,
    /// Byte offset of the first bad byte.
    pub offset: usize,
    /// The bytes, when they are only not UTF-8 (another decoder may try).
    pub bytes: Option<Vec<u8>>,
}

/// Decodes a file's bytes: UTF-8, with or without BOM. Anything else is an
/// error that names the likely encoding.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError {
            message:
                "file is UTF-16 (it starts with a UTF-16 byte-order mark); filings must be UTF-8"
                    .into(),
            offset: 0,
            bytes: None,
        });
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(DecodeError {
            message: "file contains NUL bytes: it is binary, not a YAML filing".into(),
            offset: at,
            bytes: None,
        });
    }
    // simdutf8 validates the common (valid) case several times faster; std
    // then only runs on invalid files, to find where they break.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: just validated as UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let b = e.as_bytes();
        let likely_gb = looks_like_gb18030(&b[offset..]);
        let hint = if likely_gb {
            "; it looks like GBK/GB18030, the usual encoding of Chinese registration-system exports (check it with `--encoding gb18030`, or convert it with `iconv -f GB18030 -t UTF-8`)"
        } else {
            ""
        };
        DecodeError {
            message: format!("file is not valid UTF-8 (first bad byte at offset {offset}){hint}"),
            offset,
            bytes: Some(e.into_bytes()),
        }
    })
}

/// The encoding filings are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8, with or without BOM; anything else is refused.
    #[default]
    Utf8,
    /// UTF-8 when a file is valid UTF-8, else GB18030 (which includes GBK),
    /// the usual encoding of Chinese registration-system exports.
    Gb18030,
}

/// A decoded file and, when it was not UTF-8 on disk, the way back to its
/// bytes: for every byte offset of the text, the offset in the file.
pub struct Decoded {
    pub text: String,
    pub disk_offsets: Option<Vec<u32>>,
}

/// Decodes a file's bytes in `encoding`.
pub fn decode_as(bytes: Vec<u8>, encoding: Encoding) -> Result<Decoded, DecodeError> {
    let utf8_err = match decode(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text,
                disk_offsets: None,
            });
        }
        Err(e) => e,
    };
    let mut utf8_err = utf8_err;
    let bytes = match (encoding, utf8_err.bytes.take()) {
        (Encoding::Gb18030, Some(bytes)) => bytes,
        _ => return Err(utf8_err),
    };
    let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes)
    else {
        return Err(DecodeError {
            message: "file is neither UTF-8 nor valid GB18030".into(),
            offset: utf8_err.offset,
            bytes: None,
        });
    };
    // Every GB18030 sequence is one character: one byte below 0x80, four
    // when the second byte is a digit (0x30–0x39), else two.
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut at = 0usize;
    for c in text.chars() {
        let len = match bytes.get(at) {
            // (0x80 is one byte too: € in CP936, as the decoder reads it.)
            Some(b) if *b <= 0x80 => 1,
            Some(_) if matches!(bytes.get(at + 1), Some(0x30..=0x39)) => 4,
            Some(_) => 2,
            None => 0,
        };
        offsets.extend(std::iter::repeat_n(at as u32, c.len_utf8()));
        at += len;
    }
    if at != bytes.len() {
        return Err(DecodeError {
            message:
                "file decodes as GB18030, but its characters cannot be mapped back to its bytes"
                    .into(),
            offset: 0,
            bytes: None,
        });
    }
    offsets.push(at as u32);
    Ok(Decoded {
        text: text.into_owned(),
        disk_offsets: Some(offsets),
    })
}

/// Whether bytes read as GBK/GB18030 double-byte text (lead 0x81–0xFE,
/// trail 0x40–0xFE except 0x7F), ASCII allowed between, for up to 64 bytes.
fn looks_like_gb18030(b: &[u8]) -> bool {
    let mut i = 0;
    let mut pairs = 0;
    while i < b.len().min(64) {
        match b[i] {
            0x00..=0x7F => i += 1,
            0x81..=0xFE if matches!(b.get(i + 1), Some(0x40..=0x7E | 0x80..=0xFE)) => {
                pairs += 1;
                i += 2;
            }
            _ => return false,
        }
    }
    pairs > 0
}

/// A value with the place it was written.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    /// Byte range of the value in the file.
    pub span: Range<usize>,
}

/// One business-scope item.
#[derive(Debug, Clone)]
pub struct PlacedItem {
    /// Index into `Filing::scope_texts`.
    pub text: usize,
    /// Byte range of the item inside that text's value.
    pub range: Range<usize>,
    pub section: Section,
    /// Whether the section is the catalogue's (see
    /// `parse::scope::ScopeItem::catalogue_section`) or a key's.
    pub catalogue_section: bool,
    /// Parenthesised conditions inside the item (ranges in the value): a
    /// term in them is suppressed (see `parse::scope::ScopeItem`).
    pub conditions: Vec<Range<usize>>,
    /// The negation constructions that govern text of the item (ranges in
    /// the value).
    pub negations: Vec<crate::parse::scope::Negation>,
    /// Separated from the next item only by a mark a term may be written
    /// across (see `parse::scope::ScopeItem::joined_next`).
    pub joined_next: bool,
}

#[derive(Debug, Clone, Default)]
pub struct License {
    pub kind: Option<Located<SourceText>>,
    pub number: Option<Located<String>>,
    pub issued_by: Option<Located<String>>,
    pub valid_until: Option<Located<Date>>,
    pub span: Range<usize>,
}

/// A data problem found while loading (the filing is still checked).
#[derive(Debug, Clone)]
pub struct LoadIssue {
    pub code: &'static LoadCode,
    pub message: String,
    pub field: Option<&'static str>,
    pub span: Range<usize>,
}

/// A loader diagnostic's stable identity, documented by `neglist explain`.
#[derive(Debug)]
pub struct LoadCode {
    pub code: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub severity: &'static str,
    pub help: &'static str,
}

impl LoadCode {
    /// The code's severity (`severity` is written as text, like a rule file's).
    pub fn level(&self) -> crate::rule::Severity {
        crate::rule::Severity::parse(self.severity).unwrap_or(crate::rule::Severity::Error)
    }
}

pub const UNKNOWN_KEY: LoadCode = LoadCode {
    code: "NL0001",
    name: "unknown-key",
    title: "unknown key in a filing",
    severity: "warning",
    help: "use one of the keys of the filing format (English or Chinese); a misspelt key means the value is not checked",
};
pub const DUPLICATE_FIELD: LoadCode = LoadCode {
    code: "NL0002",
    name: "duplicate-field",
    title: "a field given under both its English key and its Chinese alias",
    severity: "error",
    help: "keep one of the two keys; the tool will not guess which value is meant",
};
pub const WRONG_SHAPE: LoadCode = LoadCode {
    code: "NL0003",
    name: "wrong-shape",
    title: "a value of the wrong shape",
    severity: "error",
    help: "see the filing format: e.g. a business scope is a string or a list of strings, licences a list of mappings",
};
pub const MISSING_NAME: LoadCode = LoadCode {
    code: "NL0004",
    name: "missing-name",
    title: "a filing without a registered name",
    severity: "error",
    help: "add `name:` (or `企业名称:`) with the registered name",
};
pub const INVALID_DATE: LoadCode = LoadCode {
    code: "NL0005",
    name: "invalid-date",
    title: "a date that is malformed or does not exist",
    severity: "error",
    help: "write dates as `2021-10-12` or `2021年10月12日`, and check that the day exists",
};
pub const INVALID_VALUE: LoadCode = LoadCode {
    code: "NL0006",
    name: "invalid-value",
    title: "a value that cannot be read (number, money, or text the tool cannot locate)",
    severity: "error",
    help: "write numbers as plain numbers and capital as e.g. `1000万元人民币`",
};

// Diagnostics about waivers (see `triage`): a waiver is part of the filing's
// record, so a waiver that cannot be used is a problem of the filing.
pub const WAIVER_WITHOUT_REASON: LoadCode = LoadCode {
    code: "NL0007",
    name: "waiver-without-reason",
    title: "a waiver comment that gives no reason (it is not applied)",
    severity: "warning",
    help: "write the reason after `--`, e.g. `# neglist: allow NL0401 -- 支付业务许可证 Z2024110000123`; an exception without a reason is not on the record",
};
pub const UNUSED_WAIVER: LoadCode = LoadCode {
    code: "NL0008",
    name: "unused-waiver",
    title: "a waiver naming a rule that does not fire on that value",
    severity: "warning",
    help: "remove the waiver, or move it to the line of the value it is meant for (or the line above it); a stale waiver would silently cover a later finding",
};
pub const INVALID_WAIVER: LoadCode = LoadCode {
    code: "NL0009",
    name: "invalid-waiver",
    title: "a `# neglist:` comment that is not a waiver neglist understands",
    severity: "warning",
    help: "write `# neglist: allow <RULE> -- <reason>` with a rule code or name that `neglist rules` lists",
};
pub const EXPIRED_WAIVER: LoadCode = LoadCode {
    code: "NL0010",
    name: "expired-waiver",
    title: "a finding whose waiver in the waivers file has expired",
    severity: "warning",
    help: "the finding is reported again: renew the waiver (new expiry date, approver) or fix the filing",
};

// What a registration system decided about waiver comments
// (`waivers.inline` in neglist.toml); the Chinese texts are in texts.rs.
pub const FORBIDDEN_WAIVER: LoadCode = LoadCode {
    code: "NL0015",
    name: "forbidden-inline-waiver",
    title: "a waiver comment where the settings forbid them (not applied)",
    severity: "error",
    help: "the settings (waivers.inline = \"forbid\" in neglist.toml) do not allow waiving a rule in a filing: remove the comment; the reviewing office records exceptions in the waivers file (reason, approver, expiry)",
};
pub const WAIVER_WITHOUT_APPROVER: LoadCode = LoadCode {
    code: "NL0016",
    name: "waiver-without-approver",
    title: "a waiver comment without the approver the settings require (not applied)",
    severity: "error",
    help: "write the approver after the reason, e.g. `# neglist: allow NL0401 -- 支付业务许可证 Z2024110000123; approved by: 合规部 王敏` (setting waivers.inline = \"require-approver\")",
};

pub const NORMALIZED_KEY: LoadCode = LoadCode {
    code: "NL0011",
    name: "normalized-key",
    title: "a key read after trimming blanks, width and case",
    severity: "note",
    help: "write the key exactly as the filing format spells it (e.g. `business_scope` or `经营范围`); it was read as that key all the same",
};
pub const UNCLOSED_BRACKET: LoadCode = LoadCode {
    code: "NL0012",
    name: "unclosed-bracket",
    title: "an opening bracket in the business scope that is never closed",
    severity: "warning",
    help: "close the bracket or remove it; the items after it were checked as items (the bracket was taken to end at the next `；` or `。`)",
};

pub const MISSING_SCOPE: LoadCode = LoadCode {
    code: "NL0013",
    name: "missing-business-scope",
    title: "a filing without a business scope",
    severity: "error",
    help: "add `business_scope:` (or `经营范围:`, or the older form's `许可经营项目:` / `一般经营项目:`) with the registered scope; a filing whose scope is absent or null cannot be checked",
};

pub const LICENCE_NOT_COUNTED: LoadCode = LoadCode {
    code: "NL0014",
    name: "licence-not-counted",
    title: "a declared licence that does not count (not held, pending, cancelled, someone else's, or expired)",
    severity: "warning",
    help: "declare only licences the company holds and that are valid on the day judged, under their own name (`type: 金融许可证`, with `valid_until`); the rules that need a licence treat this one as absent",
};

/// A filing type as written (Chinese, its longer forms, or English) as one
/// of 设立 / 变更 / 注销 / 年报.
fn filing_type(s: &str) -> Option<&'static str> {
    let t = key_form(s);
    Some(match t.as_ref() {
        "设立" | "设立登记" | "新设" | "开业登记" | "establishment" | "new" => "设立",
        "变更" | "变更登记" | "change" | "amendment" => "变更",
        "注销" | "注销登记" | "deregistration" => "注销",
        "年报" | "年度报告" | "annual_report" | "annual report" => "年报",
        _ => return None,
    })
}

/// A GB/T 4754-2017 code: a section letter (A–T) and 0, 2, 3 or 4 digits.
fn is_industry_code(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.first(), Some(b'A'..=b'T'))
        && matches!(b.len(), 1 | 3..=5)
        && b[1..].iter().all(u8::is_ascii_digit)
}

/// A YAML or JSON null (`~`, `null`, an empty plain value is not one): no
/// value at all.
fn is_null(node: &Node) -> bool {
    matches!(
        &node.kind,
        NodeKind::Scalar { value, style: yaml::Style::Plain } if matches!(value.as_str(), "~" | "null" | "Null" | "NULL")
    )
}

/// Not a finding: a file or document that could not be checked. Listed so
/// that reports which give every result a rule id (SARIF) can name it, and
/// `neglist explain NL0000` says what it means. It cannot be ignored or
/// waived.
pub const UNREADABLE_INPUT: LoadCode = LoadCode {
    code: "NL0000",
    name: "unreadable-input",
    title: "a file or document that could not be checked",
    severity: "error",
    help: "fix the file (encoding, YAML syntax, size); until it can be read it is not counted as clean",
};

/// Every built-in diagnostic code, NL0000 first.
pub fn builtin_codes() -> impl Iterator<Item = &'static LoadCode> {
    std::iter::once(&UNREADABLE_INPUT).chain(LOAD_CODES.iter().copied())
}

/// The codes findings can carry (all but NL0000), which selectors and
/// waivers may name.
pub const LOAD_CODES: &[&LoadCode] = &[
    &UNKNOWN_KEY,
    &DUPLICATE_FIELD,
    &WRONG_SHAPE,
    &MISSING_NAME,
    &INVALID_DATE,
    &INVALID_VALUE,
    &WAIVER_WITHOUT_REASON,
    &UNUSED_WAIVER,
    &INVALID_WAIVER,
    &EXPIRED_WAIVER,
    &NORMALIZED_KEY,
    &UNCLOSED_BRACKET,
    &MISSING_SCOPE,
    &LICENCE_NOT_COUNTED,
    &FORBIDDEN_WAIVER,
    &WAIVER_WITHOUT_APPROVER,
];

/// One enterprise filing (one YAML document).
#[derive(Debug, Clone, Default)]
pub struct Filing {
    pub document: usize,
    /// Byte range of the document's root mapping.
    pub span: Range<usize>,
    pub name: Option<Located<SourceText>>,
    pub uscc: Option<Located<Uscc>>,
    pub entity_type: Option<Located<SourceText>>,
    pub registered_capital: Option<Located<Money>>,
    pub established_on: Option<Located<Date>>,
    pub filed_on: Option<Located<Date>>,
    /// Declared region, else characters 3–8 of the USCC.
    pub region: Option<Located<String>>,
    pub address: Option<Located<SourceText>>,
    pub industry: Option<Located<String>>,
    /// What the filing is, as one of 设立 / 变更 / 注销 / 年报.
    pub filing_type: Option<Located<String>>,
    pub scope_texts: Vec<SourceText>,
    pub scope: Vec<PlacedItem>,
    /// The standard-clause groups of each scope text (its index, the range
    /// in it): not business lines, but read by the prohibited rules.
    pub boilerplate: Vec<(usize, Range<usize>)>,
    /// Span of the whole business_scope value, if present.
    pub scope_span: Option<Range<usize>>,
    pub licenses: Vec<License>,
    pub daily_kwh: Option<Located<f64>>,
    pub annual_tce: Option<Located<f64>>,
    /// Text no field claims: the prohibited rules still search it.
    pub unclaimed: Vec<Unclaimed>,
    pub issues: Vec<LoadIssue>,
}

/// A value's characters in the file, without surrounding quotes or blanks.
pub fn value_range(span: &Range<usize>, src: &str) -> Range<usize> {
    let raw = &src[span.clone()];
    let inner = raw.trim().trim_matches(['"', '\'']).trim();
    // `inner` is a sub-slice of `raw`: its offset is pointer arithmetic.
    let start = span.start + (inner.as_ptr() as usize - raw.as_ptr() as usize);
    start..start + inner.len()
}

/// Who a filing is, for a baseline: its USCC and its registered name, both
/// as written (trimmed). Both must match: a new company that copies a
/// recorded one's USCC, or takes its name, is a different filing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Identity {
    pub uscc: Option<String>,
    pub name: Option<String>,
}

impl Filing {
    /// The filing's [`Identity`]; None when it has neither a USCC nor a
    /// name, for such a filing cannot be told from another one and so is
    /// never matched by a baseline.
    pub fn baseline_identity(&self, src: &str) -> Option<Identity> {
        let nonempty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let uscc = self
            .uscc
            .as_ref()
            .and_then(|u| nonempty(src[value_range(&u.span, src)].trim()));
        let name = self
            .name
            .as_ref()
            .and_then(|n| nonempty(n.value.value.trim()));
        (uscc.is_some() || name.is_some()).then_some(Identity { uscc, name })
    }

    /// Who the filing is: its USCC as written, else its registered name.
    pub fn identity(&self, src: &str) -> Option<String> {
        if let Some(u) = &self.uscc {
            let code = &src[value_range(&u.span, src)];
            if !code.is_empty() {
                return Some(code.to_string());
            }
        }
        self.name.as_ref().map(|n| n.value.value.trim().to_string())
    }
}

/// A scalar that no field of the filing format claims: under an unknown
/// key, or inside a value of the wrong shape. A filer must not be able to
/// hide a business line by misspelling its key, so the prohibited rules
/// search it as business-scope text and report it at its place.
#[derive(Debug, Clone)]
pub struct Unclaimed {
    /// Where it stands, as a key path (`scope`, `licenses.备注`).
    pub label: String,
    /// What its key says it is: which rules read it.
    pub kind: UnclaimedKind,
    pub text: SourceText,
    /// Its items, as the scope parser reads them (ranges in `text.value`).
    pub items: Vec<crate::parse::scope::ScopeItem>,
    /// Its standard-clause groups (ranges in `text.value`).
    pub boilerplate: Vec<Range<usize>>,
}

/// What text under a key the format does not know is, by its key: a scope
/// (许可经营项目（补充）, 主营业务, a second `business_scope`), a name (简称,
/// 字号, 曾用名), or something else (备注). Scope text is read by every
/// scope rule and name text by every name rule, so licensed business or a
/// bank's name under another key is reported as it would be under its own;
/// other text is read by the prohibited rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnclaimedKind {
    Scope,
    Name,
    Other,
}

impl UnclaimedKind {
    /// The kind of text under the top-level key of `label` (its first
    /// segment), compared as keys are (`key_form`) with invisible
    /// characters left out.
    pub fn of(label: &str) -> UnclaimedKind {
        let top = label.split('.').next().unwrap_or(label);
        let key: String = key_form(top)
            .chars()
            .filter(|c| {
                crate::text::normalize::class_of(*c) != crate::text::normalize::Class::Invisible
            })
            .collect();
        const NAME: &[&str] = &["简称", "字号", "曾用名", "名称", "名稱", "name", "商号"];
        const SCOPE: &[&str] = &[
            "经营", "經營", "経営", "范围", "範圍", "業務", "业务", "项目", "項目", "主营", "兼营",
            "scope",
        ];
        if SCOPE.iter().any(|w| key.contains(w)) {
            UnclaimedKind::Scope
        } else if NAME.iter().any(|w| key.contains(w)) {
            UnclaimedKind::Name
        } else {
            UnclaimedKind::Other
        }
    }
}

/// A document that could not be read as a filing at all.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub document: Option<usize>,
    pub message: String,
    pub span: Range<usize>,
}

#[derive(Debug)]
pub enum Loaded {
    Filing(Box<Filing>),
    Unreadable(Unreadable),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Key {
    Name,
    Uscc,
    EntityType,
    Capital,
    Established,
    Filed,
    Region,
    Address,
    Industry,
    Scope,
    /// 许可经营项目 / 一般经营项目: the two halves of an older registration
    /// form's scope, each a scope of its own section.
    LicensedScope,
    GeneralScope,
    Licenses,
    Energy,
    FilingType,
    /// A field of the licence or the registration form that no rule reads
    /// (index into `record::RECORD_KEYS`).
    Record(usize),
}

/// The field a key names (after `key_form`): (field, English key, Chinese
/// key). Other spellings (名称, 出资额, 经营期限) name the same field.
fn lookup(form: &str) -> Option<(Key, &'static str, &'static str)> {
    if let Some(&(k, e, z)) = KEYS.iter().find(|(_, e, z)| *e == form || *z == form) {
        return Some((k, e, z));
    }
    if let Some((k, _)) = record::ALIASES.iter().find(|(_, a)| *a == form) {
        return KEYS
            .iter()
            .find(|(kk, _, _)| kk == k)
            .map(|&(k, e, z)| (k, e, z));
    }
    record::RECORD_KEYS
        .iter()
        .enumerate()
        .find(|(_, (e, z, more, _, _))| *e == form || *z == form || more.contains(&form))
        .map(|(i, (e, z, ..))| (Key::Record(i), *e, *z))
}

/// Every spelling of every top-level key (for "did you mean").
fn all_keys() -> impl Iterator<Item = &'static str> {
    KEYS.iter()
        .flat_map(|(_, e, z)| [*e, *z])
        .chain(record::ALIASES.iter().map(|(_, a)| *a))
        .chain(
            record::RECORD_KEYS
                .iter()
                .flat_map(|(e, z, more, _, _)| [*e, *z].into_iter().chain(more.iter().copied())),
        )
}

/// Top-level keys: (field name, English key, Chinese alias).
const KEYS: &[(Key, &str, &str)] = &[
    (Key::Name, "name", "企业名称"),
    (Key::Uscc, "uscc", "统一社会信用代码"),
    (Key::EntityType, "entity_type", "企业类型"),
    (Key::Capital, "registered_capital", "注册资本"),
    (Key::Established, "established_on", "成立日期"),
    (Key::Filed, "filed_on", "申报日期"),
    (Key::Region, "region", "行政区划"),
    (Key::Address, "address", "住所"),
    (Key::Industry, "industry", "行业代码"),
    (Key::Scope, "business_scope", "经营范围"),
    (
        Key::LicensedScope,
        "licensed_business_scope",
        "许可经营项目",
    ),
    (Key::GeneralScope, "general_business_scope", "一般经营项目"),
    (Key::FilingType, "filing_type", "登记类型"),
    (Key::Licenses, "licenses", "许可证件"),
    (Key::Energy, "energy", "用能"),
];
const LICENSE_KEYS: &[(&str, &str)] = &[
    ("type", "类型"),
    ("number", "编号"),
    ("issued_by", "发证机关"),
    ("valid_until", "有效期至"),
];
const ENERGY_KEYS: &[(&str, &str)] = &[("daily_kwh", "日用电量"), ("annual_tce", "年综合能耗")];

/// A key as it is compared with the filing format's keys: trimmed, NFKC
/// (full-width → half-width) and lower-cased, so `BUSINESS_SCOPE`,
/// `"经营范围 "` and `ｎａｍｅ` are the keys they look like.
fn key_form(key: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    let t = key.trim();
    if t.len() == key.len() && t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return std::borrow::Cow::Borrowed(key);
    }
    if t.is_ascii() {
        return std::borrow::Cow::Owned(t.to_ascii_lowercase());
    }
    std::borrow::Cow::Owned(
        t.nfkc()
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .trim()
            .to_string(),
    )
}

/// How a file's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    /// YAML: one filing a document.
    #[default]
    Yaml,
    /// JSON: one filing (an NDJSON line).
    Json,
}

/// Loads every document of a file.
pub fn load(file: &SourceFile) -> Vec<Loaded> {
    load_as(file, Syntax::Yaml)
}

/// Loads every document of a text written in `syntax`.
pub fn load_as(file: &SourceFile, syntax: Syntax) -> Vec<Loaded> {
    let docs = match syntax {
        Syntax::Yaml => flat::parse_flat(&file.src)
            .unwrap_or_else(|| yaml::parse_documents(&file.src, &file.lines)),
        Syntax::Json => json::parse_json(&file.src),
    };
    if docs.is_empty() {
        return vec![Loaded::Unreadable(Unreadable {
            document: None,
            message: "file has no YAML document in it".into(),
            span: 0..0,
        })];
    }
    docs.into_iter()
        .enumerate()
        .map(|(i, d)| match d {
            Document::Error(e) => Loaded::Unreadable(Unreadable {
                document: Some(i),
                message: e.message,
                span: e.span,
            }),
            Document::Node(node) => match &node.kind {
                NodeKind::Mapping(entries) => Loaded::Filing(Box::new(
                    Reader::new(file, i, node.span.clone()).read(entries),
                )),
                NodeKind::Scalar { value, .. } if value.trim().is_empty() => {
                    Loaded::Unreadable(Unreadable {
                        document: Some(i),
                        message: "document is empty; a filing is a mapping of keys to values"
                            .into(),
                        span: node.span.clone(),
                    })
                }
                _ => Loaded::Unreadable(Unreadable {
                    document: Some(i),
                    message: format!(
                        "document is {}, not a mapping; a filing is a mapping of keys to values",
                        node.kind_name()
                    ),
                    span: node.span.clone(),
                }),
            },
        })
        .collect()
}

/// Unknown keys listed one by one in a filing; the rest are counted in one
/// warning (a file of a million keys must not cost a million suggestions).
const MAX_UNKNOWN_KEYS_LISTED: usize = 100;

struct Reader<'f> {
    file: &'f SourceFile,
    filing: Filing,
    /// Unknown keys met, and where the first one not listed stands.
    unknown_keys: usize,
    first_unlisted: Option<Range<usize>>,
}

impl<'f> Reader<'f> {
    fn new(file: &'f SourceFile, document: usize, span: Range<usize>) -> Self {
        Reader {
            file,
            filing: Filing {
                document,
                span,
                ..Filing::default()
            },
            unknown_keys: 0,
            first_unlisted: None,
        }
    }

    fn issue(
        &mut self,
        code: &'static LoadCode,
        field: Option<&'static str>,
        span: Range<usize>,
        message: String,
    ) {
        self.filing.issues.push(LoadIssue {
            code,
            message,
            field,
            span,
        });
    }

    fn read(mut self, entries: &[(Node, Node)]) -> Filing {
        let mut seen: Vec<(Key, Range<usize>, &str)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            let Some(kname) = k.as_scalar() else {
                self.wrong_shape(
                    None,
                    k,
                    format!("a key must be a plain string, found {}", k.kind_name()),
                );
                continue;
            };
            let form = key_form(kname);
            let Some((key, en, zh)) = lookup(&form) else {
                let read_as = match UnclaimedKind::of(kname) {
                    UnclaimedKind::Scope => "its text is read as business scope",
                    UnclaimedKind::Name => "its text is read as a name",
                    UnclaimedKind::Other => "only its text is searched for prohibited business",
                };
                self.unknown_key(k, || match closest(kname, all_keys()) {
                    Some(s) => {
                        format!("unknown key `{kname}`; did you mean `{s}`? ({read_as})")
                    }
                    None => format!("unknown key `{kname}`; {read_as}"),
                });
                self.unclaimed(kname, k);
                self.unclaimed(kname, v);
                continue;
            };
            self.note_normalized(k, kname, &form, (en, zh), Some(en));
            if let Some((_, first, first_name)) = seen.iter().find(|(s, _, _)| *s == key) {
                let (line, col) = self.file.lines.line_col(&self.file.src, first.start);
                let msg = format!(
                    "`{kname}` repeats the field already given as `{first_name}` at line {line}, column {col} (`{en}` and `{zh}` are the same field)"
                );
                self.issue(&DUPLICATE_FIELD, Some(en), k.span.clone(), msg);
                self.unclaimed(kname, v);
                continue;
            }
            seen.push((key, k.span.clone(), kname));
            self.field(key, en, v);
        }
        if let Some(span) = self.first_unlisted.take() {
            let more = self.unknown_keys - MAX_UNKNOWN_KEYS_LISTED;
            self.issue(
                &UNKNOWN_KEY,
                None,
                span,
                format!("{more} more unknown keys from here on are not listed one by one; their text is still searched for prohibited business"),
            );
        }
        if self.filing.name.is_none() && !self.filing.issues.iter().any(|i| i.field == Some("name"))
        {
            let span = entries
                .first()
                .map_or(self.filing.span.clone(), |(k, _)| k.span.clone());
            self.issue(
                &MISSING_NAME,
                Some("name"),
                span,
                "filing has no `name` (`企业名称`)".into(),
            );
        }
        // No business scope at all: nothing the scope rules could read, so
        // the filing cannot be called clean (an empty one is NL0605's).
        if self.filing.scope_span.is_none()
            && !self
                .filing
                .issues
                .iter()
                .any(|i| i.field == Some("business_scope"))
        {
            let span = entries
                .iter()
                .find(|(k, _)| {
                    k.as_scalar().is_some_and(|k| {
                        matches!(key_form(k).as_ref(), "business_scope" | "经营范围")
                    })
                })
                .or(entries.first())
                .map_or(self.filing.span.clone(), |(k, _)| k.span.clone());
            self.issue(
                &MISSING_SCOPE,
                Some("business_scope"),
                span,
                "filing has no business scope (`business_scope` / `经营范围`): the scope rules have nothing to read, and an unread scope is not a clean one".into(),
            );
        }
        if self.filing.region.is_none()
            && let Some(u) = &self.filing.uscc
            && let Some(r) = &u.value.region
        {
            let start = u.span.start + self.file.src[u.span.clone()].find(r.as_str()).unwrap_or(0);
            self.filing.region = Some(Located {
                value: r.clone(),
                span: start..start + r.len(),
            });
        }
        self.filing
    }

    /// A value of the wrong shape: reported, and its text still searched.
    fn wrong_shape(&mut self, field: Option<&'static str>, node: &Node, message: String) {
        self.issue(&WRONG_SHAPE, field, node.span.clone(), message);
        self.unclaimed(field.unwrap_or("(key)"), node);
    }

    /// Every scalar under `node` (keys too), as text the prohibited rules
    /// search; `label` says where it stands.
    fn unclaimed(&mut self, label: &str, node: &Node) {
        self.unclaimed_as(label, None, node)
    }

    /// Like `unclaimed`, read as `kind` when given (else as its label says).
    fn unclaimed_as(&mut self, label: &str, kind: Option<UnclaimedKind>, node: &Node) {
        match &node.kind {
            NodeKind::Scalar { value, .. } => {
                if value.trim().is_empty() {
                    return;
                }
                let Some(text) = SourceText::of_scalar(&self.file.src, node) else {
                    self.issue(&INVALID_VALUE, None, node.span.clone(), format!("could not locate the characters of a value under `{label}` in the file; it is not checked (please report this)"));
                    return;
                };
                let parsed = parse_scope(&text.value);
                self.filing.unclaimed.push(Unclaimed {
                    kind: kind.unwrap_or_else(|| UnclaimedKind::of(label)),
                    label: label.to_string(),
                    text,
                    items: parsed.items,
                    boilerplate: parsed.boilerplate,
                });
            }
            NodeKind::Sequence(items) => {
                items.iter().for_each(|i| self.unclaimed_as(label, kind, i))
            }
            NodeKind::Mapping(entries) => {
                for (k, v) in entries {
                    self.unclaimed_as(label, kind, k);
                    let sub = match k.as_scalar() {
                        Some(name) => format!("{label}.{name}"),
                        None => label.to_string(),
                    };
                    self.unclaimed_as(&sub, kind, v);
                }
            }
        }
    }

    fn text(&mut self, field: &'static str, node: &Node) -> Option<Located<SourceText>> {
        match &node.kind {
            NodeKind::Scalar { .. } => match SourceText::of_scalar(&self.file.src, node) {
                Some(t) => Some(Located {
                    value: t,
                    span: node.span.clone(),
                }),
                None => {
                    self.issue(&INVALID_VALUE, Some(field), node.span.clone(), format!("could not locate the characters of `{field}` in the file; the value is not checked (please report this)"));
                    None
                }
            },
            _ => {
                self.wrong_shape(
                    Some(field),
                    node,
                    format!("`{field}` must be a string, found {}", node.kind_name()),
                );
                None
            }
        }
    }

    fn string(&mut self, field: &'static str, node: &Node) -> Option<Located<String>> {
        match node.as_scalar() {
            Some(s) => Some(Located {
                value: s.trim().to_string(),
                span: node.span.clone(),
            }),
            None => {
                self.wrong_shape(
                    Some(field),
                    node,
                    format!("`{field}` must be a string, found {}", node.kind_name()),
                );
                None
            }
        }
    }

    fn date(&mut self, field: &'static str, node: &Node) -> Option<Located<Date>> {
        let s = self.string(field, node)?;
        match parse_date(&s.value) {
            Ok(d) => Some(Located {
                value: d,
                span: s.span,
            }),
            Err(e) => {
                let why = match e {
                    DateError::Form => "is not a date in the form `2021-10-12` or `2021年10月12日`",
                    DateError::NoSuchDay => "is not a day that exists",
                };
                self.issue(
                    &INVALID_DATE,
                    Some(field),
                    s.span,
                    format!("`{field}` value `{}` {why}", s.value),
                );
                None
            }
        }
    }

    fn number(&mut self, field: &'static str, node: &Node) -> Option<Located<f64>> {
        let s = self.string(field, node)?;
        match s.value.replace(['_', ','], "").parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Some(Located {
                value: n,
                span: s.span,
            }),
            _ => {
                self.issue(
                    &INVALID_VALUE,
                    Some(field),
                    s.span,
                    format!("`{field}` value `{}` is not a non-negative number", s.value),
                );
                None
            }
        }
    }

    fn field(&mut self, key: Key, en: &'static str, v: &Node) {
        match key {
            Key::Name => {
                self.filing.name = self.text(en, v);
                if let Some(n) = &self.filing.name
                    && n.value.value.trim().is_empty()
                {
                    let span = n.span.clone();
                    self.filing.name = None;
                    self.issue(&MISSING_NAME, Some("name"), span, "`name` is empty".into());
                }
            }
            Key::Uscc => {
                if let Some(s) = self.string(en, v) {
                    self.filing.uscc = Some(Located {
                        value: parse_uscc(&s.value),
                        span: s.span,
                    });
                }
            }
            Key::EntityType => self.filing.entity_type = self.text(en, v),
            Key::Capital => {
                if let Some(s) = self.string(en, v) {
                    match parse_money(&s.value) {
                        Ok(m) => {
                            self.filing.registered_capital = Some(Located {
                                value: m,
                                span: s.span,
                            })
                        }
                        Err(e) => self.issue(
                            &INVALID_VALUE,
                            Some(en),
                            s.span,
                            messages::capital(en, &s.value, &e),
                        ),
                    }
                }
            }
            Key::Established => self.filing.established_on = self.date(en, v),
            Key::Filed => self.filing.filed_on = self.date(en, v),
            Key::Region => {
                if let Some(s) = self.string(en, v) {
                    if s.value.len() == 6 && s.value.bytes().all(|b| b.is_ascii_digit()) {
                        self.filing.region = Some(s);
                    } else {
                        self.issue(
                            &INVALID_VALUE,
                            Some(en),
                            s.span,
                            format!("region `{}` is not a six-digit GB/T 2260 code", s.value),
                        );
                    }
                }
            }
            Key::Address => self.filing.address = self.text(en, v),
            Key::FilingType => {
                if let Some(s) = self.string(en, v) {
                    match filing_type(&s.value) {
                        Some(t) => {
                            self.filing.filing_type = Some(Located {
                                value: t.to_string(),
                                span: s.span,
                            })
                        }
                        None => self.issue(
                            &INVALID_VALUE,
                            Some(en),
                            s.span,
                            format!(
                                "filing type `{}` is not one of 设立 (establishment), 变更 (change), 注销 (deregistration), 年报 (annual report)",
                                s.value
                            ),
                        ),
                    }
                }
            }
            Key::Industry => {
                if let Some(s) = self.string(en, v) {
                    if is_industry_code(&s.value) {
                        self.filing.industry = Some(s);
                    } else {
                        // Free text is no code: reported, and read by the
                        // prohibited rules like any text no field claims.
                        self.issue(
                            &INVALID_VALUE,
                            Some(en),
                            s.span,
                            format!(
                                "industry `{}` is not a GB/T 4754-2017 code such as `I6450` (a section letter A–T and up to four digits)",
                                s.value
                            ),
                        );
                        self.unclaimed(en, v);
                    }
                }
            }
            Key::Scope | Key::LicensedScope | Key::GeneralScope => {
                let section = match key {
                    Key::LicensedScope => Some(Section::Licensed),
                    Key::GeneralScope => Some(Section::General),
                    _ => None,
                };
                // A YAML or JSON null is no scope at all (see `read`).
                if is_null(v) {
                    return;
                }
                self.filing.scope_span.get_or_insert(v.span.clone());
                match &v.kind {
                    NodeKind::Scalar { .. } => self.scope_text(v, section),
                    NodeKind::Sequence(items) => {
                        for item in items {
                            if item.as_scalar().is_some() {
                                self.scope_text(item, section);
                            } else {
                                self.wrong_shape(
                                    Some(en),
                                    item,
                                    format!(
                                        "each business-scope item must be a string, found {}",
                                        item.kind_name()
                                    ),
                                );
                            }
                        }
                    }
                    NodeKind::Mapping(_) => self.wrong_shape(
                        Some(en),
                        v,
                        "`business_scope` must be a string or a list of strings, found a mapping"
                            .into(),
                    ),
                }
            }
            Key::Record(i) => self.record(i, en, v),
            Key::Licenses => match &v.kind {
                NodeKind::Sequence(items) => {
                    for item in items {
                        self.license(item);
                    }
                }
                NodeKind::Scalar { value, .. } if value.is_empty() => {}
                _ => self.wrong_shape(
                    Some(en),
                    v,
                    format!(
                        "`licenses` must be a list of mappings, found {}",
                        v.kind_name()
                    ),
                ),
            },
            Key::Energy => match &v.kind {
                NodeKind::Mapping(entries) => {
                    let mut seen: Vec<(usize, &Node)> = vec![];
                    for (k, val) in entries {
                        let Some(at) = self.sub_key(k, val, "energy", ENERGY_KEYS, &mut seen)
                        else {
                            continue;
                        };
                        let name = ["energy.daily_kwh", "energy.annual_tce"][at];
                        let new = self.number(name, val);
                        // Given twice (an error, reported): keep the larger
                        // figure, the one the risk rules would flag.
                        let slot = if at == 0 {
                            &mut self.filing.daily_kwh
                        } else {
                            &mut self.filing.annual_tce
                        };
                        *slot = match (slot.take(), new) {
                            (Some(a), Some(b)) => Some(if a.value >= b.value { a } else { b }),
                            (a, b) => a.or(b),
                        };
                    }
                }
                _ => self.wrong_shape(
                    Some(en),
                    v,
                    format!(
                        "`energy` must be a mapping with `daily_kwh` / `annual_tce`, found {}",
                        v.kind_name()
                    ),
                ),
            },
        }
    }

    /// A field of the licence or the registration form: read for its type
    /// (the value is not kept: no rule reads it); free text is still
    /// searched by the prohibited rules, as text under any key is.
    fn record(&mut self, i: usize, en: &'static str, v: &Node) {
        use record::Kind;
        let (_, _, _, kind, _) = record::RECORD_KEYS[i];
        if is_null(v) {
            return;
        }
        let checked = match kind {
            Kind::Text => {
                if self.string(en, v).is_some() {
                    self.unclaimed_as(en, Some(UnclaimedKind::Other), v);
                }
                return;
            }
            Kind::Any => {
                self.unclaimed_as(en, Some(UnclaimedKind::Other), v);
                return;
            }
            Kind::Date => {
                self.date(en, v);
                return;
            }
            Kind::Money => {
                if let Some(s) = self.string(en, v)
                    && let Err(e) = parse_money(&s.value)
                {
                    self.issue(
                        &INVALID_VALUE,
                        Some(en),
                        s.span,
                        messages::capital(en, &s.value, &e),
                    );
                }
                return;
            }
            Kind::Period => self.string(en, v).map(|s| (record::period(&s.value), s)),
            Kind::DateOrOpen => self
                .string(en, v)
                .map(|s| (record::date_or_open(&s.value).map(|_| ()), s)),
            Kind::Count => self
                .string(en, v)
                .map(|s| (record::count(&s.value).map(|_| ()), s)),
        };
        if let Some((Err(e), s)) = checked {
            let code = match e {
                record::RecordError::Count => &INVALID_VALUE,
                _ => &INVALID_DATE,
            };
            self.issue(code, Some(en), s.span, messages::record(en, &s.value, &e));
        }
    }

    /// Which of `keys` a licence or energy key is (after `key_form`), or
    /// None after reporting it: unknown (its text still searched), or a
    /// field already given under its other name (NL0002).
    fn sub_key<'n>(
        &mut self,
        k: &'n Node,
        v: &Node,
        parent: &str,
        keys: &[(&'static str, &'static str)],
        seen: &mut Vec<(usize, &'n Node)>,
    ) -> Option<usize> {
        let kname = k.as_scalar().unwrap_or("");
        let form = key_form(kname);
        let Some(at) = keys.iter().position(|(e, z)| *e == form || *z == form) else {
            self.unknown_sub_key(k, kname, keys);
            self.unclaimed(&format!("{parent}.{kname}"), v);
            return None;
        };
        let (en, zh) = keys[at];
        self.note_normalized(k, kname, &form, (en, zh), None);
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == at) {
            let (line, col) = self.file.lines.line_col(&self.file.src, first.span.start);
            let first_name = first.as_scalar().unwrap_or("");
            self.issue(
                &DUPLICATE_FIELD,
                None,
                k.span.clone(),
                format!("`{kname}` repeats `{first_name}` given at line {line}, column {col} (`{en}` and `{zh}` are the same field of `{parent}`)"),
            );
            seen.push((at, k));
            return Some(at).filter(|_| parent == "energy");
        }
        seen.push((at, k));
        Some(at)
    }

    fn unknown_sub_key(&mut self, k: &Node, kname: &str, keys: &[(&'static str, &'static str)]) {
        self.unknown_key(k, || {
            match closest(kname, keys.iter().flat_map(|(e, z)| [*e, *z])) {
                Some(s) => format!("unknown key `{kname}`; did you mean `{s}`?"),
                None => format!(
                    "unknown key `{kname}`; expected one of {}",
                    keys.iter()
                        .map(|(e, z)| format!("`{e}`/`{z}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        });
    }

    /// A key read only after `key_form` (an NL0011 note naming the key it
    /// was read as); nothing when it was written as the format spells it.
    fn note_normalized(
        &mut self,
        k: &Node,
        kname: &str,
        form: &str,
        (en, zh): (&'static str, &'static str),
        field: Option<&'static str>,
    ) {
        // (Full-width brackets and marks are how forms print keys,
        // `国别（地区）`: no note for them alone.)
        let marks_only = || -> String {
            kname
                .chars()
                .map(|c| match c as u32 {
                    0xFF01..=0xFF5E if !c.is_alphanumeric() => {
                        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                    }
                    _ => c,
                })
                .collect()
        };
        if form != kname && form != marks_only() {
            // (An alias such as 名称 is read as itself.)
            let canonical = if form == en {
                en
            } else if form == zh {
                zh
            } else {
                form
            };
            self.issue(
                &NORMALIZED_KEY,
                field,
                k.span.clone(),
                format!("key `{kname}` was read as `{canonical}`"),
            );
        }
    }

    /// An unknown key: listed (with `message`) while few, then only counted.
    fn unknown_key(&mut self, k: &Node, message: impl FnOnce() -> String) {
        self.unknown_keys += 1;
        if self.unknown_keys <= MAX_UNKNOWN_KEYS_LISTED {
            self.issue(&UNKNOWN_KEY, None, k.span.clone(), message());
        } else if self.first_unlisted.is_none() {
            self.first_unlisted = Some(k.span.clone());
        }
    }

    /// One scope text; `section` is the section its key declares (items
    /// under no header of their own take it).
    fn scope_text(&mut self, node: &Node, section: Option<Section>) {
        let Some(t) = self.text("business_scope", node) else {
            return;
        };
        let idx = self.filing.scope_texts.len();
        let parsed = parse_scope(&t.value.value);
        for at in parsed.unclosed {
            let len = t.value.value[at..].chars().next().map_or(0, char::len_utf8);
            let span = t.value.file_range(at..at + len);
            self.issue(
                &UNCLOSED_BRACKET,
                Some("business_scope"),
                span,
                "this bracket is never closed; it was taken to end at the next `；` or `。`".into(),
            );
        }
        self.filing
            .boilerplate
            .extend(parsed.boilerplate.into_iter().map(|r| (idx, r)));
        self.filing.scope.reserve(parsed.items.len());
        for item in parsed.items {
            // (A key that names the section, `licensed_business_scope`,
            // says it as plainly as a catalogue header.)
            let (section, catalogue_section) = match (item.section, section) {
                (Section::Unsectioned, Some(s)) => (s, true),
                (s, _) => (s, item.catalogue_section),
            };
            self.filing.scope.push(PlacedItem {
                text: idx,
                range: item.range,
                section,
                catalogue_section,
                conditions: item.conditions,
                negations: item.negations,
                joined_next: item.joined_next,
            });
        }
        self.filing.scope_texts.push(t.value);
    }

    fn license(&mut self, node: &Node) {
        let NodeKind::Mapping(entries) = &node.kind else {
            self.wrong_shape(Some("licenses"), node, format!("a licence must be a mapping with `type`, `number`, `issued_by`, `valid_until`, found {}", node.kind_name()));
            return;
        };
        let mut lic = License {
            span: node.span.clone(),
            ..License::default()
        };
        let mut seen: Vec<(usize, &Node)> = vec![];
        let issues = self.filing.issues.len();
        for (k, v) in entries {
            match self.sub_key(k, v, "licenses", LICENSE_KEYS, &mut seen) {
                Some(0) => lic.kind = self.text("licenses.type", v),
                Some(1) => lic.number = self.string("licenses.number", v),
                Some(2) => lic.issued_by = self.string("licenses.issued_by", v),
                Some(_) => lic.valid_until = self.date("licenses.valid_until", v),
                None => {}
            }
        }
        // A licence that gives a field twice is ambiguous: it is reported
        // (NL0002) and does not count as a licence.
        if self.filing.issues[issues..]
            .iter()
            .any(|i| std::ptr::eq(i.code, &DUPLICATE_FIELD))
        {
            return;
        }
        self.filing.licenses.push(lic);
    }
}

/// The Chinese key of a filing-format field (`business_scope` → `经营范围`),
/// for reports that name the field to a Chinese reader. A path under a
/// field (`licenses[0].type`) is named by its top key; None for a key the
/// format does not define.
pub fn chinese_key(field: &str) -> Option<&'static str> {
    let top = field.split(['.', '[']).next().unwrap_or(field);
    KEYS.iter().find(|k| k.1 == top).map(|k| k.2)
}
