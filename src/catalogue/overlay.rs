//! `catalogue/overlay.toml`: what changed after the 2021 draft, and the
//! 前置 class the draft does not mark. Every record carries its source and
//! a [`Tag`]; the file's comments say what each kind of record means.

use super::{Class, Error};
use serde::Deserialize;
use std::fmt;

/// How sure a record is: the licensing note's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum Tag {
    /// ✅P: read in the official text, or a faithful copy of it.
    #[serde(rename = "✅P")]
    Primary,
    /// ✅S: a secondary source (a registration system's data, law-firm notes).
    #[serde(rename = "✅S")]
    Secondary,
    /// 🟡: one indirect source, or an inference from sources.
    #[serde(rename = "🟡")]
    Inferred,
    /// ❓: not confirmed.
    #[serde(rename = "❓")]
    Unconfirmed,
}

impl Tag {
    pub fn symbol(self) -> &'static str {
        match self {
            Tag::Primary => "✅P",
            Tag::Secondary => "✅S",
            Tag::Inferred => "🟡",
            Tag::Unconfirmed => "❓",
        }
    }

    /// Read in an official text or confirmed by a secondary source.
    pub fn is_confirmed(self) -> bool {
        matches!(self, Tag::Primary | Tag::Secondary)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// The whole overlay file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    #[serde(default)]
    pub rename: Vec<Rename>,
    #[serde(default)]
    pub to_filing: Vec<ToFiling>,
    #[serde(default)]
    pub licence_rename: Vec<LicenceRename>,
    #[serde(default)]
    pub new: Vec<NewEntry>,
    #[serde(default)]
    pub prior: Vec<Prior>,
    #[serde(default)]
    pub prior_candidate: Vec<PriorCandidate>,
}

/// The same code with a new standard wording.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    pub code: String,
    /// The draft's name (checked against the table).
    pub draft: String,
    pub name: String,
    pub tag: Tag,
    pub source: String,
}

/// 许可 → 备案: the entry needs no licence any more, only this filing.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToFiling {
    pub code: String,
    pub filing: String,
    pub basis: String,
    pub tag: Tag,
    pub source: String,
}

/// A licence item of an entry renamed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceRename {
    pub code: String,
    /// The item as the draft names it (checked against the table).
    pub draft: String,
    pub licence: String,
    pub tag: Tag,
    pub source: String,
}

/// An entry the draft does not have.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEntry {
    pub code: String,
    pub name: String,
    pub class: Class,
    pub tag: Tag,
    pub source: String,
}

/// A pre-registration approval (前置): a row of the 2017 list, or a later
/// statute, and the catalogue entries it governs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prior {
    /// The row of the 工商登记前置审批事项目录（2017年11月）; none for a
    /// later statute.
    pub row: Option<u8>,
    /// 审批事项
    pub item: String,
    /// 实施机关
    pub authority: String,
    /// 设定依据
    pub basis: String,
    /// In force since (a later statute), `YYYY-MM-DD`.
    pub since: Option<String>,
    pub codes: Vec<String>,
    /// How sure it is that the row is still 前置 today.
    pub tag: Tag,
    pub note: Option<String>,
    /// Why the row no longer applies; a dropped row marks no entry.
    pub dropped: Option<String>,
    pub source: String,
}

impl Prior {
    pub fn is_dropped(&self) -> bool {
        self.dropped.is_some()
    }
}

/// A possible 前置 approval the sources could not confirm. It changes no
/// class.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorCandidate {
    pub codes: Vec<String>,
    pub item: String,
    pub tag: Tag,
    pub source: String,
}

impl Overlay {
    /// Reads the TOML and checks what does not need the table: every
    /// record has a source, every 前置 record a basis, a date is a date.
    pub fn parse(text: &str) -> Result<Overlay, Error> {
        let overlay: Overlay =
            toml::from_str(text).map_err(|e| Error::OverlaySyntax(Box::new(e)))?;
        let sources = (overlay.rename.iter().map(|r| (&r.code, &r.source)))
            .chain(overlay.to_filing.iter().map(|r| (&r.code, &r.source)))
            .chain(overlay.licence_rename.iter().map(|r| (&r.code, &r.source)))
            .chain(overlay.new.iter().map(|r| (&r.code, &r.source)));
        for (code, source) in sources {
            if source.trim().is_empty() {
                return Err(Error::Overlay(format!("{code}: no source")));
            }
        }
        for prior in &overlay.prior {
            let what = prior
                .row
                .map_or_else(|| prior.item.clone(), |row| format!("2017 row {row}"));
            if prior.source.trim().is_empty() || prior.basis.trim().is_empty() {
                return Err(Error::Overlay(format!(
                    "前置 {what}: no source or no basis"
                )));
            }
            if prior.row.is_none() && prior.since.is_none() {
                return Err(Error::Overlay(format!(
                    "前置 {what}: neither a 2017 row nor a date"
                )));
            }
            if let Some(since) = &prior.since
                && !is_date(since)
            {
                return Err(Error::Overlay(format!(
                    "前置 {what}: since {since:?} is not YYYY-MM-DD"
                )));
            }
        }
        Ok(overlay)
    }

    /// The 前置 records that apply (not dropped) naming `code`.
    pub fn prior_for<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Prior> + 'a {
        self.prior
            .iter()
            .filter(move |p| !p.is_dropped() && p.codes.iter().any(|c| c == code))
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
