//! The central waivers file: exceptions granted outside the filings, each
//! on the record with a reason, an approver and an expiry date.
//!
//! ```toml
//! [[waiver]]
//! rule = "NL0401"
//! path = "filings/acme-pay/*.yaml"
//! reason = "中国人民银行支付业务许可证 Z2024110000123"
//! approver = "合规部 王敏"
//! expires = 2027-06-30
//! ```

use super::read::Reader;
use super::{PathMatcher, Selector};
use crate::diagnostic::{SourceError, TextSource};
use crate::parse::date::Date;
use std::path::Path;

const KEYS: &[&str] = &["waiver"];

/// What a run makes of waiver comments in filings (`waivers.inline` in
/// neglist.toml): a registration system may not let whoever writes the
/// filing waive a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InlineWaivers {
    /// Applied (with a reason), as always.
    #[default]
    Allow,
    /// Never applied: each is itself an error (NL0015), and the finding it
    /// names is reported.
    Forbid,
    /// Applied only with an approver (`-- reason; approver: 王敏`); one
    /// without is an error (NL0016) and not applied.
    RequireApprover,
}

impl InlineWaivers {
    pub const ALL: &[InlineWaivers] = &[
        InlineWaivers::Allow,
        InlineWaivers::Forbid,
        InlineWaivers::RequireApprover,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InlineWaivers::Allow => "allow",
            InlineWaivers::Forbid => "forbid",
            InlineWaivers::RequireApprover => "require-approver",
        }
    }

    pub fn parse(s: &str) -> Option<InlineWaivers> {
        Self::ALL.iter().copied().find(|w| w.as_str() == s.trim())
    }
}
const WAIVER_KEYS: &[&str] = &["rule", "path", "reason", "approver", "expires", "matched"];

/// One `[[waiver]]`.
#[derive(Debug, Clone)]
pub struct CentralWaiver {
    pub rules: Vec<Selector>,
    pub paths: Vec<String>,
    pub matcher: PathMatcher,
    pub reason: String,
    pub approver: String,
    pub expires: Date,
    /// Only findings whose matched text is exactly this.
    pub matched: Option<String>,
    /// `file:line` of the entry, for reports.
    pub location: String,
}

/// A waivers file, read.
#[derive(Debug, Clone)]
pub struct WaiverFile {
    pub source: TextSource,
    pub waivers: Vec<CentralWaiver>,
}

impl WaiverFile {
    pub fn load(path: &Path, root: &Path) -> Result<WaiverFile, Vec<SourceError>> {
        let text = super::read::read_text(path, "neglist::waivers", "the waivers file")?;
        WaiverFile::parse(path.display().to_string(), &text, root)
    }

    pub fn parse(path: String, text: &str, root: &Path) -> Result<WaiverFile, Vec<SourceError>> {
        let source = TextSource {
            path,
            text: text.into(),
        };
        let mut r = Reader::new(source.clone(), "neglist::waivers");
        let Some(table) = r.parse(text) else {
            return Err(r.errors);
        };
        r.known_keys(&table, KEYS, "a waivers file");
        let mut waivers = vec![];
        if let Some(list) = table.get("waiver") {
            for (t, span) in r.tables(list, "waiver") {
                r.known_keys(t, WAIVER_KEYS, "a `[[waiver]]`");
                let here = source.location(span.start);
                let mut missing = vec![];
                let mut get = |key: &str| {
                    let v = t.get(key);
                    if v.is_none() {
                        missing.push(key.to_string());
                    }
                    v
                };
                let (rule, path, reason, approver, expires) = (
                    get("rule"),
                    get("path"),
                    get("reason"),
                    get("approver"),
                    get("expires"),
                );
                if !missing.is_empty() {
                    r.error_help(
                        span.start..span.start,
                        format!("this waiver has no {}", missing.join(", ")),
                        "incomplete waiver",
                        "a waiver needs rule, path, reason, approver and expires: an exception on the record says what, where, why, who and until when".into(),
                    );
                    continue;
                }
                let (Some(rule), Some(path), Some(reason), Some(approver), Some(expires)) =
                    (rule, path, reason, approver, expires)
                else {
                    continue;
                };
                let rules: Vec<Selector> = r
                    .strings(rule, "rule")
                    .into_iter()
                    .map(|s| Selector::new(&s.value, s.span, &source))
                    .collect();
                let paths: Vec<String> = r
                    .strings(path, "path")
                    .into_iter()
                    .map(|s| s.value)
                    .collect();
                let reason = r.string(reason, "reason");
                let approver = r.string(approver, "approver");
                let expires = r.date(expires, "expires");
                let matched = t
                    .get("matched")
                    .and_then(|m| r.string(m, "matched"))
                    .map(|s| s.value);
                for s in [&reason, &approver].into_iter().flatten() {
                    // (A value of invisible characters only, U+200B, is empty.)
                    if crate::text::normalize::trim_invisible(&s.value).is_empty() {
                        r.error(
                            s.span.clone(),
                            "this must not be empty (invisible characters do not count)".into(),
                            "empty",
                        );
                    }
                }
                let matcher = match PathMatcher::new(root, &paths) {
                    Ok(m) => m,
                    Err(e) => {
                        r.error(path.span(), format!("not a glob: {}", e.kind()), "here");
                        continue;
                    }
                };
                if let (Some(reason), Some(approver), Some(expires)) = (reason, approver, expires) {
                    waivers.push(CentralWaiver {
                        rules,
                        paths,
                        matcher,
                        reason: reason.value,
                        approver: approver.value,
                        expires: expires.value,
                        matched,
                        location: here,
                    });
                }
            }
        }
        if r.errors.is_empty() {
            Ok(WaiverFile { source, waivers })
        } else {
            Err(r.errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_waiver_and_requires_every_field() {
        let ok = "[[waiver]]\nrule = \"NL0401\"\npath = \"filings/*.yaml\"\nreason = \"许可证 Z1\"\napprover = \"王敏\"\nexpires = 2027-06-30\n";
        let f = WaiverFile::parse("w.toml".into(), ok, Path::new("/p")).unwrap();
        assert_eq!(f.waivers.len(), 1);
        assert!(f.waivers[0].matcher.matches(Path::new("/p/filings/a.yaml")));
        assert_eq!(f.waivers[0].location, "w.toml:1:1");
        let bad = "[[waiver]]\nrule = \"NL0401\"\npath = \"x\"\nreason = \"r\"\n";
        let e = WaiverFile::parse("w.toml".into(), bad, Path::new("/p")).unwrap_err();
        assert!(
            e[0].message.contains("approver, expires"),
            "{}",
            e[0].message
        );
        let typo = "[[waiver]]\nrule = \"NL0401\"\npath = \"x\"\nreason = \"r\"\napprover = \"a\"\nexpires = 2027-01-01\nexpiry = 1\n";
        let e = WaiverFile::parse("w.toml".into(), typo, Path::new("/p")).unwrap_err();
        assert!(e[0].help.as_ref().unwrap().contains("`expires`"));
        let blank = ok.replace("许可证 Z1", "\\u200B\\u2060");
        let e = WaiverFile::parse("w.toml".into(), &blank, Path::new("/p")).unwrap_err();
        assert!(
            e[0].message.contains("must not be empty"),
            "{}",
            e[0].message
        );
    }
}
