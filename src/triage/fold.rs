//! Folding: one finding for one set of words. A finding that lies inside
//! the words of another finding of the same filing and field, at the same
//! or a higher severity, is folded into it as related: the coin-word
//! finding (NL0217) inside an exchange finding (NL0201), the ★-word warning
//! (NL0302) inside the licence error on the same words, the lowered
//! warning of a rule inside another rule's error. Nothing is lost: the
//! folded finding is kept in the head's `related` list (JSON reports it),
//! it only stops counting on its own.
//!
//! This runs after waivers, selection and severities, so a rule that is
//! ignored or waived never takes another rule's finding with it.

use crate::engine::eval::Related;
use crate::pipeline::PlacedFinding;
use crate::rule::{Category, Severity};

/// How strongly a finding speaks for its words: a lower rank is the head.
fn rank(l: &PlacedFinding) -> (u8, u8) {
    let sev = match l.finding.severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    };
    let cat = match l.finding.category {
        Category::Prohibited => 0,
        Category::LicenseRequired => 1,
        Category::Risk => 2,
        Category::Data => 3,
    };
    (sev, cat)
}

/// Folds the findings of one file's report (in any order; the result is in
/// the order the heads came in).
pub fn fold(findings: &mut Vec<PlacedFinding>) {
    // Data findings are about the filing's form, not its words: never folded.
    let foldable =
        |l: &PlacedFinding| l.finding.category != Category::Data && l.finding.field.is_some();
    if findings.iter().filter(|l| foldable(l)).count() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|i| foldable(&findings[*i]))
        .collect();
    // By place, the widest first, then the strongest: a head comes before
    // whatever it contains.
    order.sort_by(|&a, &b| {
        let (x, y) = (&findings[a].finding, &findings[b].finding);
        (
            x.document,
            &x.field,
            x.range.start,
            std::cmp::Reverse(x.range.end),
        )
            .cmp(&(
                y.document,
                &y.field,
                y.range.start,
                std::cmp::Reverse(y.range.end),
            ))
            .then(rank(&findings[a]).cmp(&rank(&findings[b])))
            .then(x.rule.cmp(&y.rule))
    });
    // Heads still open (their words not yet passed), and where each folded
    // finding goes.
    let mut open: Vec<usize> = vec![];
    let mut into: Vec<Option<usize>> = vec![None; findings.len()];
    for &i in &order {
        let f = &findings[i].finding;
        open.retain(|&h| {
            let g = &findings[h].finding;
            g.document == f.document && g.field == f.field && g.range.end > f.range.start
        });
        let head = open
            .iter()
            .copied()
            .filter(|&h| {
                let g = &findings[h].finding;
                g.range.start <= f.range.start
                    && f.range.end <= g.range.end
                    && rank(&findings[h]).0 <= rank(&findings[i]).0
            })
            .min_by_key(|&h| rank(&findings[h]));
        match head {
            Some(h) => into[i] = Some(h),
            None => open.push(i),
        }
    }
    if into.iter().all(Option::is_none) {
        return;
    }
    let mut related: Vec<Vec<Related>> = vec![vec![]; findings.len()];
    for (i, h) in into.iter().enumerate() {
        if let Some(h) = h {
            let f = &findings[i];
            related[*h].push(Related {
                rule: f.finding.rule.clone(),
                severity: f.finding.severity,
                message: f.finding.message.clone(),
                range: f.finding.range.clone(),
                matched: f.matched.clone(),
            });
        }
    }
    // In place: a second vector of the file's findings would double what
    // a file of 500 000 findings holds at its peak.
    let mut related = related.into_iter();
    let mut i = 0;
    findings.retain_mut(|l| {
        let rel = related.next().unwrap_or_default();
        let head = into[i].is_none();
        i += 1;
        if head {
            l.finding.related.extend(rel);
        }
        head
    });
}
