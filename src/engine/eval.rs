//! Filing + compiled rule set + date → findings. Each text of a filing (the
//! name, each scope item, the address, …) is scanned once; rules then only
//! look at the hits.

use super::compile::RuleSet;
use crate::classify::{ItemMatch, classifier, item_class, item_section, names_licence};
use crate::filing::{Filing, Located, PlacedItem, SourceFile, SourceText, value_range};
use crate::parse::date::Date;
use crate::parse::scope::{Negation, Section};
use crate::parse::uscc::UsccProblem;
use crate::rule::ItemClass;
use crate::rule::PresenceOp;
use crate::rule::SetId;
use crate::rule::{Category, CodeField, CompareField, Cond, Rule, Severity, TextField, UsccFact};
use std::borrow::Cow;
use std::ops::Range;

/// A finding before it is placed in a report: plain data.
#[derive(Debug, Clone)]
pub struct Finding {
    pub document: usize,
    /// Rule code (`NL0101`) or loader code.
    pub rule: String,
    pub rule_name: String,
    pub severity: Severity,
    pub category: Category,
    pub message: String,
    pub field: Option<String>,
    /// Byte range in the file.
    pub range: Range<usize>,
    /// Index of the rule in the catalog (None for loader diagnostics).
    pub rule_index: Option<usize>,
    pub as_of: Date,
    /// Whose finding it is: the filing's USCC as written, else its
    /// registered name (a baseline must tell one company from another).
    pub filing: Option<String>,
    /// Set when the filing was made before the rule came into force: an
    /// existing registration, which the policy (禁止增量，清退存量) requires
    /// to be rectified, not a new one to refuse.
    pub existing: Option<Existing>,
    /// The filing's GB/T 2260 region code (declared, else the USCC's),
    /// for reports that group findings by province.
    pub region: Option<String>,
    /// Set when the words stand under a proven suppression (a negation, a
    /// condition, a standard clause): a prohibited rule still reports them,
    /// as a warning that names the suppression (never as nothing).
    pub suppressed: Option<Suppressed>,
    /// Findings folded into this one because they lie inside its words
    /// (a coin-word finding inside an exchange finding): still part of the
    /// record, reported with it.
    pub related: Vec<Related>,
    /// How to fix this value, when the tool can say it exactly (shown
    /// before the rule's general help): a USCC written in lower case.
    pub hint: Option<String>,
}

/// What kind of structure suppresses a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    /// A negation construction governs the words (不含…, …除外, 不得从事…).
    Negation,
    /// The words are in a bracketed condition (凭…许可证经营, 须经…批准).
    Condition,
    /// The words are in a standard clause (凭营业执照依法自主开展经营活动).
    StandardClause,
}

impl SuppressionKind {
    pub fn zh(self) -> &'static str {
        match self {
            SuppressionKind::Negation => "否定结构",
            SuppressionKind::Condition => "前置条件括注",
            SuppressionKind::StandardClause => "标准条款",
        }
    }
}

/// A proven suppression of a finding's words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Suppressed {
    pub kind: SuppressionKind,
    /// The negation's own words, as written (`不含`, `除…外`'s `除`).
    pub cue: Option<String>,
}

/// A finding folded into another (see `Finding::related`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Byte range in the file, and the words there.
    pub range: Range<usize>,
    pub matched: String,
}

/// The dates that make a finding one about an existing registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Existing {
    /// `filed_on`, else `established_on`: the filing's own date.
    pub field: &'static str,
    pub date: Date,
    /// The day the rule's current in-force period began.
    pub in_force_since: Date,
}

/// One text unit of a filing, with its hits in file byte ranges.
struct Unit {
    field: TextField,
    section: Section,
    hits: Vec<SetHit>,
    /// Text no field claims (its index in `Filing::unclaimed`): only the
    /// prohibited rules that read the business scope look at it.
    unclaimed: Option<usize>,
    /// A standard-clause group of the scope: like unclaimed text, only the
    /// prohibited rules look at it (every hit in it is suppressed).
    boilerplate: bool,
}

/// A term-set hit in a unit, in file bytes.
struct SetHit {
    set: SetId,
    range: Range<usize>,
    /// The proven structure its words stand under, if any: a prohibited
    /// rule reports them lowered to a warning, any other rule leaves them.
    suppressed: Option<Suppression>,
    /// Whether its words run across the edge of what a negation governs.
    /// Such an exemption exempts nothing: 挖矿游戏 read across
    /// 比特币挖矿（游戏币除外） does not make the mining a game.
    touches_negation: bool,
}

#[derive(Debug, Clone)]
struct Suppression {
    kind: SuppressionKind,
    /// The negation's words (file range).
    cue: Option<Range<usize>>,
    /// Whether the structure is complete (a negation in a bracket never
    /// closed is not): an unproven one lowers nothing for a prohibited rule.
    proven: bool,
}

#[derive(Debug, Clone)]
struct Evidence {
    field: Cow<'static, str>,
    range: Range<usize>,
    detail: Option<String>,
    /// How to fix the value, when the tool can say (a USCC in lower case).
    hint: Option<String>,
    /// The catalogue entry of a scope item (for `{entry}`, `{licence}`,
    /// `{measure}` in messages).
    entry: Option<usize>,
    /// Words found by a text predicate or a USCC fact: what the finding is
    /// about. Other evidence (a region, a kWh figure) is context, reported
    /// only when a rule has nothing else to point at.
    primary: bool,
    /// Words found only under a proven suppression.
    suppressed: Option<Suppression>,
}

/// The structure an item's text stands in (value ranges of its text).
#[derive(Default)]
struct Structure<'a> {
    conditions: &'a [Range<usize>],
    negations: &'a [Negation],
    boilerplate: bool,
}

/// Which proven suppression, if any, covers the value range `r`.
fn suppression(text: &SourceText, r: &Range<usize>, st: &Structure) -> Option<Suppression> {
    if st.boilerplate {
        return Some(Suppression {
            kind: SuppressionKind::StandardClause,
            cue: None,
            proven: true,
        });
    }
    // (Conditions are disjoint and in order: a binary search finds the one.)
    let i = st.conditions.partition_point(|c| c.start <= r.start);
    if i > 0 && r.end <= st.conditions[i - 1].end {
        return Some(Suppression {
            kind: SuppressionKind::Condition,
            cue: None,
            proven: true,
        });
    }
    let negated = |cue: Range<usize>, proven: bool| {
        Some(Suppression {
            kind: SuppressionKind::Negation,
            cue: Some(text.file_range(cue)),
            proven,
        })
    };
    // (A proven negation first: an unproven one only where none is.)
    let governing = |n: &&Negation| n.governs.start <= r.start && r.end <= n.governs.end;
    if let Some(n) = st
        .negations
        .iter()
        .filter(governing)
        .max_by_key(|n| n.proven)
    {
        return negated(n.cue.clone(), n.proven);
    }
    // 非 directly before the words negates them (非金融性投资, 非银行).
    if text.value[..r.start].ends_with('非') {
        return negated(r.start - '非'.len_utf8()..r.start, true);
    }
    None
}

/// Scans `within` of a text and maps hit ranges to the file, each with the
/// suppression its words stand under.
fn scan(
    rules: &RuleSet,
    text: &SourceText,
    within: Range<usize>,
    field: TextField,
    section: Section,
    st: &Structure,
) -> Unit {
    let mut hits = vec![];
    for h in rules.scan(&text.value[within.clone()]) {
        let r = within.start + h.range.start..within.start + h.range.end;
        // (非 directly before an exemption negates it: 非央行数字货币.)
        let touches_negation = text.value[..r.start].ends_with('非')
            || st.negations.iter().any(|n| {
                let overlaps = n.governs.start < r.end && r.start < n.governs.end;
                let inside = n.governs.start <= r.start && r.end <= n.governs.end;
                overlaps && !inside
            });
        hits.push(SetHit {
            set: h.set,
            suppressed: suppression(text, &r, st),
            range: text.file_range(r),
            touches_negation,
        });
    }
    Unit {
        field,
        section,
        hits,
        unclaimed: None,
        boilerplate: st.boilerplate,
    }
}

/// A whole text that stands alone (a name, an address, a licence type):
/// its bracketed negations (`有限责任公司（非银行）`) are read like a scope
/// item's.
fn scan_whole(rules: &RuleSet, text: &SourceText, field: TextField) -> Unit {
    // (Only a text with a hit and a bracket needs its structure read:
    // 非 before the words is judged where they are.)
    let negations: Vec<Negation> = if text.value.contains(['（', '(', '［', '[', '【', '〔'])
        && !rules.scan(&text.value).is_empty()
    {
        let parsed = crate::parse::scope::parse_scope(&text.value);
        parsed.items.into_iter().flat_map(|i| i.negations).collect()
    } else {
        vec![]
    };
    scan(
        rules,
        text,
        0..text.value.len(),
        field,
        Section::Unsectioned,
        &Structure {
            negations: &negations,
            ..Structure::default()
        },
    )
}

/// The unit of a run of items joined by soft separators, if its words lie
/// in more than one of them (what lies in one item alone is found, and
/// reported once, by that item).
fn joined_run(rules: &RuleSet, f: &Filing, run: &[crate::filing::PlacedItem]) -> Option<Unit> {
    let (first, last) = (run.first()?, run.last()?);
    let text = &f.scope_texts[first.text];
    let negations: Vec<Negation> = run.iter().flat_map(|i| i.negations.clone()).collect();
    let conditions: Vec<Range<usize>> = run.iter().flat_map(|i| i.conditions.clone()).collect();
    let mut unit = scan(
        rules,
        text,
        first.range.start..last.range.end,
        TextField::Scope,
        first.section,
        &Structure {
            conditions: &conditions,
            negations: &negations,
            boilerplate: false,
        },
    );
    let within = |h: &SetHit| {
        run.iter().any(|i| {
            let r = text.file_range(i.range.clone());
            r.start <= h.range.start && h.range.end <= r.end
        })
    };
    let first_item = |h: &SetHit| {
        run.iter().position(|i| {
            let r = text.file_range(i.range.clone());
            h.range.start < r.end
        })
    };
    // A word across the mark shows the item did not end there: a negation
    // that governs to the end of the item the word starts in governs it.
    for h in unit.hits.iter_mut().filter(|h| h.suppressed.is_none()) {
        if within(h) {
            continue;
        }
        let Some(item) = run
            .iter()
            .find(|i| text.file_range(i.range.clone()).end > h.range.start)
        else {
            continue;
        };
        if let Some(n) = item.negations.iter().find(|n| {
            n.governs.end >= item.range.end
                && text.file_range(n.governs.clone()).start <= h.range.start
        }) {
            h.suppressed = Some(Suppression {
                kind: SuppressionKind::Negation,
                cue: Some(text.file_range(n.cue.clone())),
                proven: n.proven,
            });
        }
    }
    let spread = unit.hits.iter().any(|h| !within(h))
        || unit
            .hits
            .iter()
            .map(first_item)
            .collect::<std::collections::HashSet<_>>()
            .len()
            > 1;
    spread.then_some(unit)
}

/// Whether a declared licence counts as the licence it names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Standing {
    /// It names a licence the rules know, as held, and has not expired.
    Counts,
    /// It names no licence the rules know (食品经营许可证): nothing to count.
    Other,
    /// It names one, but does not count: why.
    NotCounted(String),
}

/// Words of a licence's status or holder: a licence type that says one
/// (未取得金融许可证, 金融许可证（申请中）, （已注销）, 母公司持有…（本公司无）) is
/// not a licence held.
const LICENCE_STATUS: &[&str] = &[
    "未",
    "无",
    "拟",
    "不",
    "非",
    "申请",
    "待",
    "审批中",
    "办理",
    "暂扣",
    "注销",
    "吊销",
    "预计",
    "将于",
    "尚",
    "过期",
    "失效",
    "撤销",
    "撤回",
    "暂停",
    "停业",
    "冻结",
    "母公司",
    "子公司",
    "关联",
    "股东",
    "集团",
];

/// The types of the declared licences held as of `as_of`: no status or
/// holder word (未取得, 申请中, 已注销, 母公司…), not expired. (Whether it
/// is a licence the rules know does not matter here: any approval may be
/// the one a catalogue entry needs.)
fn held_licences(f: &Filing, as_of: Date) -> Vec<&str> {
    f.licenses
        .iter()
        .filter(|l| l.valid_until.as_ref().is_none_or(|u| u.value >= as_of))
        // (An approval is a document with a number: none, a blank, a
        // placeholder or a status in its place is no approval held.)
        .filter(|l| {
            l.number
                .as_ref()
                .is_some_and(|n| is_licence_number(&n.value))
        })
        .filter_map(|l| l.kind.as_ref().map(|k| k.value.value.as_str()))
        .filter(|t| status_word(t).is_none())
        .collect()
}

/// Whether a licence number is one: it has a digit other than zero (every
/// licence and approval number does: 京公保服001, Z2024110000123), no
/// word of a status or a placeholder (`待定`, `申请中`, `1（已注销）`),
/// and is no English placeholder (`N/A`, `TBD`, `none`).
fn is_licence_number(n: &str) -> bool {
    let n = n.trim();
    let has_digit = n.chars().any(|c| matches!(c, '1'..='9' | '１'..='９'));
    has_digit
        && status_word(n).is_none()
        && !["待定", "暂无", "空", "略"].iter().any(|w| n.contains(w))
}

/// The word in a licence's type or number that says it is not held, not
/// yet held or not the filer's (`申请中`, `注销`, `预计`, `NOT`, `pending`),
/// if any: one test for the rules' licences and the catalogue's approvals.
fn status_word(text: &str) -> Option<&'static str> {
    if let Some(w) = LICENCE_STATUS.iter().find(|w| text.contains(**w)) {
        return Some(w);
    }
    let lower = text.to_lowercase();
    ENGLISH_STATUS
        .iter()
        .find(|w| has_english_word(&lower, w))
        .copied()
}

/// English words that say a licence is not held or its number not known.
const ENGLISH_STATUS: &[&str] = &[
    "not",
    "no",
    "none",
    "null",
    "nil",
    "tbd",
    "tba",
    "pending",
    "applied",
    "applying",
    "expected",
    "expired",
    "revoked",
    "cancelled",
    "canceled",
    "suspended",
    "unknown",
];

/// Whether `text` (lower case) holds `word` as a word of its own.
fn has_english_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w == word)
}

/// Each declared licence's standing as of `as_of`.
fn licence_standing(rules: &RuleSet, f: &Filing, as_of: Date) -> Vec<Standing> {
    f.licenses
        .iter()
        .map(|l| {
            let Some(k) = &l.kind else {
                return Standing::Other;
            };
            let text = &k.value.value;
            let named = rules
                .scan(text)
                .iter()
                .any(|h| rules.licence_sets.contains(&h.set));
            // (A number that is none, `N/A`, `待定`, is said for every
            // licence: what a rule or the catalogue asks for does not count.)
            if let Some(n) = &l.number
                && !is_licence_number(&n.value)
            {
                return Standing::NotCounted(format!(
                    "its number “{}” is no licence number: a licence without one does not count",
                    n.value.trim()
                ));
            }
            if !named {
                return Standing::Other;
            }
            if let Some(w) = status_word(text) {
                return Standing::NotCounted(format!(
                    "its type says “{w}”: a licence not held, pending, cancelled or someone else's does not count"
                ));
            }
            if let Some(until) = &l.valid_until
                && until.value < as_of
            {
                return Standing::NotCounted(format!(
                    "it expired on {} (judged as of {as_of})",
                    until.value
                ));
            }
            Standing::Counts
        })
        .collect()
}

fn units(rules: &RuleSet, f: &Filing, licences: &[Standing]) -> Vec<Unit> {
    // (A unit a scope item, and a few for the other fields.)
    let mut out = Vec::with_capacity(f.scope.len() + 8);
    if let Some(n) = &f.name {
        out.push(scan_whole(rules, &n.value, TextField::Name));
    }
    for item in &f.scope {
        out.push(scan(
            rules,
            &f.scope_texts[item.text],
            item.range.clone(),
            TextField::Scope,
            item.section,
            &Structure {
                conditions: &item.conditions,
                negations: &item.negations,
                boilerplate: false,
            },
        ));
    }
    // A term written across marks the matcher reads through (虚拟/货币,
    // 代/币/化, one word broken over two lines): found in the run of items
    // they join, read together.
    let mut i = 0;
    while i < f.scope.len() {
        let mut j = i;
        while f.scope[j].joined_next
            && f.scope
                .get(j + 1)
                .is_some_and(|n| n.text == f.scope[i].text)
        {
            j += 1;
        }
        if j > i {
            out.extend(joined_run(rules, f, &f.scope[i..=j]));
        }
        i = j + 1;
    }
    let clause = Structure {
        boilerplate: true,
        ..Structure::default()
    };
    for (text, range) in &f.boilerplate {
        out.push(scan(
            rules,
            &f.scope_texts[*text],
            range.clone(),
            TextField::Scope,
            Section::Unsectioned,
            &clause,
        ));
    }
    if let Some(a) = &f.address {
        out.push(scan_whole(rules, &a.value, TextField::Address));
    }
    if let Some(e) = &f.entity_type {
        out.push(scan_whole(rules, &e.value, TextField::EntityType));
    }
    for (l, standing) in f.licenses.iter().zip(licences) {
        if let (Some(k), Standing::Counts) = (&l.kind, standing) {
            out.push(scan_whole(rules, &k.value, TextField::LicenseType));
        }
    }
    for (i, u) in f.unclaimed.iter().enumerate() {
        let field = match u.kind {
            crate::filing::UnclaimedKind::Name => TextField::Name,
            _ => TextField::Scope,
        };
        for item in &u.items {
            let mut unit = scan(
                rules,
                &u.text,
                item.range.clone(),
                field,
                Section::Unsectioned,
                &Structure {
                    conditions: &item.conditions,
                    negations: &item.negations,
                    boilerplate: false,
                },
            );
            unit.unclaimed = Some(i);
            out.push(unit);
        }
        for range in &u.boilerplate {
            let mut unit = scan(
                rules,
                &u.text,
                range.clone(),
                TextField::Scope,
                Section::Unsectioned,
                &clause,
            );
            unit.unclaimed = Some(i);
            out.push(unit);
        }
    }
    out
}

fn field_name(f: TextField) -> &'static str {
    match f {
        TextField::Name => "name",
        TextField::Scope | TextField::LicensedScope | TextField::Text => "business_scope",
        TextField::Address => "address",
        TextField::EntityType => "entity_type",
        TextField::LicenseType => "licenses",
    }
}

/// The field a unit's finding names: the filing-format field, or the key
/// path of unclaimed text.
fn unit_field(u: &Unit, f: &Filing) -> Cow<'static, str> {
    match u.unclaimed {
        Some(i) => Cow::Owned(f.unclaimed[i].label.clone()),
        None => Cow::Borrowed(field_name(u.field)),
    }
}

fn unit_selected(want: TextField, u: &Unit, cx: &Ctx) -> bool {
    let scope = matches!(want, TextField::Scope | TextField::Text);
    // Text under an unknown key that says what it is (a scope, a name) is
    // read as that field; other unclaimed text and the standard clauses by
    // the prohibited rules only.
    let other = u
        .unclaimed
        .is_some_and(|i| cx.filing.unclaimed[i].kind == crate::filing::UnclaimedKind::Other);
    if other || u.boilerplate {
        return cx.prohibited && scope;
    }
    match want {
        TextField::Text => matches!(u.field, TextField::Name | TextField::Scope),
        TextField::LicensedScope => u.field == TextField::Scope && u.section == Section::Licensed,
        w => w == u.field,
    }
}

struct Ctx<'a> {
    filing: &'a Filing,
    units: &'a [Unit],
    src: &'a str,
    /// Each scope item's catalogue entry (aligned with `filing.scope`;
    /// empty unless some rule reads them).
    items: &'a [Option<ItemMatch>],
    /// The indices of `items` by what they are (`ItemsByClass`).
    by_class: &'a ItemsByClass,
    /// The scope items and texts `items` is aligned with (`catalogue_scope`).
    scope: &'a [PlacedItem],
    scope_texts: &'a [&'a SourceText],
    /// The types of the declared licences that are held: not pending,
    /// cancelled or someone else's, not expired.
    held: &'a [&'a str],
    /// Whether the rule evaluated is a prohibition: it reads unclaimed
    /// text and standard clauses, and words under a proven suppression
    /// still count for it (reported lowered). Other rules leave suppressed
    /// words out: conditions and standard clauses name licences and
    /// authorities (以《保险兼业代理业务许可证》为准), negations exclude.
    prohibited: bool,
}

/// The scope items by what the catalogue makes of them, so that a rule
/// about one class of entries reads only those: for each class, the
/// indices of the items that begin an entry of it, in order; then the
/// items that are no entry.
#[derive(Default)]
struct ItemsByClass {
    order: Vec<usize>,
    /// Where each class's indices begin in `order` (`slot`), and the end.
    starts: [usize; 6],
}

impl ItemsByClass {
    fn slot(class: ItemClass) -> usize {
        match class {
            ItemClass::Prior => 0,
            ItemClass::Licensed => 1,
            ItemClass::Filing => 2,
            ItemClass::General => 3,
            ItemClass::Nonstandard => 4,
        }
    }

    /// The class an item's match puts it in, if it begins one.
    fn of(k: usize, found: &Option<ItemMatch>) -> Option<ItemClass> {
        match found {
            None => Some(ItemClass::Nonstandard),
            Some(m) if m.items.0 == k => Some(item_class(classifier().class(m.entry))),
            // (An entry written across items is read at its first.)
            Some(_) => None,
        }
    }

    fn new(items: &[Option<ItemMatch>]) -> Self {
        let mut counts = [0usize; 5];
        for (k, found) in items.iter().enumerate() {
            if let Some(c) = Self::of(k, found) {
                counts[Self::slot(c)] += 1;
            }
        }
        let mut starts = [0usize; 6];
        for i in 0..5 {
            starts[i + 1] = starts[i] + counts[i];
        }
        let mut next = starts;
        let mut order = vec![0; starts[5]];
        for (k, found) in items.iter().enumerate() {
            if let Some(c) = Self::of(k, found) {
                let slot = Self::slot(c);
                order[next[slot]] = k;
                next[slot] += 1;
            }
        }
        ItemsByClass { order, starts }
    }

    /// The items that begin an entry of `class` (`Nonstandard`: the items
    /// that are no entry).
    fn get(&self, class: ItemClass) -> &[usize] {
        let slot = Self::slot(class);
        &self.order[self.starts[slot]..self.starts[slot + 1]]
    }
}

fn located<T>(field: &'static str, l: &Located<T>, src: &str) -> Evidence {
    Evidence {
        entry: None,
        field: Cow::Borrowed(field),
        range: value_range(&l.span, src),
        detail: None,
        hint: None,
        primary: false,
        suppressed: None,
    }
}

/// A date field of the filing, with its output name.
fn date_field(f: &Filing, field: CompareField) -> Option<(&'static str, &Located<Date>)> {
    match field {
        CompareField::EstablishedOn => f.established_on.as_ref().map(|d| ("established_on", d)),
        _ => f.filed_on.as_ref().map(|d| ("filed_on", d)),
    }
}

fn eval(c: &Cond, cx: &Ctx) -> Option<Vec<Evidence>> {
    match c {
        Cond::Or(v) => {
            let mut any = false;
            let mut ev = vec![];
            for x in v {
                if let Some(e) = eval(x, cx) {
                    any = true;
                    ev.extend(e);
                }
            }
            any.then_some(ev)
        }
        Cond::And(v) => {
            let mut ev = vec![];
            for x in v {
                ev.extend(eval(x, cx)?);
            }
            Some(ev)
        }
        // Words found only under a suppression do not make `x` hold.
        Cond::Not(x) => match eval(x, cx) {
            Some(e) if e.is_empty() || e.iter().any(|e| e.suppressed.is_none()) => None,
            _ => Some(vec![]),
        },
        Cond::Text {
            field,
            all_of,
            except,
            unless,
            negated,
        } => {
            let mut ev = vec![];
            for u in cx.units.iter().filter(|u| unit_selected(*field, u, cx)) {
                // (Most items hit no term at all: nothing to look at.)
                if u.hits.is_empty() {
                    continue;
                }
                text_evidence(u, all_of, except, unless, *negated, cx, &mut ev);
            }
            (!ev.is_empty()).then_some(ev)
        }
        Cond::Code { field, patterns } => {
            let kind;
            let (name, v) = match field {
                CodeField::Industry => ("industry", cx.filing.industry.as_ref()?),
                CodeField::Region => ("region", cx.filing.region.as_ref()?),
                CodeField::FilingType => ("filing_type", cx.filing.filing_type.as_ref()?),
                CodeField::UsccKind => {
                    let u = cx.filing.uscc.as_ref()?;
                    kind = Located {
                        value: u.value.kind.clone()?,
                        span: u.span.clone(),
                    };
                    ("uscc", &kind)
                }
            };
            let hit = patterns.iter().any(|p| match p.strip_suffix('*') {
                Some(prefix) => v.value.starts_with(prefix),
                None => v.value == *p,
            });
            hit.then(|| vec![located(name, v, cx.src)])
        }
        Cond::Number { field, op, value } => {
            let f = cx.filing;
            let (name, l) = match field {
                CompareField::DailyKwh => (
                    "energy",
                    f.daily_kwh.as_ref().map(|l| (l.value, l.span.clone()))?,
                ),
                CompareField::AnnualTce => (
                    "energy",
                    f.annual_tce.as_ref().map(|l| (l.value, l.span.clone()))?,
                ),
                _ => {
                    let c = f
                        .registered_capital
                        .as_ref()
                        .filter(|c| c.value.currency == "CNY")?;
                    ("registered_capital", (c.value.wan, c.span.clone()))
                }
            };
            op.holds(l.0, *value).then(|| {
                vec![located(
                    name,
                    &Located {
                        value: (),
                        span: l.1,
                    },
                    cx.src,
                )]
            })
        }
        Cond::Date { field, op, value } => {
            let (name, d) = date_field(cx.filing, *field)?;
            op.holds(d.value, *value)
                .then(|| vec![located(name, d, cx.src)])
        }
        Cond::DateFields { field, op, other } => {
            let (name, a) = date_field(cx.filing, *field)?;
            let (_, b) = date_field(cx.filing, *other)?;
            op.holds(a.value, b.value)
                .then(|| vec![located(name, a, cx.src)])
        }
        Cond::Uscc(fact) => {
            let u = cx.filing.uscc.as_ref()?;
            let p = u.value.problem.as_ref()?;
            let is_check = matches!(p, UsccProblem::CheckDigit { .. });
            if is_check != (*fact == UsccFact::CheckDigitWrong) {
                return None;
            }
            let mut e = located("uscc", u, cx.src);
            if let UsccProblem::CheckDigit { .. } = p {
                // Underline the check character itself.
                let last = cx.src[e.range.clone()]
                    .chars()
                    .last()
                    .map_or(0, char::len_utf8);
                e.range = e.range.end - last..e.range.end;
            }
            e.detail = Some(p.zh());
            e.hint = p.hint();
            e.primary = true;
            Some(vec![e])
        }
        Cond::Presence { op, field } => {
            use crate::rule::PresenceField as P;
            let f = cx.filing;
            let span: Option<(&'static str, Range<usize>)> = match field {
                P::Name => f.name.as_ref().map(|l| ("name", l.span.clone())),
                P::Uscc => f.uscc.as_ref().map(|l| ("uscc", l.span.clone())),
                P::EntityType => f
                    .entity_type
                    .as_ref()
                    .map(|l| ("entity_type", l.span.clone())),
                P::RegisteredCapital => f
                    .registered_capital
                    .as_ref()
                    .map(|l| ("registered_capital", l.span.clone())),
                P::EstablishedOn => f
                    .established_on
                    .as_ref()
                    .map(|l| ("established_on", l.span.clone())),
                P::FiledOn => f.filed_on.as_ref().map(|l| ("filed_on", l.span.clone())),
                P::Region => f.region.as_ref().map(|l| ("region", l.span.clone())),
                P::Address => f.address.as_ref().map(|l| ("address", l.span.clone())),
                P::Industry => f.industry.as_ref().map(|l| ("industry", l.span.clone())),
                P::BusinessScope => f.scope_span.clone().map(|s| ("business_scope", s)),
                P::Licenses => f.licenses.first().map(|l| ("licenses", l.span.clone())),
                P::Energy => f
                    .daily_kwh
                    .as_ref()
                    .or(f.annual_tce.as_ref())
                    .map(|l| ("energy", l.span.clone())),
            };
            let span = span.map(|(name, s)| (name, value_range(&s, cx.src)));
            match (op, span) {
                (PresenceOp::Present, Some((name, s))) => Some(vec![Evidence {
                    entry: None,
                    field: Cow::Borrowed(name),
                    range: s,
                    detail: None,
                    hint: None,
                    primary: false,
                    suppressed: None,
                }]),
                (PresenceOp::Empty, Some((name, s))) if f.scope.is_empty() => {
                    Some(vec![Evidence {
                        entry: None,
                        field: Cow::Borrowed(name),
                        range: s,
                        detail: None,
                        hint: None,
                        primary: true,
                        suppressed: None,
                    }])
                }
                (PresenceOp::Missing, None) => Some(vec![]),
                _ => None,
            }
        }
        Cond::Item {
            class,
            section,
            unapproved,
            mentions,
        } => {
            let mut ev = vec![];
            // (Most items are no entry of the class: a rule about entries
            // reads only the items that begin one of its class; a rule
            // about words mentioned, or about non-standard items, only the
            // items that are no entry.)
            let entries_only = !*mentions && *class != ItemClass::Nonstandard;
            let which = if entries_only {
                *class
            } else {
                ItemClass::Nonstandard
            };
            for &k in cx.by_class.get(which) {
                let (item, found) = (&cx.scope[k], &cx.items[k]);
                if section
                    .is_some_and(|s| item_section(item.section, item.catalogue_section) != Some(s))
                {
                    continue;
                }
                // (A line a negation construction names wholly, `不得从事保安服务、
                // 快递服务等业务`, is excluded business, not a line to license.)
                let r = &item.range;
                if item
                    .negations
                    .iter()
                    .any(|n| n.proven && n.governs.start <= r.start && r.end <= n.governs.end)
                {
                    continue;
                }
                let text = cx.scope_texts[item.text];
                // The entries the item is, or (`mentions`) holds the words
                // of, with the words' range in the value.
                let hits: Vec<(usize, Range<usize>)> = match (found, *mentions) {
                    (Some(m), false) if item_class(classifier().class(m.entry)) == *class => {
                        let end = cx.scope[m.items.1].range.end;
                        vec![(m.entry, item.range.start..end)]
                    }
                    (None, false) if *class == ItemClass::Nonstandard => {
                        if *unapproved {
                            continue;
                        }
                        ev.push(Evidence {
                            entry: None,
                            field: Cow::Borrowed("business_scope"),
                            range: text.file_range(item.range.clone()),
                            detail: None,
                            hint: None,
                            primary: true,
                            suppressed: None,
                        });
                        continue;
                    }
                    (None, true) => {
                        // (Items joined by a mark a reader reads inside a
                        // word, `保-安/服务业务`, are read as one, at the first.)
                        let scope = cx.scope;
                        if k > 0 && scope[k - 1].joined_next && scope[k - 1].text == item.text {
                            continue;
                        }
                        let mut last = k;
                        while last < k + 4
                            && scope[last].joined_next
                            && scope.get(last + 1).is_some_and(|n| n.text == item.text)
                        {
                            last += 1;
                        }
                        let run = item.range.start..scope[last].range.end;
                        let negations: Vec<&crate::parse::scope::Negation> =
                            scope[k..=last].iter().flat_map(|i| &i.negations).collect();
                        classifier()
                            .mentions(&text.value[run.clone()], class_of_item(*class))
                            .into_iter()
                            .map(|(e, w)| (e, run.start + w.start..run.start + w.end))
                            // (Only the item's own words: not inside a
                            // bracket (a condition, an exclusion, a licence's
                            // validity), not what a negation governs, not the
                            // name of a licence (`《危险化学品经营许可证》`).)
                            .filter(|(_, w)| {
                                let value = &text.value;
                                let before = &value[run.start..w.start];
                                let after = &value[w.end..run.end];
                                !in_own_group(before)
                                    && !negations
                                        .iter()
                                        .any(|n| n.governs.start < w.end && w.start < n.governs.end)
                                    && !after.trim_start().starts_with(['许', '证', '單', '单'])
                                    && !before.ends_with(['《', '<'])
                                    // (Acting for another is another line:
                                    // 代理保险业务 is insurance agency.)
                                    && !MENTION_AGENCY.iter().any(|a| before.ends_with(a))
                            })
                            .collect()
                    }
                    _ => continue,
                };
                for (entry, words) in hits {
                    let m = ItemMatch {
                        entry,
                        items: (k, k),
                        also: vec![],
                        old_wording: false,
                    };
                    if *unapproved && approved(Some(&m), cx.held) {
                        continue;
                    }
                    ev.push(Evidence {
                        entry: Some(entry),
                        field: Cow::Borrowed("business_scope"),
                        range: text.file_range(words),
                        detail: None,
                        hint: None,
                        primary: true,
                        suppressed: None,
                    });
                }
            }
            (!ev.is_empty()).then_some(ev)
        }
    }
}

/// Whether the end of `before` (an item's text up to some words) is inside
/// a bracketed group that is not the item's own words: a condition, an
/// exclusion, a licence's validity. A group that opens with an inclusion
/// (`人力资源服务（含保安服务）`, `（包括…）`) lists more of the item's
/// business, so its words count.
fn in_own_group(before: &str) -> bool {
    const INCLUSION: &[&str] = &["含", "包括", "包含", "其中"];
    let mut open: Vec<bool> = vec![];
    // (Brackets as the scope parser reads them.)
    use crate::parse::scope::{is_close, is_open};
    for (i, c) in before.char_indices() {
        if is_open(c) {
            let rest = &before[i + c.len_utf8()..];
            open.push(INCLUSION.iter().any(|w| rest.starts_with(w)));
        } else if is_close(c) {
            open.pop();
        }
    }
    open.iter().any(|inclusion| !inclusion)
}

/// Words before a line's words that make the item another line: acting
/// for the one who carries it on (代理保险业务, 代办快递服务).
const MENTION_AGENCY: &[&str] = &["代理", "代办", "代销", "代收", "代为", "兼业代理"];

/// The catalogue's class a rule's item class names (none for
/// `nonstandard`, which the validator keeps from `mentions`).
pub(crate) fn class_of_item(c: ItemClass) -> crate::catalogue::Class {
    use crate::catalogue::Class;
    match c {
        ItemClass::Prior => Class::Prior,
        ItemClass::Licensed => Class::Licensed,
        ItemClass::Filing => Class::Filing,
        ItemClass::General | ItemClass::Nonstandard => Class::General,
    }
}

/// Each scope item's catalogue entry (see `classify`), aligned with
/// `catalogue_scope(filing).0`.
pub fn classify_items(filing: &Filing) -> Vec<Option<ItemMatch>> {
    let (items, texts) = catalogue_scope(filing);
    classify_scope(&items, &texts)
}

fn classify_scope(scope: &[PlacedItem], scope_texts: &[&SourceText]) -> Vec<Option<ItemMatch>> {
    let texts: Vec<&str> = scope_texts.iter().map(|t| t.value.as_str()).collect();
    let items: Vec<(usize, Range<usize>, bool)> = scope
        .iter()
        .map(|i| (i.text, i.range.clone(), i.joined_next))
        .collect();
    let head = |k: usize| {
        let i = &scope[k];
        item_head(&scope_texts[i.text].value, i)
    };
    classifier().classify_items_with_heads(&texts, &items, &head)
}

/// The scope as the catalogue reads it: the filing's scope items, then the
/// items of text under an unknown key that says it is a scope
/// (`經營範圍`, `主要业务`: NL0001 says it is read as business scope, so
/// every scope rule reads it, the catalogue's too), with the texts they
/// are in. Borrowed when there is no such text.
pub fn catalogue_scope(f: &Filing) -> (Cow<'_, [PlacedItem]>, Vec<&SourceText>) {
    let mut texts: Vec<&SourceText> = f.scope_texts.iter().collect();
    let unclaimed = f
        .unclaimed
        .iter()
        .filter(|u| u.kind == crate::filing::UnclaimedKind::Scope && !u.items.is_empty());
    let mut items: Cow<'_, [PlacedItem]> = Cow::Borrowed(&f.scope);
    for u in unclaimed {
        let idx = texts.len();
        texts.push(&u.text);
        items.to_mut().extend(u.items.iter().map(|i| PlacedItem {
            text: idx,
            range: i.range.clone(),
            section: i.section,
            catalogue_section: i.catalogue_section,
            conditions: i.conditions.clone(),
            negations: i.negations.clone(),
            joined_next: i.joined_next,
        }));
    }
    (items, texts)
}

/// An item without the bracketed groups after its words, when each of
/// them is a condition (`（凭许可证经营）`) or an exclusion (`（不含…）`):
/// what the item's line is, narrowed or conditioned (`保安服务`). None
/// when it has no such groups, or a group that is neither.
fn item_head(value: &str, item: &crate::filing::PlacedItem) -> Option<Range<usize>> {
    let r = item.range.clone();
    let text = &value[r.clone()];
    // (An item that ends in a word has words after its last group, or no
    // group: no head. Most items end so.)
    let last = text.chars().next_back()?;
    if last.is_ascii_alphanumeric()
        || ('\u{4E00}'..='\u{9FFF}').contains(&last)
        || !last.is_ascii() && last.is_alphanumeric()
    {
        return None;
    }
    // (Most items have no bracket: bytes, not characters, are looked at.)
    let bytes = text.as_bytes();
    memchr::memchr3(b'(', 0xEF, 0xE3, bytes).or_else(|| memchr::memchr(b'[', bytes))?;
    let open = text.find(['（', '(', '［', '[', '【'])?;
    let head_end = r.start + text[..open].trim_end().len();
    if head_end == r.start {
        return None;
    }
    // Every top-level group of the rest: a condition or an exclusion, and
    // nothing but blanks and marks between them.
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text[open..].char_indices() {
        let at = r.start + open + i;
        match c {
            '（' | '(' | '［' | '[' | '【' => {
                if depth == 0 {
                    start = at;
                }
                depth += 1;
            }
            '）' | ')' | '］' | ']' | '】' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    let end = at + c.len_utf8();
                    let condition = item
                        .conditions
                        .iter()
                        .any(|g| g.start <= start && end <= g.end);
                    let exclusion = item
                        .negations
                        .iter()
                        .any(|n| start < n.cue.start && n.cue.end <= end);
                    if !(condition || exclusion) {
                        return None;
                    }
                }
            }
            c if depth == 0 && c.is_alphanumeric() => return None,
            _ => {}
        }
    }
    (depth == 0).then_some(r.start..head_end)
}

/// Whether a held licence names one the item's entry needs: the approval
/// of a 前置 entry, or one of its licence items.
fn approved(found: Option<&ItemMatch>, held: &[&str]) -> bool {
    let Some(m) = found else {
        return false;
    };
    let needs = classifier().needs(m.entry);
    held.iter()
        .any(|h| needs.iter().any(|need| names_licence(h, need)))
}

/// Exemption spans: the ranges of the hits of `sets` in a unit (but a
/// negated one: see `SetHit::touches_negation`), sorted by
/// start, with the running maximum of their ends, so whether one covers a
/// range is a binary search (a unit may hold many thousands of hits).
struct Spans {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Spans {
    fn of(u: &Unit, sets: &[SetId], a: &[SetId]) -> Spans {
        let mut r: Vec<(usize, usize)> = u
            .hits
            .iter()
            .filter(|h| (sets.contains(&h.set) || a.contains(&h.set)) && !h.touches_negation)
            .map(|h| (h.range.start, h.range.end))
            .collect();
        r.sort_unstable();
        let mut max = 0;
        let max_end = r
            .iter()
            .map(|x| {
                max = max.max(x.1);
                max
            })
            .collect();
        Spans {
            starts: r.into_iter().map(|x| x.0).collect(),
            max_end,
        }
    }

    /// Whether a span starting at or before `r.start` reaches `r.end`.
    fn cover(&self, r: &Range<usize>) -> bool {
        let i = self.starts.partition_point(|s| *s <= r.start);
        i > 0 && self.max_end[i - 1] >= r.end
    }
}

/// The evidence of one text predicate in one unit. A hit counts unless an
/// exemption (`except`/`unless`: a longer term at the same place, 网络游戏
/// 虚拟货币 over 虚拟货币) covers it. A hit under a proven suppression counts
/// for a prohibited rule only, and makes the evidence suppressed (reported
/// lowered); with `negated`, only hits a negation governs count, as plain
/// evidence.
fn text_evidence(
    u: &Unit,
    all_of: &[Vec<SetId>],
    except: &[SetId],
    unless: &[SetId],
    negated: bool,
    cx: &Ctx,
    ev: &mut Vec<Evidence>,
) {
    // (Most units a rule reads hit only other rules' terms: nothing to
    // build.)
    if !u
        .hits
        .iter()
        .any(|h| all_of.iter().any(|g| g.contains(&h.set)))
    {
        return;
    }
    let exempt = (!except.is_empty() || !unless.is_empty()).then(|| Spans::of(u, except, unless));
    let covered = |r: &Range<usize>| exempt.as_ref().is_some_and(|s| s.cover(r));
    // Per group: the plain hits and the suppressed ones.
    let mut plain: Vec<Vec<Range<usize>>> = vec![vec![]; all_of.len()];
    let mut held: Vec<Vec<(Range<usize>, &Suppression)>> = vec![vec![]; all_of.len()];
    for h in &u.hits {
        for (g, group) in all_of.iter().enumerate() {
            if !group.contains(&h.set) || covered(&h.range) {
                continue;
            }
            match (&h.suppressed, negated) {
                (Some(s), true) if s.kind == SuppressionKind::Negation => {
                    plain[g].push(h.range.clone())
                }
                (_, true) => {}
                (None, false) => plain[g].push(h.range.clone()),
                // An unproven suppression lowers nothing a prohibition finds.
                (Some(s), false) if cx.prohibited && !s.proven => plain[g].push(h.range.clone()),
                (Some(s), false) if cx.prohibited => held[g].push((h.range.clone(), s)),
                (Some(_), false) => {}
            }
        }
    }
    let field = || unit_field(u, cx.filing);
    let evidence = |range: Range<usize>, suppressed: Option<Suppression>| Evidence {
        entry: None,
        field: field(),
        range,
        detail: None,
        hint: None,
        primary: true,
        suppressed,
    };
    if all_of.len() == 1 {
        // Every word found: the plain ones and, apart, the suppressed ones.
        for r in merge(std::mem::take(&mut plain[0])) {
            ev.push(evidence(r, None));
        }
        let mut held = std::mem::take(&mut held[0]);
        held.sort_by_key(|(r, _)| (r.start, r.end));
        let mut last: Option<(Range<usize>, Suppression)> = None;
        for (r, s) in held {
            match &mut last {
                Some((m, _)) if r.start <= m.end => m.end = m.end.max(r.end),
                _ => {
                    if let Some((m, s)) = last.take() {
                        ev.push(evidence(m, Some(s)));
                    }
                    last = Some((r, s.clone()));
                }
            }
        }
        if let Some((m, s)) = last {
            ev.push(evidence(m, Some(s)));
        }
        return;
    }
    // Terms found together: underline from the first to the last.
    if plain.iter().all(|p| !p.is_empty()) {
        let s = plain.iter().flatten().map(|r| r.start).min().unwrap_or(0);
        let e = plain.iter().flatten().map(|r| r.end).max().unwrap_or(0);
        ev.push(evidence(s..e, None));
    } else if plain
        .iter()
        .zip(&held)
        .all(|(p, h)| !p.is_empty() || !h.is_empty())
    {
        let all = plain
            .iter()
            .flatten()
            .chain(held.iter().flatten().map(|(r, _)| r));
        let s = all.clone().map(|r| r.start).min().unwrap_or(0);
        let e = all.map(|r| r.end).max().unwrap_or(0);
        let why = held.iter().flatten().next().map(|(_, s)| (*s).clone());
        ev.push(evidence(s..e, why));
    }
}

/// Overlapping or touching ranges joined.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = vec![];
    for r in ranges {
        match merged.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Fills a rule message's placeholders.
pub fn render_message(
    template: &str,
    matched: &str,
    field: Option<&str>,
    value: Option<&str>,
    problem: Option<&str>,
    entry: Option<&crate::catalogue::Entry>,
) -> String {
    let one_line = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    // One pass over the template: only its own placeholders are filled,
    // and what fills them (a filing's words) is never read again, so a
    // filing that writes `{field}` gets `{field}` in its message.
    let entry_text = entry.map_or(String::new(), |e| format!("{} {}", e.code, e.name));
    let licences = entry.map_or(String::new(), crate::classify::needs);
    // (The negative-list measure, where the entry has one, with its label:
    // empty otherwise, so a message can end with it.)
    let measure = entry
        .map(|e| e.negative_list.trim())
        .filter(|m| !m.is_empty())
        .map_or(String::new(), |m| format!("（市场准入负面清单：{m}）"));
    let fills = [
        ("{matched}", one_line.as_str()),
        ("{field}", field.unwrap_or("")),
        ("{value}", value.unwrap_or(&one_line)),
        ("{problem}", problem.unwrap_or("")),
        ("{entry}", entry_text.as_str()),
        ("{class}", entry.map_or("", |e| e.class.zh())),
        ("{licence}", licences.as_str()),
        ("{measure}", measure.as_str()),
    ];
    let mut out = String::with_capacity(template.len() + one_line.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match fills.iter().find(|(p, _)| rest.starts_with(p)) {
            Some((p, fill)) => {
                out.push_str(fill);
                rest = &rest[p.len()..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Evaluates the rules in force on `as_of` (or only `only`, if given,
/// regardless of date) against one filing. Loader issues come first.
pub fn evaluate(
    rules: &RuleSet,
    file: &SourceFile,
    filing: &Filing,
    as_of: Date,
    only: Option<usize>,
) -> Vec<Finding> {
    let mut out = vec![];
    let identity = filing.identity(&file.src);
    let region = filing.region.as_ref().map(|r| r.value.clone());
    // The filing's own date, for telling existing registrations apart.
    let own_date = filing
        .filed_on
        .as_ref()
        .map(|d| ("filed_on", d.value))
        .or(filing
            .established_on
            .as_ref()
            .map(|d| ("established_on", d.value)));
    if only.is_none() {
        for i in &filing.issues {
            out.push(Finding {
                document: filing.document,
                rule: i.code.code.to_string(),
                rule_name: i.code.name.to_string(),
                severity: i.code.level(),
                category: Category::Data,
                message: i.message.clone(),
                field: i.field.map(str::to_string),
                range: i.span.clone(),
                rule_index: None,
                as_of,
                filing: identity.clone(),
                existing: None,
                region: region.clone(),
                suppressed: None,
                related: vec![],
                hint: None,
            });
        }
    }
    let licences = licence_standing(rules, filing, as_of);
    if only.is_none() {
        for (l, standing) in filing.licenses.iter().zip(&licences) {
            if let (Some(k), Standing::NotCounted(why)) = (&l.kind, standing) {
                out.push(Finding {
                    document: filing.document,
                    rule: crate::filing::LICENCE_NOT_COUNTED.code.to_string(),
                    rule_name: crate::filing::LICENCE_NOT_COUNTED.name.to_string(),
                    severity: crate::filing::LICENCE_NOT_COUNTED.level(),
                    category: Category::Data,
                    message: format!("licence “{}” does not count: {why}", k.value.value.trim()),
                    field: Some("licenses".into()),
                    range: value_range(&k.span, &file.src),
                    rule_index: None,
                    as_of,
                    filing: identity.clone(),
                    existing: None,
                    region: region.clone(),
                    suppressed: None,
                    related: vec![],
                    hint: None,
                });
            }
        }
    }
    let units = units(rules, filing, &licences);
    let (scope, scope_texts) = catalogue_scope(filing);
    let items: Vec<Option<ItemMatch>> = if rules.needs_items || only.is_some() {
        classify_scope(&scope, &scope_texts)
    } else {
        vec![]
    };
    let held = held_licences(filing, as_of);
    let by_class = ItemsByClass::new(&items);
    let mut cx = Ctx {
        filing,
        units: &units,
        src: &file.src,
        items: &items,
        by_class: &by_class,
        scope: &scope,
        scope_texts: &scope_texts,
        held: &held,
        prohibited: false,
    };
    let fallback = filing
        .name
        .as_ref()
        .map(|n| located("name", n, &file.src))
        .unwrap_or(Evidence {
            entry: None,
            field: Cow::Borrowed("name"),
            range: filing.span.start..filing.span.start,
            detail: None,
            hint: None,
            primary: false,
            suppressed: None,
        });
    let mut hit_sets = vec![false; rules.catalog.sets.len()];
    for h in units.iter().flat_map(|u| &u.hits) {
        hit_sets[h.set] = true;
    }
    for (idx, rule) in rules.catalog.rules.iter().enumerate() {
        match only {
            Some(o) if o != idx => continue,
            None if !rule.in_force(as_of) || !rules.runs[idx] => continue,
            _ => {}
        }
        if let Some(need) = &rules.triggers[idx]
            && !need.iter().any(|s| hit_sets[*s])
        {
            continue;
        }
        cx.prohibited = rule.category == Category::Prohibited;
        let Some(mut evidence) = eval(&rule.when, &cx) else {
            continue;
        };
        if evidence.iter().any(|e| e.primary) {
            evidence.retain(|e| e.primary);
        } else {
            // Only context (a date, a region, a figure): point at the first.
            evidence.truncate(1);
        }
        if evidence.is_empty() {
            evidence.push(fallback.clone());
        }
        // Branches of an `or` may find overlapping words (虚拟货币挖矿 and
        // 挖矿): report their union once (plain and suppressed words apart).
        evidence.sort_by_key(|e| (e.suppressed.is_some(), e.range.start, e.range.end));
        let mut merged: Vec<Evidence> = vec![];
        for e in evidence {
            match merged.last_mut() {
                Some(m)
                    if m.suppressed.is_some() == e.suppressed.is_some()
                        && (e.range.start < m.range.end || e.range == m.range) =>
                {
                    m.range.end = m.range.end.max(e.range.end);
                    if m.detail.is_none() {
                        m.detail = e.detail;
                    }
                    if m.hint.is_none() {
                        m.hint = e.hint;
                    }
                }
                _ => merged.push(e),
            }
        }
        if rule.once {
            merged.truncate(1);
        }
        for e in merged {
            let mut f = finding(rule, idx, filing, file, &e, as_of);
            if let Some(s) = &e.suppressed {
                // Never erased: reported, at most a warning, naming what
                // suppresses it.
                if f.severity == Severity::Error {
                    f.severity = Severity::Warning;
                }
                let cue = s.cue.clone().map(|c| file.src[c].to_string());
                let level = if f.severity == Severity::Warning {
                    "警告"
                } else {
                    "提示"
                };
                f.message.push_str(&match &cue {
                    Some(c) => format!("（处于{}“{c}”之内，按{level}报告，请复核）", s.kind.zh()),
                    None => format!("（处于{}之内，按{level}报告，请复核）", s.kind.zh()),
                });
                f.suppressed = Some(Suppressed { kind: s.kind, cue });
            }
            f.filing = identity.clone();
            f.region = region.clone();
            if let (Some((field, date)), Some(since)) = (own_date, rule.in_force_since(as_of))
                && date < since
            {
                f.existing = Some(Existing {
                    field,
                    date,
                    in_force_since: since,
                });
                f.message.push_str(&format!(
                    "（存量登记：{} {date} 早于规则施行日 {since}，须整改）",
                    if field == "filed_on" {
                        "申报日期"
                    } else {
                        "成立日期"
                    }
                ));
            }
            out.push(f);
        }
    }
    out.sort_by(|a, b| (a.range.start, &a.rule).cmp(&(b.range.start, &b.rule)));
    out
}

fn finding(
    rule: &Rule,
    idx: usize,
    filing: &Filing,
    file: &SourceFile,
    e: &Evidence,
    as_of: Date,
) -> Finding {
    // The words as a reader sees them (`比特币`, not the `\u6bd4…` escapes
    // that spell them); the finding's range keeps the file's own bytes.
    let raw = &file.src[e.range.clone()];
    let matched = if raw.contains(['\\', '\'']) {
        crate::filing::text::decoded_at(filing, e.range.clone()).unwrap_or(raw)
    } else {
        raw
    };
    Finding {
        document: filing.document,
        rule: rule.code.clone(),
        rule_name: rule.name.clone(),
        severity: rule.severity,
        category: rule.category,
        message: render_message(
            &rule.message,
            matched,
            Some(&e.field),
            None,
            e.detail.as_deref(),
            e.entry.map(|i| classifier().entry(i)),
        ),
        field: Some(e.field.to_string()),
        range: e.range.clone(),
        rule_index: Some(idx),
        as_of,
        filing: None,
        existing: None,
        region: None,
        suppressed: None,
        related: vec![],
        hint: e.hint.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filing::{Loaded, load};

    /// The findings of one rule file (its rules only) on one filing, as
    /// (rule, severity, suppressed, the words).
    fn run(rules: &str, filing: &str) -> Vec<(String, Severity, bool, String)> {
        let text = format!(
            "source s {{\n  number \"n\"\n  title \"t\"\n  status \"confirmed\"\n}}\n{rules}"
        );
        let (catalog, _) = crate::dsl::load_rules(&[("t.rules".into(), text)]).unwrap();
        let set = RuleSet::compile(catalog).unwrap();
        let file = SourceFile::new("f.yaml".into(), filing.to_string());
        let docs = load(&file);
        let [Loaded::Filing(f)] = docs.as_slice() else {
            panic!("not one filing")
        };
        let day = crate::parse::date::parse_date("2026-11-28").unwrap();
        evaluate(&set, &file, f, day, None)
            .into_iter()
            .filter(|x| x.rule_index.is_some())
            .map(|x| {
                let words = file.src[x.range.clone()].to_string();
                (x.rule, x.severity, x.suppressed.is_some(), words)
            })
            .collect()
    }

    fn rule(code: &str, category: &str, when: &str) -> String {
        format!(
            "rule {code} r-{} {{\n  title \"t\"\n  category {category}\n  severity error\n  basis s\n  when {when}\n  message \"{{matched}}\"\n}}\n",
            code.to_lowercase()
        )
    }

    #[test]
    fn an_exemption_is_a_longer_word_at_the_same_place() {
        let r = rule(
            "XX0001",
            "prohibited",
            "scope contains [\"虚拟货币\"] + [\"交易\"] unless [\"游戏虚拟货币\"]",
        );
        // Covered: no hit.
        assert!(run(&r, "name: a\nbusiness_scope: [网络游戏虚拟货币交易]\n").is_empty());
        // Elsewhere in the item: exempts nothing.
        let f = run(
            &r,
            "name: a\nbusiness_scope: [虚拟货币交易及游戏虚拟货币]\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].1, f[0].2), (Severity::Error, false));
    }

    #[test]
    fn a_negated_prohibited_hit_is_lowered_and_a_negated_licence_hit_dropped() {
        let p = rule("XX0002", "prohibited", "scope contains [\"比特币挖矿\"]");
        let f = run(
            &p,
            "name: a\nbusiness_scope: [\"软件开发（不含比特币挖矿）\"]\n",
        );
        assert_eq!(
            f,
            vec![(
                "XX0002".into(),
                Severity::Warning,
                true,
                "比特币挖矿".into()
            )]
        );
        let l = rule(
            "XX0003",
            "license-required",
            "scope contains [\"小额贷款\"]",
        );
        assert!(
            run(
                &l,
                "name: a\nbusiness_scope: [\"软件开发（不含小额贷款）\"]\n"
            )
            .is_empty()
        );
        // Not negated: both at their own strength.
        let f = run(&l, "name: a\nbusiness_scope: [小额贷款]\n");
        assert_eq!(
            f,
            vec![("XX0003".into(), Severity::Error, false, "小额贷款".into())]
        );
    }

    #[test]
    fn negated_asks_for_words_a_negation_governs() {
        let r = rule("XX0004", "risk", "scope contains [\"虚拟货币\"] negated");
        assert_eq!(
            run(
                &r,
                "name: a\nbusiness_scope: [\"化工（不含虚拟货币）\", 虚拟货币咨询]\n"
            ),
            vec![("XX0004".into(), Severity::Error, false, "虚拟货币".into())]
        );
    }

    #[test]
    fn an_unproven_negation_lowers_nothing_a_prohibition_finds() {
        let p = rule("XX0005", "prohibited", "scope contains [\"比特币挖矿\"]");
        let f = run(
            &p,
            "name: a\nbusiness_scope: \"软件开发（不含比特币挖矿\"\n",
        );
        assert_eq!(
            f,
            vec![("XX0005".into(), Severity::Error, false, "比特币挖矿".into())]
        );
    }
}
