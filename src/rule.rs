//! The rules as the engine, the reports and the tests see them: the
//! validated [`Catalog`] of [`Rule`]s, term sets and sources, and the
//! vocabulary they are written in (categories, severities, fields). The
//! rule language's front end (`dsl`) makes a `Catalog`; everything above it
//! reads one. Below: only `parse::date` and `diagnostic`.

use crate::diagnostic::TextSource;
use crate::parse::date::Date;
use std::ops::Range;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Prohibited,
    LicenseRequired,
    Risk,
    Data,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Prohibited,
        Category::LicenseRequired,
        Category::Risk,
        Category::Data,
    ];

    /// A category by its name (`license-required`), case-insensitively.
    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(name))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Prohibited => "prohibited",
            Category::LicenseRequired => "license-required",
            Category::Risk => "risk",
            Category::Data => "data",
        }
    }
    pub fn default_severity(self) -> Severity {
        match self {
            Category::Risk => Severity::Warning,
            Category::Prohibited | Category::LicenseRequired | Category::Data => Severity::Error,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    /// `error`, `warning` or `note`.
    pub fn parse(name: &str) -> Option<Severity> {
        [Severity::Error, Severity::Warning, Severity::Note]
            .into_iter()
            .find(|s| s.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A legal instrument.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub id: String,
    pub number: String,
    pub title: String,
    pub title_en: Option<String>,
    pub issuer: Option<String>,
    pub signed: Option<Date>,
    pub published: Option<Date>,
    pub effective: Option<Date>,
    pub superseded_on: Option<Date>,
    pub superseded_by: Option<String>,
    /// confirmed | partly-confirmed | unconfirmed
    pub status: String,
    pub url: Option<String>,
    /// The key sentence of the text, quoted.
    pub quote: Option<String>,
    pub note: Option<String>,
}

impl Source {
    /// The first day the instrument applies: its effective date, else its
    /// publication, else its signature.
    pub fn start(&self) -> Option<Date> {
        self.effective.or(self.published).or(self.signed)
    }
    pub fn period(&self) -> Period {
        Period {
            from: self.start(),
            until: self.superseded_on,
        }
    }
    pub fn in_force(&self, d: Date) -> bool {
        self.period().contains(d)
    }
}

/// A span of days: from (inclusive) until (exclusive); open ends unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Period {
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl Period {
    pub fn contains(&self, d: Date) -> bool {
        self.from.is_none_or(|f| f <= d) && self.until.is_none_or(|u| d < u)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.from, self.until) {
            (None, None) => write!(f, "always"),
            (Some(a), None) => write!(f, "{a} .."),
            (None, Some(b)) => write!(f, ".. {b}"),
            (Some(a), Some(b)) => write!(f, "{a} .. {b}"),
        }
    }
}

/// Merges periods that overlap or touch (237号 until 2026-02-06, then 42号
/// from that day, is one unbroken period).
pub(crate) fn merge_periods(mut ps: Vec<Period>) -> Vec<Period> {
    ps.sort_by_key(|p| p.from);
    let mut out: Vec<Period> = vec![];
    for p in ps {
        match out.last_mut() {
            Some(last) if last.until.is_none_or(|u| p.from.is_some_and(|f| f <= u)) => {
                last.until = match (last.until, p.until) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => out.push(p),
        }
    }
    out
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TermSet {
    pub name: String,
    /// Terms as written.
    pub terms: Vec<String>,
}

pub type SetId = usize;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Cond {
    Or(Vec<Cond>),
    And(Vec<Cond>),
    Not(Box<Cond>),
    Text {
        field: TextField,
        /// Every group must be found in the item; a group is found if a
        /// term of any of its sets is.
        all_of: Vec<Vec<SetId>>,
        /// Hits inside a phrase of one of these sets (a longer term at the
        /// same place) do not count.
        except: Vec<SetId>,
        /// The same as `except` (kept for rule files that say `unless`).
        unless: Vec<SetId>,
        /// Only hits a negation construction of the scope governs count.
        negated: bool,
    },
    Code {
        field: CodeField,
        patterns: Vec<String>,
    },
    Number {
        field: CompareField,
        op: CompareOp,
        value: f64,
    },
    Date {
        field: CompareField,
        op: CompareOp,
        value: Date,
    },
    /// Two date fields of the filing compared (`established_on > filed_on`).
    DateFields {
        field: CompareField,
        op: CompareOp,
        other: CompareField,
    },
    Uscc(UsccFact),
    Presence {
        op: PresenceOp,
        field: PresenceField,
    },
    /// Each business-scope item of the catalogue class `class`, listed
    /// under `section` if given, and (`unapproved`) for which the filing
    /// declares none of the licences the entry needs.
    Item {
        class: ItemClass,
        section: Option<ItemSection>,
        unapproved: bool,
        /// A non-standard item holding the words of an entry of `class`.
        mentions: bool,
    },
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Example {
    pub deny: bool,
    pub yaml: String,
    /// Where the example is written (for test-runner diagnostics).
    pub span: Range<usize>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct BasisRef {
    pub source: usize,
    pub item: Option<String>,
    /// The cited item's words, if the rule quotes them.
    pub quote: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub title: String,
    pub title_en: Option<String>,
    pub category: Category,
    pub severity: Severity,
    pub basis: Vec<BasisRef>,
    /// When the rule is in force: the stated `effective` interval, else the
    /// union of its sources' periods (sorted, disjoint).
    pub periods: Vec<Period>,
    /// Whether `periods` was stated with `effective` rather than derived.
    pub stated: bool,
    pub when: Cond,
    /// The condition as written, for `explain`.
    pub when_text: String,
    pub message: String,
    /// How to comply, in Chinese (and in English).
    pub help: Option<String>,
    pub help_en: Option<String>,
    /// One finding a filing (at the first match) rather than one a match.
    pub once: bool,
    /// `default off`: run only where the settings select the rule by its
    /// code or name.
    pub opt_in: bool,
    pub examples: Vec<Example>,
    pub origin: TextSource,
    pub span: Range<usize>,
}

impl Rule {
    pub fn in_force(&self, d: Date) -> bool {
        self.periods.iter().any(|p| p.contains(d))
    }
    /// The first day of the in-force period that holds `d` (None when the
    /// rule is not in force on `d`, or has been since time began).
    pub fn in_force_since(&self, d: Date) -> Option<Date> {
        self.periods
            .iter()
            .find(|p| p.contains(d))
            .and_then(|p| p.from)
    }
    /// The first day the rule applies, if it has one.
    pub fn first_day(&self) -> Option<Date> {
        self.periods.first().and_then(|p| p.from)
    }
    /// The cited sources that apply on `d` (all of them if none does, e.g.
    /// a stated interval beyond the sources' own).
    pub fn basis_on<'a>(&'a self, sources: &[Source], d: Date) -> Vec<&'a BasisRef> {
        let live: Vec<&BasisRef> = self
            .basis
            .iter()
            .filter(|b| sources[b.source].in_force(d))
            .collect();
        if live.is_empty() {
            self.basis.iter().collect()
        } else {
            live
        }
    }
    /// `2021-09-24 ..`, or several periods joined, or `never`.
    pub fn periods_text(&self) -> String {
        if self.periods.is_empty() {
            return "never".into();
        }
        self.periods
            .iter()
            .map(Period::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// All rules, sources and term sets, validated and cross-referenced.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Catalog {
    pub sources: Vec<Source>,
    pub sets: Vec<TermSet>,
    pub rules: Vec<Rule>,
}

impl Catalog {
    /// A rule by code (`NL0101`) or name (`vc-mining-in-scope`), case-insensitively.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(id) || r.name.eq_ignore_ascii_case(id))
    }
}

/// The filing field of `missing FIELD` / `present FIELD` / `empty FIELD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PresenceField {
    Name,
    Uscc,
    EntityType,
    RegisteredCapital,
    EstablishedOn,
    FiledOn,
    Region,
    Address,
    Industry,
    BusinessScope,
    Licenses,
    /// Either energy figure (daily kWh or annual tce).
    Energy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TextField {
    Name,
    Scope,
    LicensedScope,
    Address,
    EntityType,
    LicenseType,
    /// name and scope
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CodeField {
    Industry,
    Region,
    /// The USCC's first two characters: registering department and kind
    /// (91 enterprise, 92 sole trader, 93 cooperative, 53 foundation, …).
    UsccKind,
    /// What the filing is: 设立 (a new company), 变更, 注销 or 年报.
    FilingType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CompareField {
    DailyKwh,
    AnnualTce,
    Capital,
    EstablishedOn,
    FiledOn,
}

impl CompareField {
    pub fn is_date(self) -> bool {
        matches!(self, CompareField::EstablishedOn | CompareField::FiledOn)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CompareOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl CompareOp {
    pub fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            CompareOp::Lt => a < b,
            CompareOp::Le => a <= b,
            CompareOp::Gt => a > b,
            CompareOp::Ge => a >= b,
            CompareOp::Eq => a == b,
            CompareOp::Ne => a != b,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum UsccFact {
    CheckDigitWrong,
    Malformed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PresenceOp {
    Missing,
    Present,
    /// Given, but with nothing in it (a scope with no items).
    Empty,
}

/// What the official catalogue makes of a scope item (see `catalogue`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ItemClass {
    /// 前置: an approval is needed before registration.
    Prior,
    /// 许可 (后置): a licence is needed after registration.
    Licensed,
    /// 备案: a filing with an authority, no licence.
    Filing,
    /// 一般: nothing beyond the business licence.
    General,
    /// No catalogue entry reads as the item.
    Nonstandard,
}

/// The section of a scope an item is listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ItemSection {
    /// 一般项目
    General,
    /// 许可项目
    Licensed,
}
