//! The rule language's syntax tree. Every node that a diagnostic may point
//! at keeps its byte span in the rule file.

pub use crate::rule::{
    CodeField, CompareField, CompareOp, ItemClass, ItemSection, PresenceField, PresenceOp,
    TextField, UsccFact,
};
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct RuleFile {
    pub sources: Vec<SourceDecl>,
    pub terms: Vec<TermsDecl>,
    pub rules: Vec<RuleDecl>,
}

/// A legal instrument, declared once and cited by rules.
#[derive(Debug, Clone)]
pub struct SourceDecl {
    pub id: Spanned<String>,
    /// (key, value) as written; validated by the checker.
    pub props: Vec<(Spanned<String>, Spanned<PropValue>)>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub enum PropValue {
    Str(String),
    Date(String),
}

#[derive(Debug, Clone)]
pub struct TermsDecl {
    pub id: Spanned<String>,
    pub terms: Vec<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct RuleDecl {
    pub code: Spanned<String>,
    pub name: Spanned<String>,
    pub span: Range<usize>,
    pub title: Option<Spanned<String>>,
    pub title_en: Option<Spanned<String>>,
    pub category: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub basis: Vec<Basis>,
    pub effective: Option<Spanned<Interval>>,
    pub when: Option<Spanned<Expr>>,
    pub message: Option<Spanned<String>>,
    pub help: Option<Spanned<String>>,
    pub help_en: Option<Spanned<String>>,
    /// `report once` / `report each`.
    pub report: Option<Spanned<String>>,
    /// `default on` / `default off`.
    pub default: Option<Spanned<String>>,
    pub examples: Vec<Example>,
    /// Properties given twice (the checker reports them).
    pub repeated: Vec<Spanned<String>>,
}

/// `effective FROM .. UNTIL`, either end optional.
pub type Interval = (Option<Spanned<String>>, Option<Spanned<String>>);

#[derive(Debug, Clone)]
pub struct Basis {
    pub source: Spanned<String>,
    pub item: Option<Spanned<String>>,
    /// The cited item's own words.
    pub quote: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub deny: bool,
    /// The YAML flow mapping, braces included.
    pub yaml: Spanned<String>,
}

#[derive(Debug, Clone)]
pub enum Expr {
    Or(Vec<Spanned<Expr>>),
    And(Vec<Spanned<Expr>>),
    Not(Box<Spanned<Expr>>),
    Text {
        field: TextField,
        /// Every group must match; a group matches if any of its sets does.
        all_of: Vec<Vec<Spanned<TermRef>>>,
        /// Hits lying inside one of these phrases are dropped.
        except: Vec<Spanned<TermRef>>,
        /// The same: hits lying inside one of these phrases are dropped.
        unless: Vec<Spanned<TermRef>>,
        /// Only hits a negation construction governs count.
        negated: bool,
    },
    Code {
        field: CodeField,
        patterns: Vec<Spanned<String>>,
    },
    Compare {
        field: CompareField,
        op: CompareOp,
        value: Spanned<CompareValue>,
    },
    Uscc(UsccFact),
    Presence {
        op: PresenceOp,
        field: PresenceField,
    },
    Item {
        class: ItemClass,
        section: Option<ItemSection>,
        unapproved: bool,
        mentions: bool,
    },
}

/// A closed set of keywords of the grammar, one variant each. `keyword` is
/// an exhaustive match, so a variant cannot lack its keyword; the parser
/// reads a keyword with `from_keyword`, and one the grammar accepts but no
/// variant has is an internal error at its place, never a default. (A unit
/// test holds `ALL` to the alternatives of the grammar rule.)
pub trait Keyword: Copy + PartialEq + std::fmt::Debug + 'static {
    /// What the keywords name, for diagnostics ("text field").
    const WHAT: &'static str;
    /// Every variant.
    const ALL: &'static [Self];
    fn keyword(self) -> &'static str;
    fn from_keyword(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.keyword() == s)
    }
}

impl Keyword for PresenceField {
    const WHAT: &'static str = "filing field";
    const ALL: &'static [Self] = &[
        PresenceField::Name,
        PresenceField::Uscc,
        PresenceField::EntityType,
        PresenceField::RegisteredCapital,
        PresenceField::EstablishedOn,
        PresenceField::FiledOn,
        PresenceField::Region,
        PresenceField::Address,
        PresenceField::Industry,
        PresenceField::BusinessScope,
        PresenceField::Licenses,
        PresenceField::Energy,
    ];
    fn keyword(self) -> &'static str {
        match self {
            PresenceField::Name => "name",
            PresenceField::Uscc => "uscc",
            PresenceField::EntityType => "entity_type",
            PresenceField::RegisteredCapital => "registered_capital",
            PresenceField::EstablishedOn => "established_on",
            PresenceField::FiledOn => "filed_on",
            PresenceField::Region => "region",
            PresenceField::Address => "address",
            PresenceField::Industry => "industry",
            PresenceField::BusinessScope => "business_scope",
            PresenceField::Licenses => "licenses",
            PresenceField::Energy => "energy",
        }
    }
}

impl Keyword for PresenceOp {
    const WHAT: &'static str = "presence test";
    const ALL: &'static [Self] = &[PresenceOp::Missing, PresenceOp::Present, PresenceOp::Empty];
    fn keyword(self) -> &'static str {
        match self {
            PresenceOp::Missing => "missing",
            PresenceOp::Present => "present",
            PresenceOp::Empty => "empty",
        }
    }
}

/// The keyword, as rule files and reports spell it.
impl TextField {
    pub fn as_str(self) -> &'static str {
        self.keyword()
    }
}

impl Keyword for TextField {
    const WHAT: &'static str = "text field";
    const ALL: &'static [Self] = &[
        TextField::Name,
        TextField::Scope,
        TextField::LicensedScope,
        TextField::Address,
        TextField::EntityType,
        TextField::LicenseType,
        TextField::Text,
    ];
    fn keyword(self) -> &'static str {
        match self {
            TextField::Name => "name",
            TextField::Scope => "scope",
            TextField::LicensedScope => "licensed_scope",
            TextField::Address => "address",
            TextField::EntityType => "entity_type",
            TextField::LicenseType => "license_type",
            TextField::Text => "text",
        }
    }
}

#[derive(Debug, Clone)]
pub enum TermRef {
    Named(String),
    Inline(Vec<Spanned<String>>),
}

impl Keyword for CodeField {
    const WHAT: &'static str = "code field";
    const ALL: &'static [Self] = &[
        CodeField::Industry,
        CodeField::Region,
        CodeField::UsccKind,
        CodeField::FilingType,
    ];
    fn keyword(self) -> &'static str {
        match self {
            CodeField::Industry => "industry",
            CodeField::Region => "region",
            CodeField::UsccKind => "uscc_kind",
            CodeField::FilingType => "filing_type",
        }
    }
}

impl Keyword for CompareField {
    const WHAT: &'static str = "numeric or date field";
    const ALL: &'static [Self] = &[
        CompareField::DailyKwh,
        CompareField::AnnualTce,
        CompareField::Capital,
        CompareField::EstablishedOn,
        CompareField::FiledOn,
    ];
    fn keyword(self) -> &'static str {
        match self {
            CompareField::DailyKwh => "energy.daily_kwh",
            CompareField::AnnualTce => "energy.annual_tce",
            CompareField::Capital => "capital",
            CompareField::EstablishedOn => "established_on",
            CompareField::FiledOn => "filed_on",
        }
    }
}

impl Keyword for CompareOp {
    const WHAT: &'static str = "comparison";
    const ALL: &'static [Self] = &[
        CompareOp::Lt,
        CompareOp::Le,
        CompareOp::Gt,
        CompareOp::Ge,
        CompareOp::Eq,
        CompareOp::Ne,
    ];
    fn keyword(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
        }
    }
}

#[derive(Debug, Clone)]
pub enum CompareValue {
    Number(f64),
    /// Checked later (an impossible date is a checker error).
    Date(String),
    /// Another field of the filing (`established_on > filed_on`).
    Field(CompareField),
}

impl Keyword for ItemClass {
    const WHAT: &'static str = "catalogue class";
    const ALL: &'static [Self] = &[
        ItemClass::Prior,
        ItemClass::Licensed,
        ItemClass::Filing,
        ItemClass::General,
        ItemClass::Nonstandard,
    ];
    fn keyword(self) -> &'static str {
        match self {
            ItemClass::Prior => "prior",
            ItemClass::Licensed => "licensed",
            ItemClass::Filing => "filing",
            ItemClass::General => "general",
            ItemClass::Nonstandard => "nonstandard",
        }
    }
}

impl Keyword for ItemSection {
    const WHAT: &'static str = "scope section";
    const ALL: &'static [Self] = &[ItemSection::General, ItemSection::Licensed];
    fn keyword(self) -> &'static str {
        match self {
            ItemSection::General => "general",
            ItemSection::Licensed => "licensed",
        }
    }
}

impl Keyword for UsccFact {
    const WHAT: &'static str = "USCC fact";
    const ALL: &'static [Self] = &[UsccFact::CheckDigitWrong, UsccFact::Malformed];
    fn keyword(self) -> &'static str {
        match self {
            UsccFact::CheckDigitWrong => "check_digit_wrong",
            UsccFact::Malformed => "malformed",
        }
    }
}
