//! Baselines: today's findings recorded once, so that later runs report
//! only new ones — how a team adopts neglist on a registry that already has
//! findings.
//!
//! An entry is identified by what it is about, not where it is: rule, file,
//! field (the YAML key, e.g. `business_scope`) and the matched text. Line
//! numbers and list indices are left out on purpose: an edit elsewhere in
//! the file moves them, and would bring recorded findings back as "new".
//! A count per entry keeps a second, new occurrence of the same words in the
//! same field from hiding behind the first.

use crate::check::Located;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMAT_VERSION: u32 = 1;

/// What identifies a finding across edits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    pub rule: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub matched: String,
}

impl Key {
    /// `path`: the file as the baseline names it (see [`path_key`]).
    pub fn of(path: &str, f: &Located) -> Key {
        Key {
            rule: f.finding.rule.clone(),
            path: path.to_string(),
            field: f.finding.field.clone(),
            matched: f.matched.clone(),
        }
    }
}

/// A file as a baseline names it: relative to `root` (the configuration's
/// directory, else the working directory) when it is under it, so that a
/// baseline works from any subdirectory; else as reported.
pub fn path_key(root: &std::path::Path, path: &str) -> String {
    match crate::config::relative_to(root, std::path::Path::new(path)) {
        Some(rel) if path != "-" => normalize_path(&rel.to_string_lossy()),
        _ => normalize_path(path),
    }
}

/// A path as recorded: forward slashes, no leading `./`.
pub fn normalize_path(p: &str) -> String {
    let p = p.replace('\\', "/");
    let mut p = p.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.to_string()
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(flatten)]
    key: Key,
    count: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    neglist_baseline: u32,
    findings: Vec<Entry>,
}

/// A baseline: how many findings of each key were recorded.
#[derive(Debug, Default, Clone)]
pub struct Baseline {
    counts: BTreeMap<Key, usize>,
}

impl Baseline {
    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let f: FileFormat = serde_json::from_str(text).map_err(|e| {
            format!(
                "not a neglist baseline (line {}, column {}): {e}",
                e.line(),
                e.column()
            )
        })?;
        if f.neglist_baseline != FORMAT_VERSION {
            return Err(format!(
                "baseline format {} is not one this neglist reads (it reads {FORMAT_VERSION})",
                f.neglist_baseline
            ));
        }
        let mut counts = BTreeMap::new();
        for e in f.findings {
            *counts.entry(e.key).or_insert(0) += e.count;
        }
        Ok(Baseline { counts })
    }

    /// Records one finding.
    pub fn record(&mut self, key: Key) {
        *self.counts.entry(key).or_insert(0) += 1;
    }

    /// Takes one recorded finding of this key, if any is left.
    pub fn take(&mut self, key: &Key) -> bool {
        match self.counts.get_mut(key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    pub fn len(&self) -> usize {
        self.counts.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The file's text: sorted, one entry a line, so that it diffs well
    /// under version control.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\"neglist_baseline\": {FORMAT_VERSION}, \"findings\": [\n");
        let entries: Vec<String> = self
            .counts
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| {
                serde_json::to_string(&Entry {
                    key: k.clone(),
                    count: *n,
                })
                .expect("a baseline entry serializes")
            })
            .collect();
        out.push_str(&entries.join(",\n"));
        out.push_str("\n]}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(m: &str) -> Key {
        Key {
            rule: "NL0101".into(),
            path: "a.yaml".into(),
            field: Some("business_scope".into()),
            matched: m.into(),
        }
    }

    #[test]
    fn round_trips_and_counts() {
        let mut b = Baseline::default();
        b.record(key("挖矿"));
        b.record(key("挖矿"));
        b.record(key("比特币"));
        let mut again = Baseline::parse(&b.to_json()).unwrap();
        assert_eq!(again.len(), 3);
        assert!(again.take(&key("挖矿")));
        assert!(again.take(&key("挖矿")));
        assert!(!again.take(&key("挖矿")), "a third occurrence is new");
        assert!(!again.take(&key("以太坊")));
    }

    #[test]
    fn refuses_what_is_not_a_baseline() {
        assert!(Baseline::parse("{}").is_err());
        assert!(Baseline::parse("{\"neglist_baseline\": 9, \"findings\": []}").is_err());
        assert_eq!(normalize_path("./a\\b.yaml"), "a/b.yaml");
    }
}
