//! The extracted table, `catalogue/jyfw-2021.tsv`: one row per line, as
//! `catalogue/extract.py` read it from the PDF, text unchanged.

use super::Error;
use std::fmt;

/// The TSV's header line, in order.
pub const HEADER: [&str; 10] = [
    "code",
    "name",
    "gbt4754",
    "licences",
    "licences_ftz",
    "filings",
    "negative_list",
    "foreign_investment",
    "page",
    "possibly_cut",
];

/// The eight columns of the PDF's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// 条目代码
    Code,
    /// 经营范围表述条目
    Name,
    /// 对应《国民经济行业分类》 (GB/T 4754-2017)
    Gbt4754,
    /// 经营范围规范条目对应涉企行政许可事项
    Licences,
    /// 经营范围规范条目对应涉企行政许可事项（自贸区范围）
    LicencesFtz,
    /// 涉及备案事项
    Filings,
    /// 涉及负面清单事项 (市场准入负面清单)
    NegativeList,
    /// 外资负面清单
    ForeignInvestment,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Code,
        Column::Name,
        Column::Gbt4754,
        Column::Licences,
        Column::LicencesFtz,
        Column::Filings,
        Column::NegativeList,
        Column::ForeignInvestment,
    ];

    /// The column's name in the TSV header.
    pub fn tsv_name(self) -> &'static str {
        HEADER[self as usize]
    }

    /// The column's heading in the PDF.
    pub fn zh(self) -> &'static str {
        match self {
            Column::Code => "条目代码",
            Column::Name => "经营范围表述条目",
            Column::Gbt4754 => "对应《国民经济行业分类》",
            Column::Licences => "经营范围规范条目对应涉企行政许可事项",
            Column::LicencesFtz => "经营范围规范条目对应涉企行政许可事项（自贸区范围）",
            Column::Filings => "涉及备案事项",
            Column::NegativeList => "涉及负面清单事项",
            Column::ForeignInvestment => "外资负面清单",
        }
    }

    fn from_tsv_name(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.tsv_name() == name)
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tsv_name())
    }
}

/// A set of columns (the `possibly_cut` field).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ColumnSet(u8);

impl ColumnSet {
    pub fn contains(self, column: Column) -> bool {
        self.0 & (1 << column as u8) != 0
    }

    pub fn insert(&mut self, column: Column) {
        self.0 |= 1 << column as u8;
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Column> {
        Column::ALL.into_iter().filter(move |&c| self.contains(c))
    }
}

/// One line of the table: the 2021 draft's entry as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// The line in the TSV (the header is line 1).
    pub line: usize,
    pub code: &'a str,
    pub name: &'a str,
    pub gbt4754: &'a str,
    pub licences: &'a str,
    pub licences_ftz: &'a str,
    pub filings: &'a str,
    pub negative_list: &'a str,
    pub foreign_investment: &'a str,
    /// The PDF page the row is on.
    pub page: u16,
    /// Cells whose text may be cut off in the PDF (the exporter dropped
    /// text that overflowed a cell; see catalogue/README.md).
    pub possibly_cut: ColumnSet,
}

impl<'a> Row<'a> {
    pub fn cell(&self, column: Column) -> &'a str {
        match column {
            Column::Code => self.code,
            Column::Name => self.name,
            Column::Gbt4754 => self.gbt4754,
            Column::Licences => self.licences,
            Column::LicencesFtz => self.licences_ftz,
            Column::Filings => self.filings,
            Column::NegativeList => self.negative_list,
            Column::ForeignInvestment => self.foreign_investment,
        }
    }
}

/// A catalogue code as the table writes it: a 门类 letter, then a digit or
/// a letter, then three digits (`A1001`, `CE016`).
pub fn is_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && (b'A'..=b'T').contains(&b[0])
        && (b[1].is_ascii_digit() || b[1].is_ascii_uppercase())
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// Reads the whole table. A wrong header, a line with a missing or extra
/// field, a bad code, page or column name, or a file that does not end with
/// a newline (a truncated write) is an error naming the line.
pub fn parse(tsv: &str) -> Result<Vec<Row<'_>>, Error> {
    let err = |line: usize, message: String| Error::Table { line, message };
    let Some(body) = tsv.strip_suffix('\n') else {
        return Err(err(
            tsv.lines().count().max(1),
            "the file does not end with a newline: truncated?".into(),
        ));
    };
    let mut lines = body.split('\n');
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    if header != HEADER {
        return Err(err(1, format!("header is {header:?}, expected {HEADER:?}")));
    }
    let mut rows = Vec::new();
    for (i, text) in lines.enumerate() {
        let line = i + 2;
        let fields: Vec<&str> = text.split('\t').collect();
        let [
            code,
            name,
            gbt4754,
            licences,
            licences_ftz,
            filings,
            negative_list,
            foreign_investment,
            page,
            cut,
        ] = fields[..]
        else {
            return Err(err(
                line,
                format!("{} fields, expected {}", fields.len(), HEADER.len()),
            ));
        };
        if let Some(bad) = fields.iter().find(|f| f.contains('\r') || f.trim() != **f) {
            return Err(err(
                line,
                format!("field {bad:?} has surrounding blanks or a carriage return"),
            ));
        }
        if !is_code(code) {
            return Err(err(line, format!("{code:?} is not a catalogue code")));
        }
        if name.is_empty() {
            return Err(err(line, format!("{code} has no name")));
        }
        let page = match page.parse::<u16>() {
            Ok(p) if p > 0 => p,
            _ => return Err(err(line, format!("{page:?} is not a page number"))),
        };
        let mut possibly_cut = ColumnSet::default();
        for column in cut.split(',').filter(|c| !c.is_empty()) {
            match Column::from_tsv_name(column) {
                Some(c) => possibly_cut.insert(c),
                None => {
                    return Err(err(
                        line,
                        format!("{column:?} in possibly_cut is not a column"),
                    ));
                }
            }
        }
        rows.push(Row {
            line,
            code,
            name,
            gbt4754,
            licences,
            licences_ftz,
            filings,
            negative_list,
            foreign_investment,
            page,
            possibly_cut,
        });
    }
    if rows.is_empty() {
        return Err(err(1, "no rows".into()));
    }
    Ok(rows)
}
