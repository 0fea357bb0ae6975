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
    /// For each pattern: whether it starts / ends with a Latin letter or
    /// digit, and so must start / end at a word boundary (`btc` is not in
    /// `abtcd`, `rwa` is not in `rwanda`).
    bounded: Vec<(bool, bool)>,
}

/// A letter or digit of a Latin word, half- or full-width.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
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
        let bounded = patterns
            .iter()
            .map(|p| {
                (
                    p.chars().next().is_some_and(is_word_char),
                    p.chars().next_back().is_some_and(is_word_char),
                )
            })
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| format!("cannot build the term automaton: {e}"))?;
        Ok(RuleSet {
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
        for m in self.automaton.find_overlapping_iter(&norm.text) {
            let range = norm.original(m.start(), m.end());
            let p = m.pattern().as_usize();
            let (at_start, at_end) = self.bounded[p];
            if (at_start
                && text[..range.start]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char))
                || (at_end && text[range.end..].chars().next().is_some_and(is_word_char))
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
