//! The compiled rule set: every term of every rule in one Aho–Corasick
//! automaton over normalized text, so a text is scanned once for all rules.

use super::normalize::{Normalizer, normalize_term};
use crate::dsl::check::{Catalog, SetId};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

pub struct RuleSet {
    pub catalog: Catalog,
    pub normalizer: Normalizer,
    automaton: AhoCorasick,
    /// For each automaton pattern, the term sets it belongs to.
    pattern_sets: Vec<Vec<SetId>>,
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.catalog.rules.len())
            .field("patterns", &self.pattern_sets.len())
            .finish()
    }
}

/// One term-set hit in a text: the set and the original byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub set: SetId,
    pub range: Range<usize>,
}

impl RuleSet {
    pub fn compile(catalog: Catalog) -> Result<RuleSet, String> {
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
        let normalizer = Normalizer::new(patterns.iter().flat_map(|p| p.chars()));
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| format!("cannot build the term automaton: {e}"))?;
        Ok(RuleSet {
            catalog,
            normalizer,
            automaton,
            pattern_sets,
        })
    }

    /// Every term-set hit in `text` (all overlapping matches), with ranges
    /// into `text`.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let norm = self.normalizer.normalize(text);
        let mut hits = vec![];
        for m in self.automaton.find_overlapping_iter(&norm.text) {
            let range = norm.original(m.start(), m.end());
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
