//! The rule validator: AST → a validated [`Catalog`]. Every problem is a located
//! diagnostic in the rule file; nothing is silently dropped or defaulted.

use super::ast::{self, CompareValue, Expr, Keyword, PropValue, Spanned, TermRef};
use crate::diagnostic::{Place, SourceError, TextSource};
use crate::parse::date::{Date, DateError, parse_date};
use crate::suggest::closest;
use crate::text::normalize::normalize_term;
use std::collections::HashMap;
use std::ops::Range;

use crate::rule::*;

const PLACEHOLDERS: &[&str] = &[
    "matched", "field", "value", "problem", "entry", "class", "licence", "measure",
];
const STATUSES: &[&str] = &["confirmed", "partly-confirmed", "unconfirmed"];

/// Checks parsed rule files together (sources and term sets are shared
/// across files). Returns the catalog and warnings, or every error found.
pub fn validate(
    files: &[(TextSource, ast::RuleFile)],
) -> Result<(Catalog, Vec<SourceError>), Vec<SourceError>> {
    let mut c = Checker::default();
    for (src, f) in files {
        for s in &f.sources {
            c.source(src, s);
        }
        for t in &f.terms {
            c.terms(src, t);
        }
    }
    for (src, f) in files {
        for r in &f.rules {
            c.rule(src, r);
        }
    }
    if c.errors.is_empty() {
        Ok((c.catalog, c.warnings))
    } else {
        Err(c.errors)
    }
}

#[derive(Default)]
struct Checker {
    catalog: Catalog,
    errors: Vec<SourceError>,
    warnings: Vec<SourceError>,
    source_ids: HashMap<String, (usize, Place)>,
    set_ids: HashMap<String, (SetId, Place)>,
    rule_ids: HashMap<String, Place>,
}

impl Checker {
    fn date(&mut self, src: &TextSource, s: &Spanned<String>) -> Option<Date> {
        match parse_date(&s.value) {
            Ok(d) => Some(d),
            Err(DateError::NoSuchDay) => {
                self.errors.push(SourceError::error(
                    src,
                    s.span.clone(),
                    format!("impossible date `{}`", s.value),
                    "no such day",
                ));
                None
            }
            Err(DateError::Form) => {
                self.errors.push(SourceError::error(
                    src,
                    s.span.clone(),
                    format!("malformed date `{}`", s.value),
                    "expected YYYY-MM-DD",
                ));
                None
            }
        }
    }

    /// Where a name was first declared, for "first declared at" help; the
    /// line and column are only worked out if that help is shown.
    fn where_first(&self, src: &TextSource, span: &Range<usize>) -> Place {
        Place {
            source: src.clone(),
            offset: span.start,
        }
    }

    fn source(&mut self, src: &TextSource, s: &ast::SourceDecl) {
        if let Some((_, first)) = self.source_ids.get(&s.id.value) {
            self.errors.push(SourceError::error(src, s.id.span.clone(), format!("source `{}` is declared twice", s.id.value), "declared again here").with_help(format!("the first declaration is at {first}; declare each instrument once and cite it from rules")));
            return;
        }
        let mut out = Source {
            id: s.id.value.clone(),
            ..Source::default()
        };
        let mut seen: Vec<&str> = vec![];
        for (k, v) in &s.props {
            if seen.contains(&k.value.as_str()) {
                self.errors.push(SourceError::error(
                    src,
                    k.span.clone(),
                    format!("source property `{}` is given twice", k.value),
                    "repeated",
                ));
                continue;
            }
            seen.push(&k.value);
            let is_date_key = matches!(
                k.value.as_str(),
                "signed" | "published" | "effective" | "superseded_on"
            );
            match (&v.value, is_date_key) {
                (PropValue::Date(d), true) => {
                    let d = self.date(
                        src,
                        &Spanned {
                            value: d.clone(),
                            span: v.span.clone(),
                        },
                    );
                    match k.value.as_str() {
                        "signed" => out.signed = d,
                        "published" => out.published = d,
                        "effective" => out.effective = d,
                        "superseded_on" => out.superseded_on = d,
                        other => self.errors.push(SourceError::internal(
                            src,
                            k.span.clone(),
                            "source date property",
                            other,
                        )),
                    }
                }
                (PropValue::Str(s), false) => match k.value.as_str() {
                    "number" => out.number = s.clone(),
                    "title" => out.title = s.clone(),
                    "title_en" => out.title_en = Some(s.clone()),
                    "issuer" => out.issuer = Some(s.clone()),
                    "superseded_by" => out.superseded_by = Some(s.clone()),
                    "url" => out.url = Some(s.clone()),
                    "quote" => out.quote = Some(s.clone()),
                    "note" => out.note = Some(s.clone()),
                    "status" => {
                        if !STATUSES.contains(&s.as_str()) {
                            self.errors.push(SourceError::error(src, v.span.clone(), format!("unknown status `{s}`"), "not a status").with_help("status is one of \"confirmed\", \"partly-confirmed\", \"unconfirmed\""));
                        }
                        out.status = s.clone();
                    }
                    other => self.errors.push(SourceError::internal(
                        src,
                        k.span.clone(),
                        "source property",
                        other,
                    )),
                },
                (_, true) => self.errors.push(SourceError::error(
                    src,
                    v.span.clone(),
                    format!("`{}` takes a date", k.value),
                    "expected YYYY-MM-DD",
                )),
                (_, false) => self.errors.push(SourceError::error(
                    src,
                    v.span.clone(),
                    format!("`{}` takes a string", k.value),
                    "expected a quoted string",
                )),
            }
        }
        for (field, val) in [
            ("number", &out.number),
            ("title", &out.title),
            ("status", &out.status),
        ] {
            if val.is_empty() {
                self.errors.push(SourceError::error(
                    src,
                    s.id.span.clone(),
                    format!("source `{}` has no `{field}`", s.id.value),
                    format!("add `{field}`"),
                ));
            }
        }
        if let (Some(e), Some(u)) = (out.effective, out.superseded_on)
            && u < e
        {
            self.errors.push(SourceError::error(
                src,
                s.span.clone(),
                format!(
                    "source `{}` is superseded ({u}) before it takes effect ({e})",
                    s.id.value
                ),
                "impossible dates",
            ));
        }
        let at = self.where_first(src, &s.id.span);
        self.source_ids
            .insert(out.id.clone(), (self.catalog.sources.len(), at));
        self.catalog.sources.push(out);
    }

    fn terms(&mut self, src: &TextSource, t: &ast::TermsDecl) {
        if let Some((_, first)) = self.set_ids.get(&t.id.value) {
            self.errors.push(
                SourceError::error(
                    src,
                    t.id.span.clone(),
                    format!("term set `{}` is declared twice", t.id.value),
                    "declared again here",
                )
                .with_help(format!("the first declaration is at {first}")),
            );
            return;
        }
        let id = self.add_set(src, t.id.value.clone(), &t.terms, t.id.span.clone());
        let at = self.where_first(src, &t.id.span);
        self.set_ids.insert(t.id.value.clone(), (id, at));
    }

    /// Validates terms: a term that normalizes to fewer than two word
    /// characters (see [`word_chars`]) would match almost any text, so it is
    /// refused.
    fn add_set(
        &mut self,
        src: &TextSource,
        name: String,
        terms: &[Spanned<String>],
        at: Range<usize>,
    ) -> SetId {
        if terms.is_empty() {
            self.errors.push(
                SourceError::error(src, at, format!("term set `{name}` is empty"), "empty")
                    .with_help("a term set needs at least one term: an empty one matches nothing, and a rule built on it can never fire"),
            );
        }
        for t in terms {
            if word_chars(&normalize_term(&t.value)) < 2 {
                self.errors.push(
                    SourceError::error(src, t.span.clone(), format!("term `{}` is too short to match on", t.value), "would match almost every filing")
                        .with_help("a term must have at least two letters, digits or CJK characters after normalization (width, case, spacing); punctuation, symbols and quotes do not count; use a longer phrase"),
                );
            }
        }
        self.catalog.sets.push(TermSet {
            name,
            terms: terms.iter().map(|t| t.value.clone()).collect(),
        });
        self.catalog.sets.len() - 1
    }

    fn set_ref(&mut self, src: &TextSource, r: &Spanned<TermRef>) -> Option<SetId> {
        match &r.value {
            TermRef::Named(n) => match self.set_ids.get(n) {
                Some((id, _)) => Some(*id),
                None if n == "negations" => {
                    // The term set `negations` was once a hidden keyword.
                    self.errors.push(
                        SourceError::error(
                            src,
                            r.span.clone(),
                            "`negations` is structure, not a term set",
                            "not a term set",
                        )
                        .with_help("every rule leaves out what a negation construction of the scope governs (不含…, …除外, 不得从事…): drop `unless negations`; to ask for negated words, write `scope contains SET negated`"),
                    );
                    None
                }
                None => {
                    let mut e = SourceError::error(
                        src,
                        r.span.clone(),
                        format!("unknown term set `{n}`"),
                        "not declared",
                    );
                    if let Some(s) = closest(n, self.set_ids.keys().map(String::as_str)) {
                        e = e.with_help(format!("did you mean `{s}`?"));
                    } else {
                        e = e.with_help(format!("declare it with `terms {n} = [\"…\"]`"));
                    }
                    self.errors.push(e);
                    None
                }
            },
            TermRef::Inline(terms) => {
                let name = format!(
                    "[{}]",
                    terms
                        .iter()
                        .map(|t| t.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                Some(self.add_set(src, name, terms, r.span.clone()))
            }
        }
    }

    fn cond(&mut self, src: &TextSource, e: &Spanned<Expr>) -> Option<Cond> {
        Some(match &e.value {
            // Every operand is checked, so that each one's errors are
            // reported, not only the first one's.
            Expr::Or(v) => Cond::Or(
                v.iter()
                    .map(|x| self.cond(src, x))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .collect::<Option<_>>()?,
            ),
            Expr::And(v) => Cond::And(
                v.iter()
                    .map(|x| self.cond(src, x))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .collect::<Option<_>>()?,
            ),
            Expr::Not(x) => Cond::Not(Box::new(self.cond(src, x)?)),
            Expr::Text {
                field,
                all_of,
                except,
                unless,
                negated,
            } => {
                let groups: Vec<Option<Vec<SetId>>> = all_of
                    .iter()
                    .map(|g| {
                        let ids: Vec<Option<SetId>> =
                            g.iter().map(|r| self.set_ref(src, r)).collect();
                        ids.into_iter().collect()
                    })
                    .collect();
                let groups: Vec<Vec<SetId>> = groups.into_iter().collect::<Option<_>>()?;
                let mut resolve = |refs: &[Spanned<TermRef>]| -> Option<Vec<SetId>> {
                    let ids: Vec<Option<SetId>> =
                        refs.iter().map(|r| self.set_ref(src, r)).collect();
                    ids.into_iter().collect()
                };
                let (except_ids, unless_ids) = (resolve(except), resolve(unless));
                let (except_ids, unless_ids) = (except_ids?, unless_ids?);
                // `except` drops hits of every group, so it is weighed
                // against all of them.
                let all: Vec<SetId> = groups.iter().flatten().copied().collect();
                // (`unless` is a span, as `except` is.)
                for (r, id) in except.iter().zip(&except_ids) {
                    self.except_never_applies(src, &all, *id, r.span.clone(), "except");
                }
                for (r, id) in unless.iter().zip(&unless_ids) {
                    self.except_never_applies(src, &all, *id, r.span.clone(), "unless");
                }
                // Every group must be found; one that the exceptions take
                // away entirely leaves the rule nothing to fire on.
                for (g, ids) in all_of.iter().zip(&groups) {
                    let span = g[0].span.start..g[g.len() - 1].span.end;
                    self.dead_group(src, ids, span, &except_ids, &unless_ids);
                }
                let (except, unless) = (except_ids, unless_ids);
                Cond::Text {
                    field: *field,
                    all_of: groups,
                    except,
                    unless,
                    negated: *negated,
                }
            }
            Expr::Code { field, patterns } => Cond::Code {
                field: *field,
                patterns: patterns.iter().map(|p| p.value.clone()).collect(),
            },
            Expr::Compare { field, op, value } => match (&value.value, field.is_date()) {
                (CompareValue::Field(other), _) => {
                    if !(field.is_date() && other.is_date()) {
                        self.errors.push(SourceError::error(
                            src,
                            e.span.clone(),
                            "only two date fields can be compared with each other",
                            "not two dates",
                        ).with_help("compare a field with a literal (`energy.daily_kwh > 50000`) or two dates (`established_on > filed_on`)"));
                        return None;
                    }
                    Cond::DateFields {
                        field: *field,
                        op: *op,
                        other: *other,
                    }
                }
                (CompareValue::Number(n), false) => Cond::Number {
                    field: *field,
                    op: *op,
                    value: *n,
                },
                (CompareValue::Date(d), true) => {
                    let d = self.date(
                        src,
                        &Spanned {
                            value: d.clone(),
                            span: value.span.clone(),
                        },
                    )?;
                    Cond::Date {
                        field: *field,
                        op: *op,
                        value: d,
                    }
                }
                (_, true) => {
                    self.errors.push(SourceError::error(
                        src,
                        value.span.clone(),
                        "a date field is compared with a number",
                        "expected a date like 2021-09-24",
                    ));
                    return None;
                }
                (_, false) => {
                    self.errors.push(SourceError::error(
                        src,
                        value.span.clone(),
                        "a numeric field is compared with a date",
                        "expected a number",
                    ));
                    return None;
                }
            },
            Expr::Uscc(f) => Cond::Uscc(*f),
            Expr::Item {
                class,
                section,
                unapproved,
                mentions,
            } => {
                if *mentions && *class == ItemClass::Nonstandard {
                    self.errors.push(SourceError::error(
                        src,
                        e.span.clone(),
                        "`scope item mentions nonstandard` names nothing",
                        "no entry is non-standard",
                    ).with_help("`mentions` takes a class of entries: prior, licensed, filing or general"));
                    return None;
                }
                Cond::Item {
                    class: *class,
                    section: *section,
                    unapproved: *unapproved,
                    mentions: *mentions,
                }
            }
            Expr::Presence { op, field } => {
                if *op == PresenceOp::Empty && *field != PresenceField::BusinessScope {
                    self.errors.push(
                        SourceError::error(
                            src,
                            e.span.clone(),
                            format!("`empty` does not apply to `{}`", field.keyword()),
                            "only `empty business_scope`",
                        )
                        .with_help("use `missing` for fields that are absent"),
                    );
                    return None;
                }
                Cond::Presence {
                    op: *op,
                    field: *field,
                }
            }
        })
    }

    /// An `except` none of whose phrases contains a term of the rule can
    /// never drop a hit: a warning (it is likely meant as `unless`).
    fn except_never_applies(
        &mut self,
        src: &TextSource,
        sets: &[SetId],
        except: SetId,
        span: Range<usize>,
        keyword: &str,
    ) {
        let main: Vec<String> = sets
            .iter()
            .flat_map(|s| self.catalog.sets[*s].terms.iter())
            .map(|t| normalize_term(t))
            .collect();
        let touches = self.catalog.sets[except].terms.iter().any(|x| {
            let x = normalize_term(x);
            main.iter().any(|t| x.contains(t.as_str()))
        });
        if !touches {
            self.warnings.push(
                SourceError::warning(
                    src,
                    span,
                    format!("this `{keyword}` can never apply"),
                    "no phrase here contains a word the rule matches",
                )
                .with_help("an exemption drops a match lying inside one of its phrases at the same place (保险 in 保险柜); a word elsewhere in the item exempts nothing"),
            );
        }
    }

    /// A `+` group (any of `sets`) every term of which an exception always
    /// takes away: the group is never found, so the rule can never fire.
    /// Checked for every group, with `except` and `unless` together; the
    /// error is at the group and names a term and what swallows it.
    fn dead_group(
        &mut self,
        src: &TextSource,
        sets: &[SetId],
        span: Range<usize>,
        except: &[SetId],
        unless: &[SetId],
    ) {
        let exceptions = |ids: &[SetId], kind: Exception| -> Vec<(String, Exception, String)> {
            ids.iter()
                .flat_map(|id| {
                    let set = &self.catalog.sets[*id];
                    set.terms
                        .iter()
                        .map(|x| (normalize_term(x), kind, set.name.clone()))
                })
                .filter(|(x, _, _)| !x.is_empty())
                .collect()
        };
        let exceptions = [
            exceptions(except, Exception::Except),
            exceptions(unless, Exception::Unless),
        ]
        .concat();
        let mut killed = vec![];
        for s in sets {
            for t in &self.catalog.sets[*s].terms {
                let n = normalize_term(t);
                match exceptions.iter().find(|(x, kind, _)| kind.swallows(&n, x)) {
                    Some(by) => killed.push((t.clone(), by)),
                    None => return,
                }
            }
        }
        let Some((term, (_, kind, set))) = killed.first() else {
            return;
        };
        let names: Vec<&str> = sets
            .iter()
            .map(|s| self.catalog.sets[*s].name.as_str())
            .collect();
        let more = match killed.len() {
            1 => String::new(),
            2 => " (and the group's other term likewise)".to_string(),
            n => format!(" (and the group's {} other terms likewise)", n - 1),
        };
        self.errors.push(
            SourceError::error(
                src,
                span,
                format!(
                    "the exceptions take away every term of `{}`, so the rule can never fire",
                    names.join(" | ")
                ),
                format!("`{term}` is always excepted by `{} {set}`{more}", kind.keyword()),
            )
            .with_help("`except` drops a hit lying inside one of its phrases, so a term equal to an exception phrase never counts; `unless` skips an item holding one of its terms, so a term containing one never counts. Narrow the exception, or drop the term"),
        );
    }

    fn rule(&mut self, src: &TextSource, r: &ast::RuleDecl) {
        for id in [&r.code, &r.name] {
            let key = id.value.to_ascii_lowercase();
            if let Some(first) = self.rule_ids.get(&key) {
                self.errors.push(SourceError::error(src, id.span.clone(), format!("duplicate rule id `{}`", id.value), "used again here").with_help(format!("the first rule with this id is at {first}; rule codes and names must be unique")));
            } else {
                let at = self.where_first(src, &id.span);
                self.rule_ids.insert(key, at);
            }
        }
        for rep in &r.repeated {
            self.errors.push(SourceError::error(
                src,
                rep.span.clone(),
                format!("`{}` is given twice in rule {}", rep.value, r.code.value),
                "repeated property",
            ));
        }
        let missing = |what: &str| {
            SourceError::error(
                src,
                r.code.span.clone(),
                format!("rule {} has no `{what}`", r.code.value),
                format!("add `{what}`"),
            )
        };
        let mut ok = true;
        for (what, present) in [
            ("title", r.title.is_some()),
            ("category", r.category.is_some()),
            ("when", r.when.is_some()),
            ("message", r.message.is_some()),
        ] {
            if !present {
                self.errors.push(missing(what));
                ok = false;
            }
        }
        if let Some(m) = &r.message {
            let mut rest = m.value.as_str();
            while let Some(open) = rest.find('{') {
                let after = &rest[open + 1..];
                let Some(close) = after.find('}') else { break };
                let name = &after[..close];
                if !PLACEHOLDERS.contains(&name) {
                    self.errors.push(
                        SourceError::error(
                            src,
                            m.span.clone(),
                            // (Escaped: a placeholder may hold a line break.)
                            format!("unknown placeholder `{{{}}}` in message", name.escape_debug()),
                            "in this message",
                        )
                        .with_help("messages may use {matched}, {field}, {value} and {problem}; a catalogue rule also {entry}, {class}, {licence} and {measure}"),
                    );
                    ok = false;
                }
                rest = &after[close + 1..];
            }
        }
        let mut basis = vec![];
        for b in &r.basis {
            match self.source_ids.get(&b.source.value) {
                Some((i, _)) => basis.push(BasisRef {
                    source: *i,
                    item: b.item.as_ref().map(|i| i.value.clone()),
                    quote: b.quote.as_ref().map(|q| q.value.clone()),
                }),
                None => {
                    let mut e = SourceError::error(
                        src,
                        b.source.span.clone(),
                        format!("unknown source `{}`", b.source.value),
                        "not declared with `source`",
                    );
                    if let Some(s) =
                        closest(&b.source.value, self.source_ids.keys().map(String::as_str))
                    {
                        e = e.with_help(format!("did you mean `{s}`?"));
                    }
                    self.errors.push(e);
                    ok = false;
                }
            }
        }
        let (mut from, mut until) = (None, None);
        let stated = r.effective.is_some();
        if let Some(eff) = &r.effective {
            if let Some(f) = &eff.value.0 {
                from = self.date(src, f);
            }
            if let Some(u) = &eff.value.1 {
                until = self.date(src, u);
            }
            if let (Some(f), Some(u)) = (from, until)
                && u <= f
            {
                self.errors.push(SourceError::error(
                    src,
                    eff.span.clone(),
                    format!("rule {} ends ({u}) before it starts ({f})", r.code.value),
                    "empty interval",
                ));
            }
        }
        let periods = if stated || basis.is_empty() {
            vec![Period { from, until }]
        } else {
            // In force whenever one of its sources is.
            merge_periods(
                basis
                    .iter()
                    .map(|b| self.catalog.sources[b.source].period())
                    .collect(),
            )
        };
        let when = r.when.as_ref().and_then(|w| self.cond(src, w));
        // The grammar admits only known categories, severities and report
        // modes; anything else is a bug, reported rather than defaulted.
        let category = match &r.category {
            Some(c) => Category::parse(&c.value).or_else(|| {
                self.errors.push(SourceError::internal(
                    src,
                    c.span.clone(),
                    "category",
                    &c.value,
                ));
                None
            }),
            None => None,
        };
        let severity = match &r.severity {
            Some(s) => Severity::parse(&s.value).or_else(|| {
                self.errors.push(SourceError::internal(
                    src,
                    s.span.clone(),
                    "severity",
                    &s.value,
                ));
                None
            }),
            None => category.map(Category::default_severity),
        };
        let once = match r.report.as_ref().map(|m| (m.value.as_str(), m)) {
            None | Some(("each", _)) => Some(false),
            Some(("once", _)) => Some(true),
            Some((other, m)) => {
                self.errors.push(SourceError::internal(
                    src,
                    m.span.clone(),
                    "report mode",
                    other,
                ));
                None
            }
        };
        let opt_in = match r.default.as_ref().map(|m| (m.value.as_str(), m)) {
            None | Some(("on", _)) => Some(false),
            Some(("off", _)) => Some(true),
            Some((other, m)) => {
                self.errors.push(SourceError::internal(
                    src,
                    m.span.clone(),
                    "default mode",
                    other,
                ));
                None
            }
        };
        if !r.examples.iter().any(|e| e.deny) || !r.examples.iter().any(|e| !e.deny) {
            self.warnings.push(
                SourceError::warning(src, r.code.span.clone(), format!("rule {} lacks an `example deny` or an `example allow`", r.code.value), "untested rule")
                    .with_help("give each rule at least one filing it must flag and one near-miss it must not; `neglist test` runs them"),
            );
        }
        let (Some(when), Some(category), Some(severity), Some(once), Some(opt_in), true) =
            (when, category, severity, once, opt_in, ok)
        else {
            return;
        };
        self.catalog.rules.push(Rule {
            code: r.code.value.clone(),
            name: r.name.value.clone(),
            title: r
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            title_en: r.title_en.as_ref().map(|t| t.value.clone()),
            category,
            severity,
            basis,
            periods,
            stated,
            when_text: r
                .when
                .as_ref()
                .map(|w| {
                    src.text[w.span.clone()]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default(),
            when,
            message: r
                .message
                .as_ref()
                .map(|m| m.value.clone())
                .unwrap_or_default(),
            help: r.help.as_ref().map(|h| h.value.clone()),
            help_en: r.help_en.as_ref().map(|h| h.value.clone()),
            once,
            opt_in,
            examples: r
                .examples
                .iter()
                .map(|e| Example {
                    deny: e.deny,
                    yaml: e.yaml.value.clone(),
                    span: e.yaml.span.clone(),
                })
                .collect(),
            origin: src.clone(),
            span: r.span.clone(),
        });
    }
}

/// The two kinds of exception of a text predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exception {
    Except,
    Unless,
}

impl Exception {
    fn keyword(self) -> &'static str {
        match self {
            Exception::Except => "except",
            Exception::Unless => "unless",
        }
    }

    /// Whether exception term `x` takes away every hit of main term `t`
    /// (both normalized). Both drop a hit only where one of their phrases
    /// covers it at the same place, which for every hit of `t` holds only
    /// if the phrase is `t` itself.
    fn swallows(self, t: &str, x: &str) -> bool {
        match self {
            Exception::Except | Exception::Unless => t == x,
        }
    }
}

/// How many characters of a (normalized) term carry its meaning: letters,
/// digits and CJK ideographs (all `char::is_alphanumeric`). Punctuation,
/// symbols and quotation marks do not: `"b-"` is a one-letter term and
/// `"币。"` matches every item ending in 币.
fn word_chars(term: &str) -> usize {
    term.chars().filter(|c| c.is_alphanumeric()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::parser::parse_rule_file;
    use std::sync::Arc;

    fn src(text: &str) -> TextSource {
        TextSource {
            path: "t.rules".into(),
            text: Arc::from(text),
        }
    }

    fn load(text: &str) -> Result<(Catalog, Vec<SourceError>), Vec<SourceError>> {
        let s = src(text);
        let f = parse_rule_file(&s).unwrap_or_else(|e| panic!("does not parse: {e:?}"));
        validate(&[(s, f)])
    }

    fn rule_with(props: &str) -> String {
        format!(
            "rule XX0001 r-one {{\n  title \"t\"\n  category risk\n  message \"m\"\n{props}\n}}\n"
        )
    }

    /// The errors of a rule file, as (the text they point at, message).
    fn errors(text: &str) -> Vec<(String, String)> {
        match load(text) {
            Ok(_) => vec![],
            Err(e) => e
                .iter()
                .map(|e| (text[e.span.clone()].to_string(), e.message.clone()))
                .collect(),
        }
    }

    #[test]
    fn a_checked_file_becomes_a_catalog() {
        let text = "source s-1 {\n  number \"n1\"\n  title \"T\"\n  status \"confirmed\"\n  published 2021-09-24\n  superseded_on 2026-02-06\n}\nterms coins = [\"比特币\", \"ＢＴＣ\"]\nrule XX0001 r-one {\n  title \"t\"\n  category prohibited\n  basis s-1 item \"（七）\"\n  report once\n  when scope contains coins + [\"挖矿\"] unless [\"挖矿木马\"] or missing uscc\n  message \"{matched}\"\n  example deny { name: a }\n  example allow { name: b }\n}\n";
        let (c, warnings) = load(text).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.sources[0].number, "n1");
        assert_eq!(c.sets[0].name, "coins");
        assert_eq!(c.sets[0].terms, ["比特币", "ＢＴＣ"]);
        let r = &c.rules[0];
        assert_eq!(
            (r.category, r.severity),
            (Category::Prohibited, Severity::Error)
        );
        assert!(r.once && !r.stated);
        // In force as its source is.
        assert_eq!(r.periods_text(), "2021-09-24 .. 2026-02-06");
        assert_eq!(r.basis[0].item.as_deref(), Some("（七）"));
        assert_eq!(
            r.examples.iter().map(|e| e.deny).collect::<Vec<_>>(),
            [true, false]
        );
        assert_eq!(&text[r.examples[0].span.clone()], "{ name: a }");
        let Cond::Or(parts) = &r.when else {
            panic!("{:?}", r.when)
        };
        let Cond::Text {
            field,
            all_of,
            except,
            unless,
            negated,
        } = &parts[0]
        else {
            panic!()
        };
        assert_eq!(*field, TextField::Scope);
        assert_eq!(all_of, &vec![vec![0], vec![1]]);
        assert!(except.is_empty() && !negated);
        assert_eq!(c.sets[unless[0]].terms, ["挖矿木马"]);
        assert!(matches!(
            parts[1],
            Cond::Presence {
                op: PresenceOp::Missing,
                field: PresenceField::Uscc
            }
        ));
        assert_eq!(
            r.when_text,
            "scope contains coins + [\"挖矿\"] unless [\"挖矿木马\"] or missing uscc"
        );
    }

    #[test]
    fn severity_defaults_by_category_and_report_each_is_the_default() {
        let (c, _) = load(&rule_with("  when missing name")).unwrap();
        assert_eq!(c.rules[0].severity, Severity::Warning);
        assert!(!c.rules[0].once);
        let (c, _) = load(&rule_with(
            "  severity note\n  report each\n  when missing name",
        ))
        .unwrap();
        assert_eq!(c.rules[0].severity, Severity::Note);
        assert!(!c.rules[0].once);
    }

    #[test]
    fn stated_intervals_and_their_errors() {
        let periods = |eff: &str| {
            let (c, _) = load(&rule_with(&format!(
                "  effective {eff}\n  when missing name"
            )))
            .unwrap();
            assert!(c.rules[0].stated);
            c.rules[0].periods_text()
        };
        assert_eq!(periods(".."), "always");
        assert_eq!(periods("2021-09-24 .."), "2021-09-24 ..");
        assert_eq!(periods(".. 2021-09-24"), ".. 2021-09-24");
        assert_eq!(
            periods("// 2021..2026\n 2021-09-24 .. // ..\n 2026-02-06"),
            "2021-09-24 .. 2026-02-06"
        );
        // Inverted or empty: an error at `effective`; impossible: at the date.
        let text = rule_with("  effective 2022-01-01 .. 2021-01-01\n  when missing name");
        assert_eq!(
            errors(&text),
            [(
                "effective 2022-01-01 .. 2021-01-01".to_string(),
                "rule XX0001 ends (2021-01-01) before it starts (2022-01-01)".to_string()
            )]
        );
        assert_eq!(
            errors(&rule_with(
                "  effective 2021-01-01 .. 2021-01-01\n  when missing name"
            ))
            .len(),
            1
        );
        assert_eq!(
            errors(&rule_with("  effective 2021-02-30 ..\n  when missing name")),
            [(
                "2021-02-30".to_string(),
                "impossible date `2021-02-30`".to_string()
            )]
        );
    }

    #[test]
    fn word_chars_counts_letters_digits_and_ideographs() {
        for (term, n) in [
            ("b-", 1),
            ("币。", 1),
            ("“币”", 1),
            ("b2", 2),
            ("比特币", 3),
            ("𠀀币", 2),
            ("...", 0),
            ("", 0),
            ("维生素b-12", 6),
        ] {
            assert_eq!(word_chars(term), n, "{term}");
        }
        let e = errors("terms t = [\"b-\", \"ok\", \"币。\"]\n");
        assert_eq!(
            e.iter().map(|(at, _)| at.as_str()).collect::<Vec<_>>(),
            ["\"b-\"", "\"币。\""]
        );
        assert!(e[0].1.contains("too short"));
    }

    #[test]
    fn what_each_exception_takes_away() {
        use Exception::*;
        assert!(Except.swallows("比特币", "比特币"));
        assert!(!Except.swallows("比特币", "比特币挖矿"));
        assert!(!Except.swallows("比特币挖矿", "挖矿"));
        // (`unless` is a span too: a shorter exemption takes nothing away.)
        assert!(!Unless.swallows("比特币挖矿", "挖矿"));
        assert!(Unless.swallows("挖矿", "挖矿"));
        assert!(!Unless.swallows("挖矿", "比特币挖矿"));
    }

    #[test]
    fn every_dead_group_is_an_error_at_the_group() {
        let at = |when: &str| -> Vec<String> {
            errors(&rule_with(&format!("  when {when}")))
                .into_iter()
                .filter(|(_, m)| m.contains("can never fire"))
                .map(|(at, _)| at)
                .collect()
        };
        assert_eq!(
            at("scope contains [\"服务\"] + [\"比特币挖矿\"] unless [\"比特币挖矿\"]"),
            ["[\"比特币挖矿\"]"]
        );
        assert_eq!(
            at("scope contains [\"比特币挖矿\"] + [\"服务\"] unless [\"比特币挖矿\"]"),
            ["[\"比特币挖矿\"]"]
        );
        assert_eq!(
            at("scope contains [\"a1\"] + [\"b1\"] + [\"c1\"] except [\"b1\"] | [\"c1\"]"),
            ["[\"b1\"]", "[\"c1\"]"]
        );
        // A named set: the error names it.
        let text = "terms w = [\"比特币挖矿\", \"以太坊挖矿\"]\n".to_string()
            + &rule_with(
                "  when scope contains [\"服务\"] + w unless [\"比特币挖矿\", \"以太坊挖矿\"]",
            );
        let e = load(&text).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message.contains("every term of `w`"),
            "{}",
            e[0].message
        );
        assert_eq!(&text[e[0].span.clone()], "w");
        assert!(
            e[0].label
                .contains("`比特币挖矿` is always excepted by `unless [比特币挖矿, 以太坊挖矿]`"),
            "{}",
            e[0].label
        );
        assert!(e[0].label.contains("other term likewise"), "{}", e[0].label);
        // Not dead: one term escapes, or the phrase is longer.
        assert!(
            at("scope contains [\"服务\"] + [\"挖矿\", \"矿机\"] unless [\"挖矿\"]").is_empty()
        );
        assert!(at("scope contains [\"服务\"] + [\"比特币挖矿\"] unless [\"挖矿\"]").is_empty());
        assert!(at("scope contains [\"服务\"] + [\"比特币\"] except [\"比特币挖矿\"]").is_empty());
        assert!(
            at("scope contains [\"服务\"] + [\"比特币\"] | [\"以太坊\"] except [\"比特币\"]")
                .is_empty()
        );
    }

    #[test]
    fn references_and_properties_are_checked_at_their_place() {
        let text = "terms mywords = [\"比特币\"]\nrule XX0001 a-rule {\n  title \"t\"\n  category risk\n  basis nosuch\n  when scope contains mywordz or empty name\n  message \"{matchd}\"\n  title \"again\"\n}\nrule XX0001 a-rule {\n  title \"t\"\n  category risk\n  message \"m\"\n}\n";
        let e = errors(text);
        let has = |at: &str, msg: &str| e.iter().any(|(a, m)| a.starts_with(at) && m.contains(msg));
        assert!(has("nosuch", "unknown source `nosuch`"), "{e:?}");
        assert!(has("mywordz", "unknown term set `mywordz`"), "{e:?}");
        assert!(
            has("empty name", "`empty` does not apply to `name`"),
            "{e:?}"
        );
        assert!(
            has("\"{matchd}\"", "unknown placeholder `{matchd}`"),
            "{e:?}"
        );
        assert!(has("title \"again\"", "`title` is given twice"), "{e:?}");
        assert!(has("XX0001", "duplicate rule id `XX0001`"), "{e:?}");
        assert!(has("a-rule", "duplicate rule id `a-rule`"), "{e:?}");
        assert!(has("XX0001", "has no `when`"), "{e:?}");
        // A did-you-mean for the misspelt set.
        let (c, _) = load(&rule_with("  when empty business_scope")).unwrap();
        assert!(matches!(
            c.rules[0].when,
            Cond::Presence {
                op: PresenceOp::Empty,
                field: PresenceField::BusinessScope
            }
        ));
    }

    /// The AST can hold any word where the grammar admits only a few; the
    /// checker never reads an unknown one as a default.
    #[test]
    fn an_unknown_category_severity_or_report_mode_is_an_internal_error() {
        let text = rule_with("  severity note\n  report once\n  when missing name");
        let s = src(&text);
        let mut f = parse_rule_file(&s).unwrap();
        for (field, word) in [
            ("category", "bogus"),
            ("severity", "fatal"),
            ("report", "twice"),
        ] {
            let mut g = f.clone();
            let r = &mut g.rules[0];
            let slot = match field {
                "category" => r.category.as_mut(),
                "severity" => r.severity.as_mut(),
                _ => r.report.as_mut(),
            };
            slot.unwrap().value = word.to_string();
            let e = validate(&[(s.clone(), g)]).unwrap_err();
            assert_eq!(e.len(), 1, "{field}: {e:?}");
            assert!(e[0].message.starts_with("internal error"), "{field}: {e:?}");
            assert!(e[0].message.contains(word));
        }
        // Unchanged, it loads.
        f.rules[0].title.as_mut().unwrap().value = "t2".into();
        assert!(validate(&[(s, f)]).is_ok());
    }
}
