//! SAMR's business-scope catalogue (经营范围规范表述目录): every standard
//! line of business with its code, its GB/T 4754 classes, the licences and
//! filings it needs and the negative-list measures that touch it, and its
//! class: 前置, 许可, 备案 or 一般.
//!
//! Two files are compiled in: the table extracted from SAMR's March 2021
//! consultation draft (`catalogue/jyfw-2021.tsv`) and an overlay of later
//! changes and of the 前置 class, each with its source
//! (`catalogue/overlay.toml`). They are parsed on first use. How the
//! classes are derived, and what is a draft or unconfirmed:
//! `docs/catalogue.md`.
//!
//! ```
//! use neglist::catalogue::{catalogue, Class};
//! let entry = catalogue().get("J4001").unwrap();
//! assert_eq!(entry.name, "非银行支付业务");
//! assert_eq!(entry.class, Class::Prior);
//! assert_eq!(entry.class.to_string(), "前置");
//! ```

mod overlay;
mod table;

pub use overlay::{LicenceRename, NewEntry, Overlay, Prior, PriorCandidate, Rename, Tag, ToFiling};
pub use table::{Column, ColumnSet, HEADER, Row, is_code};

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

/// The extracted table, as committed.
pub const TABLE_TSV: &str = include_str!("../../catalogue/jyfw-2021.tsv");
/// The overlay, as committed.
pub const OVERLAY_TOML: &str = include_str!("../../catalogue/overlay.toml");

static OVERLAY: LazyLock<Overlay> = LazyLock::new(|| {
    Overlay::parse(OVERLAY_TOML).unwrap_or_else(|e| panic!("built-in catalogue: {e}"))
});
static CATALOGUE: LazyLock<Catalogue<'static>> = LazyLock::new(|| {
    Catalogue::build(TABLE_TSV, &OVERLAY).unwrap_or_else(|e| panic!("built-in catalogue: {e}"))
});

/// The built-in catalogue, parsed on first use. The tests hold the
/// compiled-in files to their shape, so this does not fail at run time.
pub fn catalogue() -> &'static Catalogue<'static> {
    &CATALOGUE
}

/// What registering an entry takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Class {
    /// 前置: an approval before registration; the application must carry it.
    #[serde(rename = "前置")]
    Prior,
    /// 许可: a licence after registration (后置); listed under 许可项目.
    #[serde(rename = "许可")]
    Licensed,
    /// 备案: a filing only; listed under 一般项目.
    #[serde(rename = "备案")]
    Filing,
    /// 一般: nothing; listed under 一般项目.
    #[serde(rename = "一般")]
    General,
}

impl Class {
    pub const ALL: [Class; 4] = [Class::Prior, Class::Licensed, Class::Filing, Class::General];

    /// The class's Chinese name: 前置, 许可, 备案, 一般.
    pub fn zh(self) -> &'static str {
        match self {
            Class::Prior => "前置",
            Class::Licensed => "许可",
            Class::Filing => "备案",
            Class::General => "一般",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

impl FromStr for Class {
    type Err = String;

    fn from_str(s: &str) -> Result<Class, String> {
        Class::ALL
            .into_iter()
            .find(|c| c.zh() == s)
            .ok_or_else(|| format!("{s:?} is not a class (前置, 许可, 备案, 一般)"))
    }
}

/// Why an entry has its class.
#[derive(Debug, Clone, PartialEq)]
pub enum Basis<'a> {
    /// 前置: the approval-list rows (or statute) that name the entry.
    Prior(Vec<&'a Prior>),
    /// 备案 by a change after the draft.
    Moved(&'a ToFiling),
    /// An entry the draft does not have.
    New(&'a NewEntry),
    /// Read off the draft's licence and filing columns: 许可 if it names
    /// a licence, else 备案 if it names a filing, else 一般.
    Draft,
}

/// A GB/T 4754-2017 class named by an entry: `0211林木育种` is code `0211`,
/// name `林木育种`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gbt<'a> {
    /// Two to four digits (大类, 中类 or 小类).
    pub code: &'a str,
    pub name: &'a str,
}

/// A catalogue entry as it stands: the draft's row with the overlay's
/// changes applied.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub code: &'a str,
    /// The standard wording today (the draft's, or a later rename).
    pub name: &'a str,
    pub class: Class,
    pub basis: Basis<'a>,
    /// Licence items (涉企行政许可事项, outside the free-trade zones).
    pub licences: Vec<&'a str>,
    /// Filing items (备案事项).
    pub filings: Vec<&'a str>,
    pub gbt: Vec<Gbt<'a>>,
    /// The 市场准入负面清单 measure, as the draft prints it ("" if none).
    pub negative_list: &'a str,
    /// The 外资负面清单 measure ("" if none).
    pub foreign_investment: &'a str,
    /// The licence items in the free-trade zones, as printed (often run
    /// together without a separator).
    pub licences_ftz: &'a str,
    /// The draft's row; `None` for an entry the draft lacks.
    pub draft: Option<Row<'a>>,
    pub rename: Option<&'a Rename>,
    pub licence_renames: Vec<&'a LicenceRename>,
}

impl Entry<'_> {
    /// The draft's cell for `column` may be cut off (the PDF dropped text
    /// that overflowed its cell): read it as the start of the real text.
    pub fn possibly_cut(&self, column: Column) -> bool {
        self.draft
            .as_ref()
            .is_some_and(|r| r.possibly_cut.contains(column))
    }
}

/// The catalogue: entries in the table's order, one per code.
#[derive(Debug)]
pub struct Catalogue<'a> {
    entries: Vec<Entry<'a>>,
    by_code: HashMap<&'a str, usize>,
    table_rows: usize,
    duplicates: Vec<&'a str>,
    overlay: &'a Overlay,
}

impl<'a> Catalogue<'a> {
    /// Builds the catalogue from the table's text and a parsed overlay.
    /// A malformed table, an overlay record naming a code the table lacks
    /// (or a new code it has), a rename or licence rename whose draft text
    /// does not match the table, or a code printed twice with different
    /// contents is an error.
    pub fn build(table_tsv: &'a str, overlay: &'a Overlay) -> Result<Catalogue<'a>, Error> {
        let rows = table::parse(table_tsv)?;
        let table_rows = rows.len();
        let mut by_code: HashMap<&'a str, usize> = HashMap::with_capacity(rows.len());
        let mut unique: Vec<Row<'a>> = Vec::with_capacity(rows.len());
        let mut duplicates = Vec::new();
        for row in rows {
            if let Some(&i) = by_code.get(row.code) {
                let first = &unique[i];
                if (first.name, first.licences, first.filings)
                    != (row.name, row.licences, row.filings)
                {
                    return Err(Error::Table {
                        line: row.line,
                        message: format!(
                            "{} is also on line {} with other contents",
                            row.code, first.line
                        ),
                    });
                }
                duplicates.push(row.code);
                continue;
            }
            by_code.insert(row.code, unique.len());
            unique.push(row);
        }

        check_overlay_codes(overlay, &by_code)?;
        let mut entries = Vec::with_capacity(unique.len() + overlay.new.len());
        for row in unique {
            entries.push(entry_from_row(row, overlay)?);
        }
        for new in &overlay.new {
            by_code.insert(&new.code, entries.len());
            entries.push(Entry {
                code: &new.code,
                name: &new.name,
                class: new.class,
                basis: Basis::New(new),
                licences: Vec::new(),
                filings: Vec::new(),
                gbt: Vec::new(),
                negative_list: "",
                foreign_investment: "",
                licences_ftz: "",
                draft: None,
                rename: None,
                licence_renames: Vec::new(),
            });
        }
        Ok(Catalogue {
            entries,
            by_code,
            table_rows,
            duplicates,
            overlay,
        })
    }

    pub fn get(&self, code: &str) -> Option<&Entry<'a>> {
        self.by_code.get(code).map(|&i| &self.entries[i])
    }

    /// Entries in the table's order, then the overlay's new entries.
    pub fn iter(&self) -> std::slice::Iter<'_, Entry<'a>> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many entries have `class`.
    pub fn count(&self, class: Class) -> usize {
        self.entries.iter().filter(|e| e.class == class).count()
    }

    /// Lines in the table (a code printed twice counts twice).
    pub fn table_rows(&self) -> usize {
        self.table_rows
    }

    /// Codes printed more than once in the draft (the first copy is kept).
    pub fn duplicates(&self) -> &[&'a str] {
        &self.duplicates
    }

    pub fn overlay(&self) -> &'a Overlay {
        self.overlay
    }
}

impl<'c, 'a> IntoIterator for &'c Catalogue<'a> {
    type Item = &'c Entry<'a>;
    type IntoIter = std::slice::Iter<'c, Entry<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// Every code the overlay names is in the table, but a new entry's, which
/// must not be; a code is renamed, moved to 备案 or added once at most, and
/// a code moved to 备案 is not 前置 too.
fn check_overlay_codes(overlay: &Overlay, by_code: &HashMap<&str, usize>) -> Result<(), Error> {
    let named = (overlay.rename.iter().map(|r| ("rename", &r.code)))
        .chain(overlay.to_filing.iter().map(|r| ("to_filing", &r.code)))
        .chain(
            overlay
                .licence_rename
                .iter()
                .map(|r| ("licence_rename", &r.code)),
        )
        .chain(
            overlay
                .prior
                .iter()
                .flat_map(|p| p.codes.iter().map(|c| ("prior", c))),
        )
        .chain(
            overlay
                .prior_candidate
                .iter()
                .flat_map(|p| p.codes.iter().map(|c| ("prior_candidate", c))),
        );
    for (what, code) in named {
        if !by_code.contains_key(code.as_str()) {
            return Err(Error::Overlay(format!(
                "{what} {code}: no such code in the table"
            )));
        }
    }
    for new in &overlay.new {
        if by_code.contains_key(new.code.as_str()) || !is_code(&new.code) {
            return Err(Error::Overlay(format!(
                "new {}: already in the table, or not a code",
                new.code
            )));
        }
    }
    let once = [
        (
            "rename",
            overlay.rename.iter().map(|r| &r.code).collect::<Vec<_>>(),
        ),
        (
            "to_filing",
            overlay.to_filing.iter().map(|r| &r.code).collect(),
        ),
        ("new", overlay.new.iter().map(|r| &r.code).collect()),
    ];
    for (what, codes) in once {
        if let Some((i, code)) = codes
            .iter()
            .enumerate()
            .find(|(i, c)| codes[..*i].contains(c))
        {
            return Err(Error::Overlay(format!(
                "{what} {code}: twice (record {})",
                i + 1
            )));
        }
    }
    for moved in &overlay.to_filing {
        if overlay.prior_for(&moved.code).next().is_some() {
            return Err(Error::Overlay(format!(
                "to_filing {}: also 前置",
                moved.code
            )));
        }
    }
    Ok(())
}

fn entry_from_row<'a>(row: Row<'a>, overlay: &'a Overlay) -> Result<Entry<'a>, Error> {
    let code = row.code;
    let rename = overlay.rename.iter().find(|r| r.code == code);
    if let Some(r) = rename
        && r.draft != row.name
    {
        return Err(Error::Overlay(format!(
            "rename {code}: the draft's name is {:?}, not {:?}",
            row.name, r.draft
        )));
    }
    let moved = overlay.to_filing.iter().find(|m| m.code == code);
    let licence_renames: Vec<&LicenceRename> = overlay
        .licence_rename
        .iter()
        .filter(|r| r.code == code)
        .collect();

    let mut licences: Vec<&'a str> = items(row.licences).collect();
    for r in &licence_renames {
        let Some(slot) = licences.iter_mut().find(|l| **l == r.draft) else {
            return Err(Error::Overlay(format!(
                "licence_rename {code}: the draft has no licence {:?}",
                r.draft
            )));
        };
        *slot = &r.licence;
    }
    let mut filings: Vec<&'a str> = items(row.filings).collect();
    // An item of the licence column that is a filing by its own name
    // (对外贸易经营者备案登记, printed there for 22 entries) is a filing:
    // 货物进出口 needs no licence.
    let (named_filings, kept): (Vec<&'a str>, Vec<&'a str>) = licences
        .into_iter()
        .partition(|l| l.ends_with("备案登记") || l.ends_with("备案"));
    licences = kept;
    for f in named_filings {
        if !filings.contains(&f) {
            filings.push(f);
        }
    }
    if let Some(m) = moved {
        licences.clear();
        filings = vec![&m.filing];
    }

    let prior: Vec<&Prior> = overlay.prior_for(code).collect();
    let (class, basis) = if !prior.is_empty() {
        (Class::Prior, Basis::Prior(prior))
    } else if let Some(m) = moved {
        (Class::Filing, Basis::Moved(m))
    } else if !licences.is_empty() {
        (Class::Licensed, Basis::Draft)
    } else if !filings.is_empty() {
        (Class::Filing, Basis::Draft)
    } else {
        (Class::General, Basis::Draft)
    };

    Ok(Entry {
        code,
        name: rename.map_or(row.name, |r| r.name.as_str()),
        class,
        basis,
        licences,
        filings,
        gbt: gbt(row.gbt4754),
        negative_list: row.negative_list,
        foreign_investment: row.foreign_investment,
        licences_ftz: row.licences_ftz,
        draft: Some(row),
        rename,
        licence_renames,
    })
}

/// The items of a licence or filing cell: each ends with `;` (or `；`).
fn items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `0211林木育种；0212林木育苗` → (0211, 林木育种), (0212, 林木育苗).
fn gbt(cell: &str) -> Vec<Gbt<'_>> {
    items(cell)
        .map(|item| {
            let digits = item.bytes().take_while(u8::is_ascii_digit).count();
            Gbt {
                code: &item[..digits],
                name: item[digits..].trim(),
            }
        })
        .collect()
}

/// A catalogue file that does not hold to its shape.
#[derive(Debug)]
pub enum Error {
    /// The table: the line and what is wrong.
    Table { line: usize, message: String },
    /// The overlay is not valid TOML, or not the overlay's shape.
    OverlaySyntax(Box<toml::de::Error>),
    /// The overlay does not fit the table, or lacks a source.
    Overlay(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Table { line, message } => write!(f, "catalogue table, line {line}: {message}"),
            Error::OverlaySyntax(e) => write!(f, "catalogue overlay: {e}"),
            Error::Overlay(message) => write!(f, "catalogue overlay: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::OverlaySyntax(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}
