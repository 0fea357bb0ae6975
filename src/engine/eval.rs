//! Filing + compiled rule set + date → findings. Each text of a filing (the
//! name, each scope item, the address, …) is scanned once; rules then only
//! look at the hits.

use super::compile::RuleSet;
use crate::dsl::ast::PresenceOp;
use crate::dsl::check::SetId;
use crate::dsl::check::{
    Category, CodeField, CompareField, Cond, Rule, Severity, TextField, UsccFact,
};
use crate::filing::{Filing, Located, SourceFile, SourceText, value_range};
use crate::parse::date::Date;
use crate::parse::scope::{Section, governed_range};
use crate::parse::uscc::UsccProblem;
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
    hits: Vec<Hit>,
    /// Text no field claims (its index in `Filing::unclaimed`): only the
    /// prohibited rules that read the business scope look at it.
    unclaimed: Option<usize>,
    /// A standard-clause group of the scope: like unclaimed text, only the
    /// prohibited rules look at it.
    boilerplate: bool,
    /// What negations govern in this unit (file ranges): words there are
    /// mentioned to be excluded (不含…, 不得从事…, …除外), not registered.
    negated: Vec<Range<usize>>,
}

/// A term-set hit in a unit, in file bytes.
struct Hit {
    set: SetId,
    range: Range<usize>,
    /// Inside a bracketed condition of the item (须…, 凭…许可证, …为准):
    /// it names what must be held first, not the business, and only the
    /// strict rules (see `Ctx::strict`) count it.
    in_condition: bool,
}

#[derive(Debug, Clone)]
struct Evidence {
    field: Cow<'static, str>,
    range: Range<usize>,
    detail: Option<String>,
    /// Words found by a text predicate or a USCC fact: what the finding is
    /// about. Other evidence (a region, a kWh figure) is context, reported
    /// only when a rule has nothing else to point at.
    primary: bool,
}

/// Negations met so far in one text: (the negation's range, what it
/// governs), in the text's value. A negation governs on across the items
/// of its list (不得从事吸收存款、融资担保), so the items of one scope text
/// share them.
type Governed = Vec<(Range<usize>, Range<usize>)>;

/// Scans `within` of a text and maps hit ranges to the file. Hits inside a
/// condition (`conditions`, value ranges) do not count; negations found add
/// to `governed`, and every negation that reaches into `within` marks what
/// it governs there (one from an earlier item also stands as a hit of the
/// negation set, at its own words, so `+ negations` sees it).
fn scan(
    rules: &RuleSet,
    text: &SourceText,
    within: Range<usize>,
    field: TextField,
    section: Section,
    conditions: &[Range<usize>],
    governed: &mut Governed,
) -> Unit {
    let mut hits = vec![];
    for h in rules.scan(&text.value[within.clone()]) {
        let r = within.start + h.range.start..within.start + h.range.end;
        let in_condition = conditions
            .iter()
            .any(|c| c.start <= r.start && r.end <= c.end);
        let negation = Some(h.set) == rules.negations;
        if negation && in_condition {
            // (A negation inside a condition governs nothing outside it.)
            continue;
        }
        if negation && !governed.iter().any(|(n, _)| *n == r) {
            governed.push((r.clone(), governed_range(&text.value, r.clone())));
        }
        hits.push(Hit {
            set: h.set,
            range: text.file_range(r),
            in_condition,
        });
    }
    let mut negated = vec![];
    for (word, g) in governed.iter() {
        let (s, e) = (g.start.max(within.start), g.end.min(within.end));
        if s >= e {
            continue;
        }
        negated.push(text.file_range(s..e));
        if word.end <= within.start
            && let Some(set) = rules.negations
        {
            hits.push(Hit {
                set,
                range: text.file_range(word.clone()),
                in_condition: false,
            });
        }
    }
    Unit {
        field,
        section,
        hits,
        unclaimed: None,
        boilerplate: false,
        negated,
    }
}

/// A whole text that stands alone (a name, an address, a licence type):
/// no conditions, no negations from elsewhere.
fn scan_whole(rules: &RuleSet, text: &SourceText, field: TextField) -> Unit {
    let all = 0..text.value.len();
    scan(
        rules,
        text,
        all,
        field,
        Section::Unsectioned,
        &[],
        &mut vec![],
    )
}

fn units(rules: &RuleSet, f: &Filing) -> Vec<Unit> {
    let mut out = vec![];
    if let Some(n) = &f.name {
        out.push(scan_whole(rules, &n.value, TextField::Name));
    }
    // The items of one scope text share its negations (they come in order).
    let mut governed: Governed = vec![];
    let mut current_text = usize::MAX;
    for item in &f.scope {
        if item.text != current_text {
            governed.clear();
            current_text = item.text;
        }
        out.push(scan(
            rules,
            &f.scope_texts[item.text],
            item.range.clone(),
            TextField::Scope,
            item.section,
            &item.conditions,
            &mut governed,
        ));
    }
    // Each standard-clause group alone: its negations (除…外) govern only
    // inside its brackets.
    for (text, range) in &f.boilerplate {
        let mut unit = scan(
            rules,
            &f.scope_texts[*text],
            range.clone(),
            TextField::Scope,
            Section::Unsectioned,
            &[],
            &mut vec![],
        );
        unit.boilerplate = true;
        out.push(unit);
    }
    if let Some(a) = &f.address {
        out.push(scan_whole(rules, &a.value, TextField::Address));
    }
    if let Some(e) = &f.entity_type {
        out.push(scan_whole(rules, &e.value, TextField::EntityType));
    }
    for l in &f.licenses {
        if let Some(k) = &l.kind {
            out.push(scan_whole(rules, &k.value, TextField::LicenseType));
        }
    }
    for (i, u) in f.unclaimed.iter().enumerate() {
        let mut governed: Governed = vec![];
        for item in &u.items {
            let mut unit = scan(
                rules,
                &u.text,
                item.clone(),
                TextField::Scope,
                Section::Unsectioned,
                &[],
                &mut governed,
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
    if u.unclaimed.is_some() {
        return cx.prohibited && scope;
    }
    if u.boilerplate {
        return cx.strict && scope;
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
    /// Whether the rule evaluated is a prohibition (unclaimed text counts).
    prohibited: bool,
    /// Whether it is a prohibition at error severity (mining, virtual
    /// currency): an activity a filer may try to tuck away, so words in
    /// bracketed conditions and in the standard clauses count too. Other
    /// rules skip those, where licences and authorities are named
    /// (以《保险兼业代理业务许可证》为准).
    strict: bool,
    /// The rules' `negations` term set, whose words the structure governs.
    negations: Option<SetId>,
}

fn located<T>(field: &'static str, l: &Located<T>, src: &str) -> Evidence {
    Evidence {
        field: Cow::Borrowed(field),
        range: value_range(&l.span, src),
        detail: None,
        primary: false,
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
        Cond::Not(x) => match eval(x, cx) {
            Some(_) => None,
            None => Some(vec![]),
        },
        Cond::Text {
            field,
            all_of,
            except,
            unless,
        } => {
            let mut ev = vec![];
            // Negations are structure, not a word anywhere in the item: a
            // term a negation governs is excluded (`unless negations`), and
            // `+ negations` asks for a term a negation governs.
            let neg = cx.negations;
            let neg_unless = neg.is_some_and(|n| unless.contains(&n));
            let neg_wanted = neg.is_some_and(|n| all_of.iter().any(|g| g.contains(&n)));
            for u in cx.units.iter().filter(|u| unit_selected(*field, u, cx)) {
                // (Most items hit no term at all: nothing to look at.)
                if u.hits.is_empty() && !all_of.is_empty() {
                    continue;
                }
                // The hits this rule reads (conditions: strict rules only).
                let hits = || u.hits.iter().filter(|h| cx.strict || !h.in_condition);
                if hits().any(|h| unless.contains(&h.set) && Some(h.set) != neg) {
                    continue;
                }
                let governed = |r: &Range<usize>| {
                    u.negated
                        .iter()
                        .any(|g| g.start <= r.start && r.end <= g.end)
                };
                let mut ranges: Vec<Range<usize>> = vec![];
                let mut all = true;
                // A hit inside an exception phrase (保险 in 保险柜) is not one.
                let excepted = |r: &Range<usize>| {
                    hits().any(|h| {
                        except.contains(&h.set) && h.range.start <= r.start && r.end <= h.range.end
                    })
                };
                for group in all_of {
                    let is_negation = neg.is_some_and(|n| group.contains(&n));
                    let mut found = false;
                    for h in hits().filter(|h| {
                        group.contains(&h.set)
                            && !excepted(&h.range)
                            && (is_negation || !neg_unless || !governed(&h.range))
                            && (is_negation || !neg_wanted || governed(&h.range))
                    }) {
                        found = true;
                        ranges.push(h.range.clone());
                    }
                    all &= found;
                }
                if !all {
                    continue;
                }
                if all_of.len() > 1 {
                    // Terms found together: underline from the first to the last.
                    let s = ranges.iter().map(|r| r.start).min().unwrap_or(0);
                    let e = ranges.iter().map(|r| r.end).max().unwrap_or(0);
                    ev.push(Evidence {
                        field: unit_field(u, cx.filing),
                        range: s..e,
                        detail: None,
                        primary: true,
                    });
                } else {
                    ranges.sort_by_key(|r| (r.start, r.end));
                    let mut merged: Vec<Range<usize>> = vec![];
                    for r in ranges {
                        match merged.last_mut() {
                            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
                            _ => merged.push(r),
                        }
                    }
                    ev.extend(merged.into_iter().map(|r| Evidence {
                        field: unit_field(u, cx.filing),
                        range: r,
                        detail: None,
                        primary: true,
                    }));
                }
            }
            (!ev.is_empty()).then_some(ev)
        }
        Cond::Code { field, patterns } => {
            let kind;
            let (name, v) = match field {
                CodeField::Industry => ("industry", cx.filing.industry.as_ref()?),
                CodeField::Region => ("region", cx.filing.region.as_ref()?),
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
            e.primary = true;
            Some(vec![e])
        }
        Cond::Presence { op, field } => {
            use crate::dsl::ast::PresenceField as P;
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
                    field: Cow::Borrowed(name),
                    range: s,
                    detail: None,
                    primary: false,
                }]),
                (PresenceOp::Empty, Some((name, s))) if f.scope.is_empty() => {
                    Some(vec![Evidence {
                        field: Cow::Borrowed(name),
                        range: s,
                        detail: None,
                        primary: true,
                    }])
                }
                (PresenceOp::Missing, None) => Some(vec![]),
                _ => None,
            }
        }
    }
}

/// Fills a rule message's placeholders.
pub fn render_message(
    template: &str,
    matched: &str,
    field: Option<&str>,
    value: Option<&str>,
    problem: Option<&str>,
) -> String {
    let one_line = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    template
        .replace("{matched}", &one_line)
        .replace("{field}", field.unwrap_or(""))
        .replace("{value}", value.unwrap_or(&one_line))
        .replace("{problem}", problem.unwrap_or(""))
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
            });
        }
    }
    let units = units(rules, filing);
    let mut cx = Ctx {
        filing,
        units: &units,
        src: &file.src,
        prohibited: false,
        strict: false,
        negations: rules.negations,
    };
    let fallback = filing
        .name
        .as_ref()
        .map(|n| located("name", n, &file.src))
        .unwrap_or(Evidence {
            field: Cow::Borrowed("name"),
            range: filing.span.start..filing.span.start,
            detail: None,
            primary: false,
        });
    let mut hit_sets = vec![false; rules.catalog.sets.len()];
    for h in units.iter().flat_map(|u| &u.hits) {
        hit_sets[h.set] = true;
    }
    for (idx, rule) in rules.catalog.rules.iter().enumerate() {
        match only {
            Some(o) if o != idx => continue,
            None if !rule.in_force(as_of) => continue,
            _ => {}
        }
        if let Some(need) = &rules.triggers[idx]
            && !need.iter().any(|s| hit_sets[*s])
        {
            continue;
        }
        cx.prohibited = rule.category == Category::Prohibited;
        cx.strict = cx.prohibited && rule.severity == Severity::Error;
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
        // 挖矿): report their union once.
        evidence.sort_by_key(|e| (e.range.start, e.range.end));
        let mut merged: Vec<Evidence> = vec![];
        for e in evidence {
            match merged.last_mut() {
                Some(m) if e.range.start < m.range.end || e.range == m.range => {
                    m.range.end = m.range.end.max(e.range.end);
                    if m.detail.is_none() {
                        m.detail = e.detail;
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
    let matched = &file.src[e.range.clone()];
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
        ),
        field: Some(e.field.to_string()),
        range: e.range.clone(),
        rule_index: Some(idx),
        as_of,
        filing: None,
        existing: None,
        region: None,
    }
}
