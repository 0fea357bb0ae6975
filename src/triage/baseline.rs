//! Baselines: today's findings recorded once, so that later runs report
//! only new ones — how a team adopts neglist on a registry that already has
//! findings.
//!
//! An entry is identified by what it is about, not where it is: rule, file,
//! the filing (its USCC *and* its registered name, both as written: one
//! NDJSON stream or standard input carries many companies, and one
//! company's recorded finding must never hide another's, not even a new
//! company's that copies the recorded one's USCC; a filing with neither is
//! never recorded), field (the YAML key, e.g. `business_scope`) and the
//! matched text. Line
//! numbers and list indices are left out on purpose: an edit elsewhere in
//! the file moves them, and would bring recorded findings back as "new".
//! A count per entry keeps a second, new occurrence of the same words in the
//! same field from hiding behind the first.

use crate::pipeline::PlacedFinding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// 3: entries name their filing by USCC and name together, and files by
/// their exact bytes. Format 1 did not name the filing, format 2 named it
/// by its USCC alone (a new company could borrow an old one's code); both
/// are refused.
pub const FORMAT_VERSION: u32 = 3;

/// How every baseline file neglist writes begins (`--write-baseline`
/// replaces only a file that begins so).
pub const FILE_PREFIX: &str = "{\"neglist_baseline\": ";

/// What identifies a finding across edits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    pub rule: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uscc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub matched: String,
}

impl Key {
    /// `path`: the file as the baseline names it (see [`path_key`]). None
    /// for a finding with no filing identity: it is never recorded.
    pub fn of(path: &str, f: &PlacedFinding) -> Option<Key> {
        let who = f.identity.as_deref()?;
        Some(Key {
            rule: f.finding.rule.clone(),
            path: path.to_string(),
            uscc: who.uscc.clone(),
            name: who.name.clone(),
            field: f.finding.field.clone(),
            matched: f.matched.clone(),
        })
    }
}

/// A file as a baseline names it: relative to `root` (the configuration's
/// directory, else the working directory) when it is under it, so that a
/// baseline works from any subdirectory; else as reported. `os_path` is
/// the file's own name when it is a file (see [`encode_path`]); `shown`
/// is the name reports give it (standard input's `-` or
/// `--stdin-filename`).
pub fn path_key(root: &Path, os_path: Option<&Path>, shown: &str) -> String {
    let p = os_path.unwrap_or(Path::new(shown));
    match crate::config::relative_to(root, p) {
        Some(rel) if shown != "-" => normalize_path(&encode_path(&rel)),
        _ => normalize_path(&encode_path(p)),
    }
}

/// A path as text, losslessly: on Unix its bytes, with `\` written `\\`
/// and each byte that is not UTF-8 written `\xHH`, so that two names that
/// display alike (`\xff.yaml`, `\xfe.yaml`, both `�.yaml`) or a name
/// with a backslash and a subdirectory (`a\b.yaml`, `a/b.yaml`) never
/// share a key. Elsewhere `\` is the separator and becomes `/`.
pub fn encode_path(p: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let mut out = String::new();
        for chunk in p.as_os_str().as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '\\' {
                    out.push_str("\\\\");
                } else {
                    out.push(c);
                }
            }
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().replace('\\', "/")
    }
}

/// A path as recorded: no leading `./`.
pub fn normalize_path(p: &str) -> String {
    let mut p = p;
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
        if f.neglist_baseline == 1 {
            return Err("baseline format 1 does not say which filing an entry belongs to, so it could hide a new company's findings; record it again with --write-baseline".into());
        }
        if f.neglist_baseline == 2 {
            return Err("baseline format 2 names a filing by its USCC alone, so a new company that copies a recorded USCC could hide its findings; record it again with --write-baseline".into());
        }
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

    /// Writes the baseline to `path` atomically: into a temporary file in
    /// the same directory, then renamed over it. A write that fails midway
    /// leaves the old baseline whole, and concurrent writers never mix:
    /// the last rename wins.
    pub fn write_to(&self, path: &std::path::Path) -> std::io::Result<()> {
        use std::io::Write as _;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => std::path::Path::new("."),
        };
        let mut tmp = tempfile::Builder::new()
            .prefix(".neglist-baseline-")
            .tempfile_in(dir)?;
        tmp.write_all(self.to_json().as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// The file's text: sorted, one entry a line, so that it diffs well
    /// under version control.
    pub fn to_json(&self) -> String {
        let mut out = format!("{FILE_PREFIX}{FORMAT_VERSION}, \"findings\": [\n");
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
            uscc: Some("91110108MA01XXXX0X".into()),
            name: Some("某某科技有限公司".into()),
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
        let mut other = key("比特币");
        other.name = Some("某某矿业有限公司".into());
        assert!(!again.take(&other), "a new name on a recorded USCC is new");
        let mut other = key("比特币");
        other.uscc = None;
        assert!(!again.take(&other), "the name without the USCC is new");
    }

    #[test]
    fn refuses_what_is_not_a_baseline() {
        assert!(Baseline::parse("{}").is_err());
        assert!(Baseline::parse("{\"neglist_baseline\": 9, \"findings\": []}").is_err());
        for old in [1, 2] {
            let text = format!("{{\"neglist_baseline\": {old}, \"findings\": []}}");
            assert!(
                Baseline::parse(&text)
                    .unwrap_err()
                    .contains("record it again")
            );
        }
        assert_eq!(normalize_path("././a/b.yaml"), "a/b.yaml");
    }

    #[cfg(unix)]
    #[test]
    fn path_keys_keep_every_byte() {
        use std::os::unix::ffi::OsStrExt as _;
        let key = |b: &[u8]| encode_path(Path::new(std::ffi::OsStr::from_bytes(b)));
        assert_eq!(key(b"d/\xff.yaml"), "d/\\xFF.yaml");
        assert_ne!(key(b"d/\xff.yaml"), key(b"d/\xfe.yaml"));
        assert_ne!(key(b"a\\b.yaml"), key(b"a/b.yaml"));
        // A name that spells an escape is not the byte it spells.
        assert_ne!(key(b"\\xFF.yaml"), key(b"\xff.yaml"));
        assert_eq!(key("名单/甲.yaml".as_bytes()), "名单/甲.yaml");
    }
}
