//! "Did you mean": the closest known name to a misspelt one, used for
//! filing keys and for names in rule files alike.

/// The candidate most similar to `name` (normalized Damerau–Levenshtein
/// similarity of at least 0.5), if any.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::normalized_damerau_levenshtein(name, c), c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
