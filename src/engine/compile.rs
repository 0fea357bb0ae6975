//! The compiled rule set: every term of every rule in one Aho–Corasick
//! automaton over normalized text, so a text is scanned once for all rules.

use crate::rule::{Catalog, Cond, SetId};
use crate::text::normalize::{Class, Normalizer, class_of, normalize_term};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

pub struct RuleSet {
    pub catalog: Catalog,
    pub normalizer: Normalizer,
    automaton: AhoCorasick,
    /// For each automaton pattern, the term sets it belongs to.
    pattern_sets: Vec<Vec<SetId>>,
    /// For each pattern: whether it starts / ends with a Latin letter or
    /// digit, and so must start / end at a word boundary (`btc` is not in
    /// `abtcd`, `rwa` is not in `rwanda`).
    bounded: Vec<(bool, bool)>,
    /// For each rule, term sets of which at least one must be found in the
    /// filing for the rule to possibly hold (None: it may hold without any
    /// text hit). Most filings hit no term at all, so most rules are skipped
    /// without evaluating their condition.
    pub triggers: Vec<Option<Vec<SetId>>>,
    /// The term sets the rules look for in a licence's type: the licences
    /// they know. A declared licence counts only if its type is one.
    pub licence_sets: Vec<SetId>,
    /// Whether some rule reads scope items' catalogue classes: only then
    /// is each item classified.
    pub needs_items: bool,
    /// For each rule: whether it runs. Opt-in rules (`default off`) do
    /// only once the settings select them ([`RuleSet::opt_in`]).
    pub runs: Vec<bool>,
}

/// Whether `c` reads scope items' catalogue classes.
fn reads_items(c: &Cond) -> bool {
    match c {
        Cond::Or(v) | Cond::And(v) => v.iter().any(reads_items),
        Cond::Not(x) => reads_items(x),
        Cond::Item { .. } => true,
        _ => false,
    }
}

/// What the rules of `catalog` read of scope items: None when none reads
/// their catalogue classes, else the classes whose words some rule looks
/// for in non-standard items (`scope item mentions prior`).
pub fn item_reads(catalog: &crate::rule::Catalog) -> Option<Vec<crate::catalogue::Class>> {
    fn mentioned(c: &Cond, out: &mut Vec<crate::catalogue::Class>) {
        match c {
            Cond::Or(v) | Cond::And(v) => v.iter().for_each(|x| mentioned(x, out)),
            Cond::Not(x) => mentioned(x, out),
            Cond::Item {
                class,
                mentions: true,
                ..
            } => {
                let class = crate::engine::eval::class_of_item(*class);
                if !out.contains(&class) {
                    out.push(class);
                }
            }
            _ => {}
        }
    }
    let mut classes = vec![];
    for r in &catalog.rules {
        mentioned(&r.when, &mut classes);
    }
    catalog
        .rules
        .iter()
        .any(|r| reads_items(&r.when))
        .then_some(classes)
}

/// Every term set a `license_type contains` predicate of `c` reads.
fn licence_sets(c: &Cond, out: &mut Vec<SetId>) {
    match c {
        Cond::Or(v) | Cond::And(v) => v.iter().for_each(|x| licence_sets(x, out)),
        Cond::Not(x) => licence_sets(x, out),
        Cond::Text {
            field: crate::rule::TextField::LicenseType,
            all_of,
            ..
        } => {
            for s in all_of.iter().flatten() {
                if !out.contains(s) {
                    out.push(*s);
                }
            }
        }
        _ => {}
    }
}

/// Sets one of which any filing satisfying `c` must contain.
fn required_sets(c: &Cond) -> Option<Vec<SetId>> {
    match c {
        Cond::Text { all_of, .. } => all_of.first().cloned(),
        // Any conjunct's requirement is a requirement of the whole.
        Cond::And(v) => v.iter().find_map(required_sets),
        // Every branch must require something; the union is required.
        Cond::Or(v) => {
            let mut all = vec![];
            for x in v {
                all.extend(required_sets(x)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// A letter or digit of a Latin word as a reader sees it: half- or
/// full-width, or a look-alike (Cyrillic, Cherokee, small capitals).
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && crate::text::normalize::reads_latin(c))
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.catalog.rules.len())
            .field("patterns", &self.pattern_sets.len())
            .finish()
    }
}

/// How much text the rule set will see: it decides how much to spend on
/// building the automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// A handful of filings (a pre-commit hook, a single check).
    Few,
    /// Many filings.
    Batch,
}

/// One term-set hit in a text: the set and the original byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub set: SetId,
    pub range: Range<usize>,
}

impl RuleSet {
    /// Runs the opt-in rule `code` too (the settings selected it).
    pub fn opt_in(&mut self, code: &str) {
        if let Some(i) = self.catalog.rules.iter().position(|r| r.code == code) {
            self.runs[i] = true;
            self.needs_items |= reads_items(&self.catalog.rules[i].when);
        }
    }

    /// Compiles for a large batch (the automaton as a DFA).
    pub fn compile(catalog: Catalog) -> Result<RuleSet, String> {
        RuleSet::compile_for(catalog, Workload::Batch)
    }

    pub fn compile_for(catalog: Catalog, workload: Workload) -> Result<RuleSet, String> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = vec![];
        let mut pattern_sets: Vec<Vec<SetId>> = vec![];
        for (set_id, set) in catalog.sets.iter().enumerate() {
            for t in &set.terms {
                let n = normalize_term(t);
                let p = *index.entry(n.clone()).or_insert_with(|| {
                    patterns.push(n);
                    pattern_sets.push(vec![]);
                    patterns.len() - 1
                });
                if !pattern_sets[p].contains(&set_id) {
                    pattern_sets[p].push(set_id);
                }
            }
        }
        let normalizer = match workload {
            Workload::Batch => Normalizer::new(&patterns),
            Workload::Few => Normalizer::lean(&patterns),
        };
        let bounded = patterns
            .iter()
            .map(|p| {
                (
                    p.chars().next().is_some_and(is_word_char),
                    p.chars().next_back().is_some_and(is_word_char),
                )
            })
            .collect();
        // A DFA is the fastest to run but costs milliseconds to build: worth
        // it for a registry, not for the one filing a pre-commit hook checks,
        // for which even the contiguous NFA's second pass does not pay.
        let kind = match workload {
            Workload::Batch => AhoCorasickKind::DFA,
            Workload::Few => AhoCorasickKind::NoncontiguousNFA,
        };
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .build(&patterns)
            .map_err(|e| format!("cannot build the term automaton: {e}"))?;
        let triggers = catalog
            .rules
            .iter()
            .map(|r| required_sets(&r.when))
            .collect();
        let mut licences = vec![];
        for r in &catalog.rules {
            licence_sets(&r.when, &mut licences);
        }
        let runs: Vec<bool> = catalog.rules.iter().map(|r| !r.opt_in).collect();
        let needs_items = catalog
            .rules
            .iter()
            .zip(&runs)
            .any(|(r, on)| *on && reads_items(&r.when));
        Ok(RuleSet {
            runs,
            needs_items,
            licence_sets: licences,
            triggers,
            catalog,
            normalizer,
            automaton,
            pattern_sets,
            bounded,
        })
    }

    /// Every term-set hit in `text` (all overlapping matches), with ranges
    /// into `text`.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let norm = self.normalizer.normalize(text);
        let mut hits = vec![];
        for m in self.automaton.find_overlapping_iter(norm.text.as_ref()) {
            let range = norm.original(m.start(), m.end());
            let p = m.pattern().as_usize();
            let (at_start, at_end) = self.bounded[p];
            // The neighbours a reader sees: invisible characters between
            // a term and a letter do not make a word boundary (`RWA\u{200B}NDA`
            // is one word); white space and punctuation do (`BTC mining`,
            // `non-mining`).
            let visible = |c: &char| c.is_whitespace() || class_of(*c) != Class::Invisible;
            if (at_start
                && text[..range.start]
                    .chars()
                    .rev()
                    .find(visible)
                    .is_some_and(is_word_char))
                || (at_end
                    && text[range.end..]
                        .chars()
                        .find(visible)
                        .is_some_and(is_word_char))
            {
                continue;
            }
            for &set in &self.pattern_sets[m.pattern().as_usize()] {
                hits.push(Hit {
                    set,
                    range: range.clone(),
                });
            }
        }
        hits
    }
}
