//! What the project decided about findings, applied between checking and
//! reporting, one file at a time in report order:
//!
//! 1. waiver comments in the filing (`# neglist: allow RULE -- reason`);
//! 2. the central waivers file (rule, path glob, reason, approver, expiry);
//! 3. `select` / `ignore` / severity overrides from `neglist.toml` or flags;
//! 4. the baseline (findings recorded earlier are left out).
//!
//! Unreadable files are never touched: nothing here can make a file that
//! could not be checked count as clean.

pub mod baseline;
pub mod fold;

use crate::config::Selector;
use crate::config::waivers::CentralWaiver;
use crate::config::waivers::InlineWaivers;
use crate::diagnostic::SourceError;
use crate::engine::Finding;
use crate::filing::{
    EXPIRED_WAIVER, FORBIDDEN_WAIVER, INVALID_WAIVER, LOAD_CODES, LoadCode, UNUSED_WAIVER,
    WAIVER_WITHOUT_APPROVER, WAIVER_WITHOUT_REASON,
};
use crate::parse::date::Date;
use crate::pipeline::{FileReport, PlacedDirective, PlacedFinding, Waived, WaiverRef};
use crate::rule::{Catalog, Category, Severity};
use crate::span::Span;
use baseline::{Baseline, Key};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A rule id as selectors see it.
struct Id {
    code: String,
    name: String,
    category: Category,
    /// An opt-in rule (`default off`): on only where a selector names it.
    opt_in: bool,
}

/// What to do with a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Off,
    /// Reported, at this severity if overridden.
    On(Option<Severity>),
}

/// The settings triage works from.
pub struct Settings {
    /// None: every rule.
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
    pub severity: Vec<(Selector, Severity)>,
    pub waivers: Vec<CentralWaiver>,
    /// Leave out findings this baseline has.
    pub baseline: Option<Baseline>,
    /// Record the findings reported, for `--write-baseline`.
    pub record_baseline: bool,
    /// The day waiver expiry dates are judged by.
    pub today: Date,
    /// The directory baseline paths are relative to.
    pub root: std::path::PathBuf,
    /// Whether waiver comments in filings apply (`waivers.inline`).
    pub inline_waivers: InlineWaivers,
}

impl Settings {
    /// Nothing decided: every rule at its own severity, no waivers file,
    /// no baseline.
    pub fn none(today: Date) -> Settings {
        Settings {
            select: None,
            ignore: vec![],
            severity: vec![],
            waivers: vec![],
            baseline: None,
            record_baseline: false,
            today,
            root: std::env::current_dir().unwrap_or_default(),
            inline_waivers: InlineWaivers::Allow,
        }
    }
}

pub struct Triage {
    decisions: HashMap<String, Decision>,
    /// Every rule and built-in code, for waiver comments.
    ids: Vec<Id>,
    central: Vec<(CentralWaiver, HashSet<String>)>,
    baseline: Option<Baseline>,
    recorded: Option<Baseline>,
    today: Date,
    root: std::path::PathBuf,
    inline_waivers: InlineWaivers,
    /// Whether anything here can change a report.
    active: bool,
}

fn ids(catalog: &Catalog) -> Vec<Id> {
    let mut out: Vec<Id> = catalog
        .rules
        .iter()
        .map(|r| Id {
            code: r.code.clone(),
            name: r.name.clone(),
            category: r.category,
            opt_in: r.opt_in,
        })
        .collect();
    out.extend(LOAD_CODES.iter().map(|c| Id {
        code: c.code.to_string(),
        name: c.name.to_string(),
        category: Category::Data,
        opt_in: false,
    }));
    out
}

/// A rule or built-in code by its code or name, case-insensitively.
fn find_id<'a>(ids: &'a [Id], text: &str) -> Option<&'a Id> {
    ids.iter()
        .find(|i| i.code.eq_ignore_ascii_case(text) || i.name.eq_ignore_ascii_case(text))
}

/// The closest code or name to a misspelt one.
fn closest_id<'a>(ids: &'a [Id], text: &str, more: &[&'a str]) -> Option<&'a str> {
    let names = ids
        .iter()
        .flat_map(|i| [i.code.as_str(), i.name.as_str()])
        .chain(more.iter().copied());
    crate::suggest::closest(text, names)
}

/// The codes a selector stands for and how specific it is (a more specific
/// selector wins: ALL < category < shorter prefix < longer prefix < rule;
/// anything on the command line beats anything in the configuration).
fn resolve(sel: &Selector, ids: &[Id]) -> Result<(Vec<String>, usize), Box<SourceError>> {
    let bonus = if sel.from_command_line() { 1000 } else { 0 };
    resolve_in_file(sel, ids).map(|(codes, spec)| (codes, spec + bonus))
}

fn resolve_in_file(sel: &Selector, ids: &[Id]) -> Result<(Vec<String>, usize), Box<SourceError>> {
    let t = sel.text.as_str();
    let codes = |f: &dyn Fn(&Id) -> bool| -> Vec<String> {
        ids.iter()
            .filter(|i| f(i))
            .map(|i| i.code.clone())
            .collect()
    };
    if t.eq_ignore_ascii_case("ALL") {
        return Ok((codes(&|_| true), 0));
    }
    if let Some(c) = Category::parse(t) {
        return Ok((codes(&|i| i.category == c), 1));
    }
    if let Some(i) = find_id(ids, t) {
        return Ok((vec![i.code.clone()], 100));
    }
    let upper = t.to_ascii_uppercase();
    let by_prefix = codes(&|i| upper.starts_with("NL") && i.code.starts_with(&upper));
    if !by_prefix.is_empty() {
        return Ok((by_prefix, 2 + upper.len()));
    }
    let more: Vec<&str> = Category::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(["ALL"])
        .collect();
    let help = match closest_id(ids, t, &more) {
        Some(s) => format!("did you mean `{s}`? `neglist rules` lists the rule codes and names"),
        None => "use a rule code (NL0101), a code prefix (NL01), a rule name, a category (prohibited, license-required, risk, data) or ALL; `neglist rules` lists them".into(),
    };
    Err(Box::new(
        SourceError::error(
            &sel.source,
            sel.span.clone(),
            format!("`{t}` is not a rule, code prefix or category"),
            "unknown",
        )
        .in_file_kind(if sel.from_command_line() {
            "neglist::flags"
        } else {
            "neglist::config"
        })
        .with_help(help),
    ))
}

impl Triage {
    /// Resolves every selector against the loaded rules; reports each one
    /// that names nothing, at its place.
    pub fn new(catalog: &Catalog, s: Settings) -> Result<Triage, Vec<SourceError>> {
        let ids = ids(catalog);
        let mut errors = vec![];
        let mut resolve_all = |sels: &[Selector]| -> Vec<(Vec<String>, usize)> {
            sels.iter()
                .filter_map(|sel| resolve(sel, &ids).map_err(|e| errors.push(*e)).ok())
                .collect()
        };
        let select = s.select.as_deref().map(&mut resolve_all);
        let ignore = resolve_all(&s.ignore);
        let sev_sels: Vec<Selector> = s.severity.iter().map(|(sel, _)| sel.clone()).collect();
        let severity: Vec<((Vec<String>, usize), Severity)> = resolve_all(&sev_sels)
            .into_iter()
            .zip(s.severity.iter().map(|(_, v)| *v))
            .collect();
        let mut central = vec![];
        for w in s.waivers {
            let codes: HashSet<String> = resolve_all(&w.rules)
                .into_iter()
                .flat_map(|(c, _)| c)
                .collect();
            central.push((w, codes));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let best = |list: &[(Vec<String>, usize)], code: &str| {
            list.iter()
                .filter(|(c, _)| c.iter().any(|c| c == code))
                .map(|(_, spec)| *spec)
                .max()
        };
        let mut decisions = HashMap::new();
        for id in &ids {
            // The more specific of a select and an ignore that both name
            // the rule wins; on a tie, ignore.
            let on = match (
                select.as_deref().map(|s| best(s, &id.code)),
                best(&ignore, &id.code),
            ) {
                // An opt-in rule is on only where a selector names it (by
                // code or name: ALL, a category or a prefix does not).
                (Some(Some(sel)), ign) if id.opt_in => {
                    sel % 1000 >= 100 && ign.is_none_or(|ign| sel > ign)
                }
                _ if id.opt_in => false,
                (None, None) => true,
                (None, Some(_)) | (Some(None), _) => false,
                (Some(Some(_)), None) => true,
                (Some(Some(sel)), Some(ign)) => sel > ign,
            };
            let sev = severity
                .iter()
                .filter(|((c, _), _)| c.contains(&id.code))
                .max_by_key(|((_, spec), _)| *spec)
                .map(|(_, v)| *v);
            decisions.insert(
                id.code.clone(),
                if on { Decision::On(sev) } else { Decision::Off },
            );
        }
        let active = select.is_some()
            || !ignore.is_empty()
            || !severity.is_empty()
            || !central.is_empty()
            || s.baseline.is_some()
            || s.record_baseline;
        Ok(Triage {
            decisions,
            ids,
            central,
            baseline: s.baseline,
            recorded: s.record_baseline.then(Baseline::default),
            today: s.today,
            root: s.root,
            inline_waivers: s.inline_waivers,
            active,
        })
    }

    /// The opt-in rules (`default off`) these settings select: the engine
    /// runs them too ([`crate::engine::RuleSet::opt_in`]).
    pub fn opted_in(&self) -> Vec<&str> {
        self.ids
            .iter()
            .filter(|i| i.opt_in && matches!(self.decisions.get(&i.code), Some(Decision::On(_))))
            .map(|i| i.code.as_str())
            .collect()
    }

    /// The prohibited rules these settings turn off, and those they report
    /// at a lower severity than the rule's own (with that severity), by
    /// code. A run that hides prohibited business must say so.
    pub fn prohibited_weakened(&self, catalog: &Catalog) -> (Vec<String>, Vec<(String, Severity)>) {
        let (mut off, mut lowered) = (vec![], vec![]);
        for r in catalog
            .rules
            .iter()
            .filter(|r| r.category == Category::Prohibited)
        {
            match self.decisions.get(&r.code) {
                Some(Decision::Off) => off.push(r.code.clone()),
                Some(Decision::On(Some(sev))) if *sev > r.severity => {
                    lowered.push((r.code.clone(), *sev))
                }
                _ => {}
            }
        }
        (off, lowered)
    }

    /// The findings recorded for `--write-baseline`.
    pub fn recorded(&self) -> Option<&Baseline> {
        self.recorded.as_ref()
    }

    /// Applies waivers, selection, severities and the baseline to one
    /// file's report; findings stay in (document, offset) order.
    pub fn apply(&mut self, r: &mut FileReport) {
        if !self.active && r.directives.is_empty() {
            return;
        }
        let findings = std::mem::take(&mut r.findings);
        let mut by: Vec<Option<WaiverRef>> = vec![None; findings.len()];
        let mut notes: Vec<PlacedFinding> = vec![];
        let directives = std::mem::take(&mut r.directives);
        // Findings by where they start, so that each waiver comment looks
        // only at the findings in its value: n comments on n findings cost
        // O(n log n), not n².
        let mut by_start: Vec<(usize, usize)> = vec![];
        if !directives.is_empty() {
            by_start = findings
                .iter()
                .enumerate()
                .map(|(i, f)| (f.finding.range.start, i))
                .collect();
            by_start.sort_unstable();
        }
        for d in &directives {
            self.comment_waiver(r, d, &findings, &by_start, &mut by, &mut notes);
        }
        self.central_waivers(&r.path, &findings, &mut by, &mut notes);
        let keep = self.baseline.is_some() || self.recorded.is_some();
        let path = if keep {
            baseline::path_key(&self.root, r.os_path.as_deref(), &r.path)
        } else {
            String::new()
        };
        for (mut f, waiver) in findings
            .into_iter()
            .zip(by)
            .chain(notes.into_iter().map(|n| (n, None)))
        {
            match self.decisions.get(&f.finding.rule).copied() {
                Some(Decision::Off) => continue,
                Some(Decision::On(Some(sev))) => f.finding.severity = sev,
                _ => {}
            }
            if let Some(by) = waiver {
                r.waived.push(Waived { located: f, by });
                continue;
            }
            // A finding with no identity (a filing without USCC or name, a
            // waiver diagnostic) is never recorded, so never hidden.
            if keep && let Some(key) = Key::of(&path, &f) {
                if let Some(rec) = &mut self.recorded {
                    rec.record(key.clone());
                    r.baselined += 1;
                    continue;
                }
                if let Some(b) = &mut self.baseline
                    && b.take(&key)
                {
                    r.baselined += 1;
                    continue;
                }
            }
            r.findings.push(f);
        }
        r.findings
            .sort_by_key(|f| (f.finding.document, f.span.offset));
        r.waived
            .sort_by_key(|w| (w.located.finding.document, w.located.span.offset));
        r.directives = directives;
    }

    fn comment_waiver(
        &self,
        r: &FileReport,
        d: &PlacedDirective,
        findings: &[PlacedFinding],
        by_start: &[(usize, usize)],
        by: &mut [Option<WaiverRef>],
        notes: &mut Vec<PlacedFinding>,
    ) {
        let dir = &d.directive;
        let src = r.source.as_ref().map_or("", |s| s.src.as_str());
        let note = |code: &'static LoadCode,
                    span: Span,
                    range: std::ops::Range<usize>,
                    message: String| {
            let matched = src.get(range.clone()).unwrap_or("").to_string();
            self.note(code, d.document, span, range, matched, message)
        };
        if let Some(problem) = &dir.problem {
            notes.push(note(
                &INVALID_WAIVER,
                d.span,
                dir.span.clone(),
                problem.clone(),
            ));
            return;
        }
        // The settings may forbid waiving in the filing: the comment is an
        // error at its place, and the finding it names stays reported.
        if self.inline_waivers == InlineWaivers::Forbid {
            notes.push(note(
                &FORBIDDEN_WAIVER,
                d.span,
                dir.span.clone(),
                waiver_messages::forbidden(),
            ));
            return;
        }
        let Some(reason) = &dir.reason else {
            notes.push(note(
                &WAIVER_WITHOUT_REASON,
                d.span,
                dir.span.clone(),
                "this waiver gives no reason after `--`, so it is not applied".into(),
            ));
            return;
        };
        if self.inline_waivers == InlineWaivers::RequireApprover && dir.approver.is_none() {
            notes.push(note(
                &WAIVER_WITHOUT_APPROVER,
                d.span,
                dir.span.clone(),
                waiver_messages::without_approver(),
            ));
            return;
        }
        for ((name, range), span) in dir.rules.iter().zip(&d.rule_spans) {
            let Some(code) = find_id(&self.ids, name).map(|i| &i.code) else {
                // (Named by its code, whichever of code or name was closer.)
                let hint = closest_id(&self.ids, name, &[])
                    .and_then(|s| find_id(&self.ids, s))
                    .map(|i| format!(" (did you mean `{}`?)", i.code))
                    .unwrap_or_default();
                notes.push(note(
                    &INVALID_WAIVER,
                    *span,
                    range.clone(),
                    format!("`{name}` is not a rule{hint}; nothing is waived"),
                ));
                continue;
            };
            let mut used = false;
            // The findings that start in the covered bytes (or at their
            // start, when they are empty), or in the anchor of an alias
            // written there; `covers_finding` decides.
            let candidates =
                std::iter::once(dir.covers.start..dir.covers.end.max(dir.covers.start + 1))
                    .chain(dir.through.iter().cloned())
                    .flat_map(|r| {
                        let lo = by_start.partition_point(|&(at, _)| at < r.start);
                        let hi = by_start.partition_point(|&(at, _)| at < r.end);
                        &by_start[lo..hi.max(lo)]
                    });
            for &(at, i) in candidates {
                let f = &findings[i];
                if f.finding.rule == *code && dir.covers_finding(at) {
                    used = true;
                    by[i].get_or_insert_with(|| WaiverRef {
                        kind: "comment",
                        reason: reason.clone(),
                        approver: dir.approver.clone(),
                        expires: None,
                        location: format!("{}:{}:{}", r.path, d.span.line, d.span.column),
                    });
                }
            }
            if !used {
                // Its finding is on text an alias uses elsewhere: say where
                // the waiver belongs.
                let merged = dir.not_here.iter().any(|r| {
                    let lo = by_start.partition_point(|&(at, _)| at < r.start);
                    let hi = by_start.partition_point(|&(at, _)| at < r.end);
                    by_start[lo..hi.max(lo)]
                        .iter()
                        .any(|&(_, i)| findings[i].finding.rule == *code)
                });
                let message = if merged {
                    format!(
                        "{code} fires on this anchored text where an alias (`<<: *…` or `key: *…`) uses it, so this waiver covers nothing: put it on the alias's line"
                    )
                } else {
                    format!("{code} does not fire on this value, so this waiver covers nothing")
                };
                notes.push(note(&UNUSED_WAIVER, *span, range.clone(), message));
            }
        }
    }

    fn central_waivers(
        &self,
        path: &str,
        findings: &[PlacedFinding],
        by: &mut [Option<WaiverRef>],
        notes: &mut Vec<PlacedFinding>,
    ) {
        if self.central.is_empty() {
            return;
        }
        let here: Vec<&(CentralWaiver, HashSet<String>)> = self
            .central
            .iter()
            .filter(|(w, _)| w.matcher.matches(Path::new(path)))
            .collect();
        for (i, f) in findings.iter().enumerate() {
            if by[i].is_some() {
                continue;
            }
            let Some((w, _)) = here.iter().find(|(w, codes)| {
                codes.contains(&f.finding.rule)
                    && w.matched.as_ref().is_none_or(|m| *m == f.matched)
            }) else {
                continue;
            };
            if w.expires < self.today {
                let message = format!(
                    "the waiver for {} at {} expired on {}, so this finding is reported again",
                    f.finding.rule, w.location, w.expires
                );
                notes.push(self.note(
                    &EXPIRED_WAIVER,
                    f.finding.document,
                    f.span,
                    f.finding.range.clone(),
                    f.matched.clone(),
                    message,
                ));
                continue;
            }
            by[i] = Some(WaiverRef {
                kind: "file",
                reason: w.reason.clone(),
                approver: Some(w.approver.clone()),
                expires: Some(w.expires),
                location: w.location.clone(),
            });
        }
    }

    /// A diagnostic about a waiver, as a finding at `span`.
    fn note(
        &self,
        code: &'static LoadCode,
        document: usize,
        span: Span,
        range: std::ops::Range<usize>,
        matched: String,
        message: String,
    ) -> PlacedFinding {
        PlacedFinding {
            finding: Finding {
                document,
                rule: code.code.to_string(),
                rule_name: code.name.to_string(),
                severity: code.level(),
                category: Category::Data,
                message,
                field: None,
                range,
                rule_index: None,
                as_of: self.today,
                filing: None,
                existing: None,
                region: None,
                suppressed: None,
                related: vec![],
                hint: None,
            },
            span,
            matched,
            identity: None,
        }
    }
}

/// The messages of the waiver settings' diagnostics, in English like every
/// loader message (their Chinese is in `filing::texts`).
mod waiver_messages {
    pub fn forbidden() -> String {
        "the settings forbid waiver comments in filings (waivers.inline = \"forbid\"): this waiver does not apply, and what it names is reported".into()
    }

    pub fn without_approver() -> String {
        "the settings require an approver on a waiver comment (waivers.inline = \"require-approver\"): this one has none, so it does not apply, and what it names is reported".into()
    }
}
