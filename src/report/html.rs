//! `--format html`: one self-contained page for a compliance officer and
//! the manager who signs off: the totals, then a table of companies (name,
//! USCC, region, a verdict each, counts by severity, the licences the
//! scope needs), then charts, the unreadable inputs, and the findings,
//! each row linking to a plain card of its rule (code, title, severity,
//! legal basis, how to fix). `--statistics` gives the summary page: the
//! same without the findings, for a whole registry.
//!
//! Chinese by default, English with [`Lang::En`]: every label is in
//! [`Labels`], one table per language. Rule expressions and research
//! notes (source notes, confirmation status) are never shown: they are in
//! `neglist explain` and the JSON report.
//!
//! Self-contained: inline CSS, inline SVG, a few lines of inline script,
//! nothing fetched. Everything that comes from a filing or a path is
//! HTML-escaped (and its control and bidi characters shown escaped).
//!
//! Streamed like the other formats: each finding's row is written when its
//! file's report arrives and then forgotten. What the reporter holds is
//! counts (per category and severity, per rule, per province, per
//! verdict), the set of rules that fired, the company rows (at most
//! `MAX_COMPANY_ROWS`, companies with findings kept before passing ones)
//! and the unreadable inputs (at most `MAX_UNREADABLE` listed). The
//! sections known only at the end are written last and shown first, by
//! CSS `order` (which Chromium also follows when printing).

use super::Summary;
use super::escape::visible;
pub use super::explain::Lang;
use super::json::basis_of;
use crate::catalogue::{Class, Entry};
use crate::parse::date::{AsOf, Date};
use crate::parse::region::province;
use crate::pipeline::FileReport;
use crate::rule::{Catalog, Category, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

/// Unreadable inputs listed by name; past this, only counted.
const MAX_UNREADABLE: usize = 10_000;
/// Characters of a value shown on each side of the matched words.
const CONTEXT_CHARS: usize = 40;
/// Legal-basis cells remembered at most (emptied when full).
const MAX_BASES: usize = 4096;
/// Companies listed in the company table (the rest are counted): those
/// with a finding or an unreadable document first, then passing ones.
const MAX_COMPANY_ROWS: usize = 10_000;
/// Licence lines listed for one company (the rest are counted).
const MAX_LICENCES: usize = 12;
/// Characters of a company's name or USCC shown (a hostile filing may
/// have a name of a megabyte).
const MAX_NAME_CHARS: usize = 80;

/// Every word of the page's frame, in one language. Legal titles, rule
/// messages and catalogue names are Chinese in both: that is the text that
/// applies.
pub struct Labels {
    pub html_lang: &'static str,
    /// Punctuation: `：` and `（…）` in Chinese, `: ` and ` (…)` in English.
    pub colon: &'static str,
    pub paren: (&'static str, &'static str),
    pub title: &'static str,
    pub judged: &'static str,
    pub as_of_today: &'static str,
    pub as_of_filed: &'static str,
    pub judged_between: &'static str,
    pub rules: &'static str,
    pub builtin: &'static str,
    pub rule_count: fn(usize) -> String,
    pub summary_only: &'static str,
    pub files: &'static str,
    pub filings: &'static str,
    pub errors: &'static str,
    pub warnings: &'static str,
    pub notes: &'static str,
    pub unreadable: &'static str,
    pub waived: &'static str,
    pub baselined: &'static str,
    pub companies: &'static str,
    pub verdict_help: &'static str,
    pub fail: &'static str,
    pub unchecked: &'static str,
    pub review: &'static str,
    pub pass: &'static str,
    pub col_name: &'static str,
    pub col_uscc: &'static str,
    pub col_region: &'static str,
    pub col_verdict: &'static str,
    /// The count columns' headers (narrow columns).
    pub col_counts: [&'static str; 3],
    pub col_licences: &'static str,
    pub licences_help: &'static str,
    pub prior: &'static str,
    pub licensed: &'static str,
    pub more_licences: fn(usize) -> String,
    pub no_name: &'static str,
    pub doc_no: fn(usize) -> String,
    pub line_no: fn(usize) -> String,
    pub whole_file: &'static str,
    pub passing_left_out: fn(usize) -> String,
    pub others_left_out: fn(usize) -> String,
    pub no_companies: &'static str,
    pub charts: &'static str,
    pub by_kind: &'static str,
    pub by_rule: &'static str,
    pub by_province: &'static str,
    pub unknown: &'static str,
    pub none: &'static str,
    pub unreadable_title: &'static str,
    pub all_read: &'static str,
    pub more_unreadable: fn(usize) -> String,
    pub filter: &'static str,
    pub all: &'static str,
    pub rule: &'static str,
    pub category: &'static str,
    pub severity: &'static str,
    pub province: &'static str,
    pub findings: &'static str,
    pub shown: (&'static str, &'static str),
    pub col_company: &'static str,
    pub col_field: &'static str,
    pub col_value: &'static str,
    pub col_rule: &'static str,
    pub col_basis: &'static str,
    pub rule_cards: &'static str,
    pub basis: &'static str,
    pub fix: &'static str,
    pub cat_prohibited: &'static str,
    pub cat_license_required: &'static str,
    pub cat_risk: &'static str,
    pub cat_data: &'static str,
    pub sev_error: &'static str,
    pub sev_warning: &'static str,
    pub sev_note: &'static str,
}

pub const ZH: Labels = Labels {
    html_lang: "zh-CN",
    colon: "：",
    paren: ("（", "）"),
    title: "市场准入审查报告",
    judged: "判定日期",
    as_of_today: "今日",
    as_of_filed: "各申报按其申报日期判定（无申报日期的按今日）",
    judged_between: "实际判定日期",
    rules: "规则",
    builtin: "内置规则",
    rule_count: |n| format!("共 {n} 条"),
    summary_only: "汇总版：只列企业和合计，不列逐条事项。",
    files: "文件",
    filings: "申报",
    errors: "错误",
    warnings: "警告",
    notes: "提示",
    unreadable: "无法读取",
    waived: "已豁免",
    baselined: "基线内",
    companies: "企业一览",
    verdict_help: "结论：<b>不通过</b> = 至少一项错误级事项（与命令退出状态 1 相同）；\
        <b>未能检查</b> = 文件或文档无法读取，不能视为合格（退出状态同样为 1）；\
        <b>待复核</b> = 无错误、有警告，请人工复核；<b>通过</b> = 无错误、无警告（提示不影响结论）。\
        已豁免和基线内的事项不计入。",
    fail: "不通过",
    unchecked: "未能检查",
    review: "待复核",
    pass: "通过",
    col_name: "企业名称",
    col_uscc: "统一社会信用代码",
    col_region: "地区",
    col_verdict: "结论",
    col_counts: ["错误", "警告", "提示"],
    col_licences: "经营范围所需许可",
    licences_help: "所需许可按经营范围规范目录：<b>前置</b>为登记前须经批准，<b>许可</b>为登记后须取得许可。",
    prior: "前置",
    licensed: "许可",
    more_licences: |n| format!("另有 {n} 项"),
    no_name: "（无名称）",
    doc_no: |n| format!("第 {n} 份"),
    line_no: |n| format!("第 {n} 行"),
    whole_file: "整个文件",
    passing_left_out: |n| format!("另有 {n} 家通过的企业未逐一列出。"),
    others_left_out: |n| format!("另有 {n} 家未通过或待复核的企业未列出（完整清单见 JSON 报告）。"),
    no_companies: "没有申报。",
    charts: "分布",
    by_kind: "按类别与级别",
    by_rule: "按规则",
    by_province: "按省级行政区（GB/T 2260）",
    unknown: "未知",
    none: "无",
    unreadable_title: "无法读取的输入",
    all_read: "无：全部输入均已读取。",
    more_unreadable: |n| format!("另有 {n} 项（完整清单见 JSON 报告）"),
    filter: "筛选",
    all: "全部",
    rule: "规则",
    category: "类别",
    severity: "级别",
    province: "省份",
    findings: "违规事项",
    shown: ("显示", "条"),
    col_company: "企业",
    col_field: "字段",
    col_value: "内容",
    col_rule: "规则",
    col_basis: "法律依据",
    rule_cards: "规则说明",
    basis: "法律依据",
    fix: "整改建议",
    cat_prohibited: "禁止准入",
    cat_license_required: "须经许可",
    cat_risk: "风险提示",
    cat_data: "数据问题",
    sev_error: "错误",
    sev_warning: "警告",
    sev_note: "提示",
};

pub const EN: Labels = Labels {
    html_lang: "en",
    colon: ": ",
    paren: (" (", ")"),
    title: "Market-access audit report",
    judged: "Judged as of",
    as_of_today: "today",
    as_of_filed: "each filing as of its own filed_on (today if it has none)",
    judged_between: "days judged on",
    rules: "Rules",
    builtin: "built-in rules",
    rule_count: |n| format!("{n} rules"),
    summary_only: "Summary: companies and totals only, no finding detail.",
    files: "files",
    filings: "filings",
    errors: "errors",
    warnings: "warnings",
    notes: "notes",
    unreadable: "unreadable",
    waived: "waived",
    baselined: "baselined",
    companies: "Companies",
    verdict_help: "Verdict: <b>fail</b> = at least one error finding (as exit status 1); \
        <b>not checked</b> = a file or document could not be read, never counted as clean (exit status 1 too); \
        <b>review</b> = no error but warnings, for a person to look at; <b>pass</b> = no error and no warning (notes do not count). \
        Waived and baselined findings are not counted.",
    fail: "fail",
    unchecked: "not checked",
    review: "review",
    pass: "pass",
    col_name: "Company",
    col_uscc: "USCC",
    col_region: "Region",
    col_verdict: "Verdict",
    col_counts: ["err.", "warn.", "notes"],
    col_licences: "Licences the scope needs",
    licences_help: "By the business-scope catalogue: <b>prior</b> = approval before registration, <b>licence</b> = a licence after registration.",
    prior: "prior",
    licensed: "licence",
    more_licences: |n| format!("{n} more"),
    no_name: "(no name)",
    doc_no: |n| format!("document {n}"),
    line_no: |n| format!("line {n}"),
    whole_file: "whole file",
    passing_left_out: |n| format!("{n} more passing companies are not listed."),
    others_left_out: |n| {
        format!("{n} more companies that fail or need review are not listed (see the JSON report).")
    },
    no_companies: "No filings.",
    charts: "Distribution",
    by_kind: "By category and severity",
    by_rule: "By rule",
    by_province: "By province (GB/T 2260)",
    unknown: "unknown",
    none: "None",
    unreadable_title: "Unreadable inputs",
    all_read: "None: every input was read.",
    more_unreadable: |n| format!("and {n} more (see the JSON report)"),
    filter: "Filter",
    all: "all",
    rule: "rule",
    category: "category",
    severity: "severity",
    province: "province",
    findings: "Findings",
    shown: ("showing", ""),
    col_company: "Company",
    col_field: "Field",
    col_value: "Value",
    col_rule: "Rule",
    col_basis: "Legal basis",
    rule_cards: "Rules",
    basis: "Legal basis",
    fix: "How to comply",
    cat_prohibited: "prohibited",
    cat_license_required: "licence required",
    cat_risk: "risk",
    cat_data: "data",
    sev_error: "error",
    sev_warning: "warning",
    sev_note: "note",
};

impl Labels {
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
    fn category(&self, c: Category) -> &'static str {
        match c {
            Category::Prohibited => self.cat_prohibited,
            Category::LicenseRequired => self.cat_license_required,
            Category::Risk => self.cat_risk,
            Category::Data => self.cat_data,
        }
    }
    fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.sev_error,
            Severity::Warning => self.sev_warning,
            Severity::Note => self.sev_note,
        }
    }
    fn verdict(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::Fail => self.fail,
            Verdict::Unchecked => self.unchecked,
            Verdict::Review => self.review,
            Verdict::Pass => self.pass,
        }
    }
}

/// What the page's header states about the run.
#[derive(Debug, Clone)]
pub struct HtmlHeader {
    /// `neglist 0.1.0`.
    pub version: String,
    /// The date filings were judged on, as asked (None: today).
    pub as_of: Option<AsOf>,
    pub today: Date,
    /// Whether the built-in rules ran.
    pub builtin: bool,
    /// Rule files added to (or replacing) them.
    pub rule_files: Vec<String>,
}

/// One filing's (or unreadable document's) verdict, from its findings the
/// way the exit status reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// At least one error finding.
    Fail,
    /// The document or file could not be read: never clean.
    Unchecked,
    /// No error, at least one warning.
    Review,
    /// No error and no warning.
    Pass,
}

impl Verdict {
    fn key(self) -> &'static str {
        match self {
            Verdict::Fail => "fail",
            Verdict::Unchecked => "unchecked",
            Verdict::Review => "review",
            Verdict::Pass => "pass",
        }
    }
}

/// What the report knows of one document of a file: the filing's identity
/// and licences (if it is a filing), and its counts.
#[derive(Default)]
struct Doc {
    filing: bool,
    name: Option<String>,
    uscc: Option<String>,
    region: Option<String>,
    licences: Vec<&'static Entry<'static>>,
    errors: usize,
    warnings: usize,
    notes: usize,
    waived: usize,
    unreadable: usize,
    /// The company's number in the report (its row's anchor).
    seq: usize,
}

impl Doc {
    fn verdict(&self) -> Verdict {
        if self.errors > 0 {
            Verdict::Fail
        } else if self.unreadable > 0 {
            Verdict::Unchecked
        } else if self.warnings > 0 {
            Verdict::Review
        } else {
            Verdict::Pass
        }
    }
}

/// The company table's rows, bounded: rows that need a reader's eye are
/// kept before passing ones.
#[derive(Default)]
struct Companies {
    /// (number, row) of companies that fail, need review or were not
    /// checked, in input order.
    flagged: Vec<(usize, String)>,
    /// (number, row) of passing companies, in input order.
    passing: Vec<(usize, String)>,
    by_verdict: [usize; 4],
    flagged_left_out: usize,
    passing_left_out: usize,
    next: usize,
}

impl Companies {
    fn push(&mut self, seq: usize, verdict: Verdict, row: String) {
        self.by_verdict[verdict as usize] += 1;
        let full = self.flagged.len() + self.passing.len() >= MAX_COMPANY_ROWS;
        if verdict == Verdict::Pass {
            if full {
                self.passing_left_out += 1;
            } else {
                self.passing.push((seq, row));
            }
        } else if !full {
            self.flagged.push((seq, row));
        } else if self.passing.pop().is_some() {
            // A passing row makes room for one that needs reading.
            self.passing_left_out += 1;
            self.flagged.push((seq, row));
        } else {
            self.flagged_left_out += 1;
        }
    }
}

pub struct HtmlReporter<'a, W: Write> {
    catalog: &'a Catalog,
    out: W,
    day: Date,
    header: HtmlHeader,
    lang: Lang,
    t: &'static Labels,
    /// `--statistics`: no findings table, no filters.
    summary_only: bool,
    started: bool,
    by_kind: BTreeMap<(Category, Severity), usize>,
    by_rule: BTreeMap<String, (usize, Option<usize>)>,
    by_province: BTreeMap<String, usize>,
    unreadable: Vec<(String, String)>,
    unreadable_total: usize,
    /// Escaped legal-basis cells by rule and day.
    bases: std::collections::HashMap<(Option<usize>, Date), String>,
    companies: Companies,
}

impl<'a, W: Write> HtmlReporter<'a, W> {
    pub fn new(catalog: &'a Catalog, out: W, day: Date, header: HtmlHeader) -> Self {
        HtmlReporter {
            catalog,
            out,
            day,
            header,
            lang: Lang::Zh,
            t: &ZH,
            summary_only: false,
            started: false,
            by_kind: BTreeMap::new(),
            by_rule: BTreeMap::new(),
            by_province: BTreeMap::new(),
            unreadable: vec![],
            unreadable_total: 0,
            bases: std::collections::HashMap::new(),
            companies: Companies::default(),
        }
    }

    /// The page's language (Chinese by default).
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self.t = Labels::of(lang);
        self
    }

    /// The summary page: companies and totals, no finding rows.
    pub fn summary_only(mut self, yes: bool) -> Self {
        self.summary_only = yes;
        self
    }

    fn en(&self) -> bool {
        self.lang == Lang::En
    }

    /// Each document of `r`, by document number (None: the whole file,
    /// when it could not be read at all): its filing's identity and
    /// licences (from the check, else read again from the file), and its
    /// counts.
    fn documents(&mut self, r: &FileReport) -> BTreeMap<Option<usize>, Doc> {
        let mut docs: BTreeMap<Option<usize>, Doc> = BTreeMap::new();
        let again;
        let companies = if r.companies.is_empty() && r.filings > 0 {
            again = companies_again(r);
            &again
        } else {
            &r.companies
        };
        for c in companies {
            let doc = docs.entry(Some(c.document)).or_default();
            if doc.filing {
                continue;
            }
            doc.filing = true;
            doc.name = c.name.clone();
            doc.uscc = c.uscc.clone();
            doc.region = c.region.clone();
            doc.licences = c.licences.clone();
        }
        for f in &r.findings {
            let doc = docs.entry(Some(f.finding.document)).or_default();
            match f.finding.severity {
                Severity::Error => doc.errors += 1,
                Severity::Warning => doc.warnings += 1,
                Severity::Note => doc.notes += 1,
            }
        }
        for w in &r.waived {
            docs.entry(Some(w.located.finding.document))
                .or_default()
                .waived += 1;
        }
        for u in &r.unreadable {
            docs.entry(u.document).or_default().unreadable += 1;
        }
        for doc in docs.values_mut() {
            doc.seq = self.companies.next;
            self.companies.next += 1;
        }
        docs
    }

    /// Where a document is: its file, and which document or line of it.
    fn place(&self, r: &FileReport, key: Option<usize>, several: bool) -> String {
        let t = self.t;
        match key {
            // (An NDJSON line's document number is its line's, less one.)
            Some(d) if r.part => format!("{} · {}", r.path, (t.line_no)(d + 1)),
            None => format!("{} · {}", r.path, t.whole_file),
            Some(d) if several || d > 0 => format!("{} · {}", r.path, (t.doc_no)(d + 1)),
            Some(_) => r.path.clone(),
        }
    }

    fn company_row(&self, r: &FileReport, key: Option<usize>, doc: &Doc, several: bool) -> String {
        let t = self.t;
        let verdict = doc.verdict();
        let region = doc.region.as_deref().map_or(String::new(), |code| {
            let pname = province(code).map_or(t.unknown, |p| p.1);
            format!("{}<br><small>{}</small>", esc(pname), esc(code))
        });
        let mut licences = String::new();
        if !doc.licences.is_empty() {
            licences.push_str("<ul class=\"needs\">");
            for e in doc.licences.iter().take(MAX_LICENCES) {
                let class = match e.class {
                    Class::Prior => t.prior,
                    _ => t.licensed,
                };
                let needs = crate::classify::needs(e);
                let _ = write!(
                    licences,
                    "<li><b>{class}</b> {} {}{}{}</li>",
                    esc(e.code),
                    esc(e.name),
                    if needs.is_empty() { "" } else { "：" },
                    esc(&needs)
                );
            }
            if doc.licences.len() > MAX_LICENCES {
                let _ = write!(
                    licences,
                    "<li>{}</li>",
                    esc(&(t.more_licences)(doc.licences.len() - MAX_LICENCES))
                );
            }
            licences.push_str("</ul>");
        }
        let name = match &doc.name {
            Some(n) if !n.is_empty() => format!(
                "<span class=\"f\">{}</span>",
                esc(&shorten(n, MAX_NAME_CHARS))
            ),
            _ => t.no_name.to_string(),
        };
        format!(
            "<tr class=\"co v-{v}\" id=\"co-{seq}\" data-path=\"{path}\" data-document=\"{document}\" \
             data-verdict=\"{v}\" data-errors=\"{e}\" data-warnings=\"{w}\" data-notes=\"{n}\">\
             <td>{name}<br><small class=\"path\">{place}</small></td>\
             <td class=\"uscc f\">{uscc}</td><td>{region}</td>\
             <td><span class=\"verdict\">{verdict}</span>{waived}</td>\
             <td class=\"num\">{e}</td><td class=\"num\">{w}</td><td class=\"num\">{n}</td>\
             <td>{licences}</td></tr>\n",
            v = verdict.key(),
            seq = doc.seq,
            path = esc(&r.path),
            document = key.map_or(String::new(), |d| d.to_string()),
            place = breakable(&esc(&self.place(r, key, several))),
            uscc = esc(&shorten(doc.uscc.as_deref().unwrap_or(""), MAX_NAME_CHARS)),
            verdict = t.verdict(verdict),
            waived = if doc.waived > 0 {
                format!("<br><small>{} {}</small>", t.waived, doc.waived)
            } else {
                String::new()
            },
            e = doc.errors,
            w = doc.warnings,
            n = doc.notes,
        )
    }

    fn start(&mut self) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let t = self.t;
        write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
             <title>neglist {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
            lang = t.html_lang,
            title = t.title,
            csp = content_security_policy(),
        )?;
        if self.summary_only {
            return Ok(());
        }
        write!(
            self.out,
            "<section id=\"findings\">\n<h2>{findings} <small>{open}{shown0} <span id=\"shown\"></span> {shown1}{close}</small></h2>\n\
             <table id=\"findings-table\">\n<colgroup><col class=\"w-company\"><col class=\"w-field\"><col class=\"w-value\">\
             <col class=\"w-rule\"><col class=\"w-basis\"></colgroup>\n<thead><tr><th>{company}</th><th>{field}</th>\
             <th>{value}</th><th>{rule}</th><th>{basis}</th></tr></thead>\n<tbody>\n",
            findings = t.findings,
            open = t.paren.0,
            close = t.paren.1,
            shown0 = t.shown.0,
            shown1 = t.shown.1,
            company = t.col_company,
            field = t.col_field,
            value = t.col_value,
            rule = t.col_rule,
            basis = t.col_basis,
        )
    }

    /// Counts a finding for the charts and filters.
    fn count(&mut self, f: &crate::pipeline::PlacedFinding) {
        let finding = &f.finding;
        let pname = finding
            .region
            .as_deref()
            .and_then(province)
            .map_or(self.t.unknown, |p| p.1);
        *self
            .by_kind
            .entry((finding.category, finding.severity))
            .or_default() += 1;
        self.by_rule
            .entry(finding.rule.clone())
            .or_insert((0, finding.rule_index))
            .0 += 1;
        *self.by_province.entry(pname.to_string()).or_default() += 1;
    }

    fn row(
        &mut self,
        r: &FileReport,
        f: &crate::pipeline::PlacedFinding,
        doc: Option<&Doc>,
    ) -> std::io::Result<()> {
        let t = self.t;
        let en = self.en();
        let finding = &f.finding;
        let (code2, pname) = finding
            .region
            .as_deref()
            .and_then(province)
            .unwrap_or(("", t.unknown));
        let src = r.source.as_ref().map_or("", |s| s.src.as_str());
        let value = highlighted(src, finding.range.clone());
        // (The same for every finding of a rule on a day: escaped once.)
        if self.bases.len() >= MAX_BASES {
            self.bases.clear();
        }
        let catalog = self.catalog;
        let basis = self
            .bases
            .entry((finding.rule_index, finding.as_of))
            .or_insert_with(|| basis_cell(catalog, finding.rule_index, finding.as_of, false));
        let basis = basis.as_str();
        let rule_link = if finding.rule_index.is_some() {
            format!("<a href=\"#rule-{0}\">{0}</a>", esc(&finding.rule))
        } else {
            esc(&finding.rule)
        };
        // The company: its name (linking to its row), else what the
        // finding names it by.
        let company = match doc {
            Some(d) => {
                let name = d
                    .name
                    .as_deref()
                    .filter(|n| !n.is_empty())
                    .or(finding.filing.as_deref());
                format!(
                    "<a class=\"f\" href=\"#co-{}\">{}</a>",
                    d.seq,
                    name.map_or(t.no_name.to_string(), |n| esc(&shorten(n, MAX_NAME_CHARS)))
                )
            }
            None => format!(
                "<span class=\"f\">{}</span>",
                esc(&shorten(
                    finding.filing.as_deref().unwrap_or(""),
                    MAX_NAME_CHARS
                ))
            ),
        };
        let field = finding.field.as_deref().unwrap_or("");
        let field = if en {
            field.to_string()
        } else {
            crate::filing::chinese_key(field).map_or_else(|| field.to_string(), str::to_string)
        };
        writeln!(
            self.out,
            "<tr class=\"sev-{sev}\" data-rule=\"{rule}\" data-category=\"{cat}\" data-severity=\"{sev}\" data-province=\"{prov}\">\
             <td>{company}<br><small>{pname}{code}</small><br><small class=\"path\">{path}:{line}:{col}</small></td>\
             <td class=\"field\">{field}</td><td class=\"value f\">{value}</td>\
             <td><span class=\"badge\">{sev_name}</span> {rule_link} <small>{cat_name}</small><br><span class=\"msg\">{message}</span></td>\
             <td class=\"basis\">{basis}</td></tr>",
            sev = finding.severity.as_str(),
            sev_name = t.severity(finding.severity),
            rule = esc(&finding.rule),
            cat = finding.category.as_str(),
            cat_name = t.category(finding.category),
            prov = esc(pname),
            path = breakable(&esc(&r.path)),
            line = f.span.line,
            col = f.span.column,
            pname = esc(pname),
            code = if code2.is_empty() {
                String::new()
            } else {
                format!(" · {}", esc(finding.region.as_deref().unwrap_or("")))
            },
            field = esc(&field),
            // (A loader finding's message in the page's language; a rule's
            // as its rule file writes it, or its English title with --lang en.)
            message = esc(&super::message(f, Some(self.catalog), self.lang)),
        )
    }

    fn summary(&mut self, s: &Summary) -> std::io::Result<()> {
        let h = &self.header;
        let t = self.t;
        let as_of = match h.as_of {
            Some(AsOf::Day(d)) => d.to_string(),
            Some(AsOf::Filed) => t.as_of_filed.to_string(),
            None => format!("{} {}", t.as_of_today, h.today),
        };
        let mut rules: Vec<String> = vec![];
        if h.builtin {
            rules.push(t.builtin.to_string());
        }
        rules.extend(
            h.rule_files
                .iter()
                .map(|f| format!("<span class=\"path\">{}</span>", esc(f))),
        );
        let mut page = String::new();
        let _ = write!(
            page,
            "<section id=\"summary\">\n<h1>{title}</h1>\n\
             <p class=\"meta\">{version} · {judged} {as_of}{between} · {rules_label}{colon}{rules}{open}{count}{close}</p>\n",
            title = t.title,
            version = esc(&h.version),
            judged = t.judged,
            as_of = esc(&as_of),
            between = match (s.as_of_first, s.as_of_last) {
                (Some(a), Some(b)) => {
                    format!("{}{} {a} – {b}{}", t.paren.0, t.judged_between, t.paren.1)
                }
                _ => String::new(),
            },
            rules_label = t.rules,
            colon = t.colon,
            open = t.paren.0,
            close = t.paren.1,
            rules = rules.join(" + "),
            count = (t.rule_count)(self.catalog.rules.len()),
        );
        if self.summary_only {
            let _ = writeln!(page, "<p class=\"meta\">{}</p>", t.summary_only);
        }
        page.push_str("<dl class=\"totals\">");
        let by = &self.companies.by_verdict;
        for (id, label, n) in [
            ("fail", t.fail, by[Verdict::Fail as usize]),
            ("unchecked", t.unchecked, by[Verdict::Unchecked as usize]),
            ("review", t.review, by[Verdict::Review as usize]),
            ("pass", t.pass, by[Verdict::Pass as usize]),
        ] {
            let _ = write!(
                page,
                "<div class=\"v-{id}\"><dt>{label}</dt><dd id=\"count-{id}\" data-count=\"{n}\">{n}</dd></div>"
            );
        }
        page.push_str("</dl>\n<dl class=\"totals small\">");
        for (id, label, n) in [
            ("files", t.files, s.files),
            ("filings", t.filings, s.filings),
            ("errors", t.errors, s.errors),
            ("warnings", t.warnings, s.warnings),
            ("notes", t.notes, s.notes),
            ("unreadable", t.unreadable, s.unreadable),
            ("waived", t.waived, s.waived),
            ("baselined", t.baselined, s.baselined),
        ] {
            let _ = write!(
                page,
                "<div><dt>{label}</dt><dd id=\"count-{id}\" data-count=\"{n}\">{n}</dd></div>"
            );
        }
        page.push_str("</dl>\n</section>\n");
        self.out.write_all(page.as_bytes())
    }

    fn company_section(&mut self) -> std::io::Result<()> {
        let t = self.t;
        let c = &mut self.companies;
        let mut page = format!(
            "<section id=\"companies\">\n<h2>{}</h2>\n<p class=\"help\">{}</p>\n",
            t.companies, t.verdict_help
        );
        if c.flagged.is_empty() && c.passing.is_empty() {
            let _ = writeln!(page, "<p>{}</p>", t.no_companies);
        } else {
            let _ = write!(
                page,
                "<table id=\"company-table\">\n<colgroup><col class=\"w-name\"><col class=\"w-uscc\"><col class=\"w-region\">\
                 <col class=\"w-verdict\"><col class=\"w-num\"><col class=\"w-num\"><col class=\"w-num\"><col class=\"w-licences\"></colgroup>\n\
                 <thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                t.col_name,
                t.col_uscc,
                t.col_region,
                t.col_verdict,
                t.col_counts[0],
                t.col_counts[1],
                t.col_counts[2],
                t.col_licences,
            );
            // The two kept lists, merged back into input order.
            let flagged = std::mem::take(&mut c.flagged);
            let passing = std::mem::take(&mut c.passing);
            let mut a = flagged.into_iter().peekable();
            let mut b = passing.into_iter().peekable();
            loop {
                let next = match (a.peek(), b.peek()) {
                    (Some(x), Some(y)) => {
                        if x.0 < y.0 {
                            a.next()
                        } else {
                            b.next()
                        }
                    }
                    (Some(_), None) => a.next(),
                    (None, Some(_)) => b.next(),
                    (None, None) => break,
                };
                if let Some((_, row)) = next {
                    page.push_str(&row);
                }
            }
            page.push_str("</tbody>\n</table>\n");
            let _ = writeln!(page, "<p class=\"help\">{}</p>", t.licences_help);
        }
        for (n, text) in [
            (c.flagged_left_out, t.others_left_out),
            (c.passing_left_out, t.passing_left_out),
        ] {
            if n > 0 {
                let _ = writeln!(page, "<p class=\"left-out\">{}</p>", esc(&text(n)));
            }
        }
        page.push_str("</section>\n");
        self.out.write_all(page.as_bytes())
    }

    fn charts(&mut self) -> std::io::Result<()> {
        let t = self.t;
        let mut page = format!(
            "<section id=\"charts\">\n<h2>{}</h2>\n<div class=\"charts\">\n",
            t.charts
        );
        let kinds: Vec<(String, usize, &str)> = self
            .by_kind
            .iter()
            .map(|((c, sev), n)| {
                (
                    format!("{} · {}", t.category(*c), t.severity(*sev)),
                    *n,
                    sev.as_str(),
                )
            })
            .collect();
        chart(&mut page, "by-kind", t.by_kind, &kinds, t.none);
        let mut rules: Vec<(String, usize, &str)> = self
            .by_rule
            .iter()
            .map(|(code, (n, idx))| {
                let title = idx.map_or("", |i| self.rule_title(i));
                (format!("{code} {title}"), *n, "rule")
            })
            .collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        chart(&mut page, "by-rule", t.by_rule, &rules, t.none);
        let mut provinces: Vec<(String, usize, &str)> = self
            .by_province
            .iter()
            .map(|(p, n)| (p.clone(), *n, "province"))
            .collect();
        provinces.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        chart(&mut page, "by-province", t.by_province, &provinces, t.none);
        page.push_str("</div>\n</section>\n");
        self.out.write_all(page.as_bytes())
    }

    fn rule_title(&self, i: usize) -> &str {
        let rule = &self.catalog.rules[i];
        match &rule.title_en {
            Some(en) if self.en() => en,
            _ => &rule.title,
        }
    }

    fn unreadable_section(&mut self) -> std::io::Result<()> {
        let t = self.t;
        let mut page = format!(
            "<section id=\"unreadable\">\n<h2>{} <small>{}{}{}</small></h2>\n",
            t.unreadable_title, t.paren.0, self.unreadable_total, t.paren.1
        );
        if self.unreadable.is_empty() {
            let _ = writeln!(page, "<p>{}</p>", t.all_read);
        } else {
            page.push_str("<ul id=\"unreadable-list\">\n");
            for (place, message) in &self.unreadable {
                let _ = writeln!(
                    page,
                    "<li><code class=\"path\">{}</code> <span class=\"msg\">{}</span></li>",
                    esc(place),
                    esc(message)
                );
            }
            if self.unreadable_total > self.unreadable.len() {
                let _ = writeln!(
                    page,
                    "<li>{}</li>",
                    esc(&(t.more_unreadable)(
                        self.unreadable_total - self.unreadable.len()
                    ))
                );
            }
            page.push_str("</ul>\n");
        }
        page.push_str("</section>\n");
        self.out.write_all(page.as_bytes())
    }

    fn filters(&mut self) -> std::io::Result<()> {
        let t = self.t;
        let mut page = format!("<section id=\"filters\">\n<h2>{}</h2>\n", t.filter);
        let select =
            |page: &mut String, name: &str, label: &str, options: Vec<(String, String)>| {
                let _ = write!(
                    page,
                    "<label>{label} <select name=\"{name}\"><option value=\"\">{}</option>",
                    t.all
                );
                for (value, text) in options {
                    let _ = write!(
                        page,
                        "<option value=\"{}\">{}</option>",
                        esc(&value),
                        esc(&text)
                    );
                }
                page.push_str("</select></label>\n");
            };
        let rules = self
            .by_rule
            .iter()
            .map(|(code, (n, idx))| {
                let title = idx.map_or("", |i| self.rule_title(i));
                (code.clone(), format!("{code} {title} ({n})"))
            })
            .collect();
        select(&mut page, "rule", t.rule, rules);
        let mut cats: Vec<Category> = self.by_kind.keys().map(|(c, _)| *c).collect();
        cats.dedup();
        select(
            &mut page,
            "category",
            t.category,
            cats.into_iter()
                .map(|c| (c.as_str().to_string(), t.category(c).to_string()))
                .collect(),
        );
        let mut sevs: Vec<Severity> = self.by_kind.keys().map(|(_, s)| *s).collect();
        sevs.sort();
        sevs.dedup();
        select(
            &mut page,
            "severity",
            t.severity,
            sevs.into_iter()
                .map(|s| (s.as_str().to_string(), t.severity(s).to_string()))
                .collect(),
        );
        select(
            &mut page,
            "province",
            t.province,
            self.by_province
                .iter()
                .map(|(p, n)| (p.clone(), format!("{p} ({n})")))
                .collect(),
        );
        page.push_str("</section>\n");
        self.out.write_all(page.as_bytes())
    }

    /// A card for every rule that fired: what an officer needs to act on
    /// it (no rule expression, no research notes; those are in `neglist
    /// explain`).
    fn rule_cards(&mut self) -> std::io::Result<()> {
        let t = self.t;
        let mut page = format!("<section id=\"rules\">\n<h2>{}</h2>\n", t.rule_cards);
        for (code, (_, idx)) in &self.by_rule {
            let Some(i) = *idx else { continue };
            let rule = &self.catalog.rules[i];
            let help = match (&rule.help_en, &rule.help) {
                (Some(en), _) if self.en() => Some(en),
                (_, h) => h.as_ref(),
            };
            let _ = write!(
                page,
                "<article id=\"rule-{code}\" class=\"sev-{sev}\"><h3><span class=\"badge\">{sev_name}</span> {code} {title} \
                 <small>{cat}</small></h3><dl><dt>{basis_label}</dt><dd class=\"basis\">{basis}</dd>",
                code = esc(code),
                sev = rule.severity.as_str(),
                sev_name = t.severity(rule.severity),
                title = esc(self.rule_title(i)),
                cat = t.category(rule.category),
                basis_label = t.basis,
                basis = basis_cell(self.catalog, Some(i), self.day, true),
            );
            if let Some(h) = help {
                let _ = write!(page, "<dt>{}</dt><dd class=\"msg\">{}</dd>", t.fix, esc(h));
            }
            page.push_str("</dl></article>\n");
        }
        page.push_str("</section>\n");
        self.out.write_all(page.as_bytes())
    }
}

impl<W: Write> super::Reporter for HtmlReporter<'_, W> {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        self.start()?;
        for u in &r.unreadable {
            self.unreadable_total += 1;
            if self.unreadable.len() < MAX_UNREADABLE {
                let place = format!("{}:{}:{}", r.path, u.span.line, u.span.column);
                let message = crate::filing::localize(&u.message, self.lang).into_owned();
                self.unreadable.push((place, message));
            }
        }
        let docs = self.documents(r);
        for f in &r.findings {
            self.count(f);
            if !self.summary_only {
                let doc = docs.get(&Some(f.finding.document));
                self.row(r, f, doc)?;
            }
        }
        let several = docs.len() > 1;
        for (key, doc) in &docs {
            let row = self.company_row(r, *key, doc, several);
            self.companies.push(doc.seq, doc.verdict(), row);
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        self.start()?;
        if !self.summary_only {
            self.out.write_all(b"</tbody>\n</table>\n</section>\n")?;
        }
        self.summary(summary)?;
        self.company_section()?;
        self.unreadable_section()?;
        self.charts()?;
        if !self.summary_only {
            self.filters()?;
        }
        self.rule_cards()?;
        if !self.summary_only {
            writeln!(self.out, "<script>{SCRIPT}</script>")?;
        }
        self.out.write_all(b"</main>\n</body>\n</html>\n")?;
        self.out.flush()
    }
}

/// Who each filing of `r` is, read again from its text: for a report of
/// a check that did not ask for it ([`crate::pipeline::CheckOptions::companies`]).
fn companies_again(r: &FileReport) -> Vec<crate::pipeline::Company> {
    let Some(file) = &r.source else {
        return vec![];
    };
    let syntax = if r.part {
        crate::filing::Syntax::Json
    } else {
        crate::filing::Syntax::Yaml
    };
    crate::filing::load_as(file, syntax)
        .into_iter()
        .filter_map(|loaded| match loaded {
            crate::filing::Loaded::Filing(f) => {
                let mut c = crate::pipeline::Company::of(file, &f);
                // (An NDJSON line is one document: its line's number.)
                if r.part {
                    c.document = r.line_base;
                }
                Some(c)
            }
            crate::filing::Loaded::Unreadable(_) => None,
        })
        .collect()
}

/// The legal-basis cell of a finding's row or a rule's card: its rule's
/// sources in force on the day, by number and title, with the item cited.
/// Notes about how far a citation was confirmed are left out: they are in
/// `neglist explain` and the JSON report, not for the page a manager reads.
/// A finding's row gives the documents by number only (`titles` false):
/// their titles are on the rule's card, once.
fn basis_cell(catalog: &Catalog, rule_index: Option<usize>, as_of: Date, titles: bool) -> String {
    basis_of(catalog, rule_index, as_of)
        .into_iter()
        .map(|b| {
            let mut s = b.document;
            if !b.title.is_empty() && (titles || s.is_empty()) {
                let _ = write!(s, "《{}》", b.title);
            }
            if let Some(item) = b.item.as_deref().map(crate::report::human::without_status)
                && !item.is_empty()
            {
                let _ = write!(s, " {item}");
            }
            esc(&s)
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The page may fetch nothing and run only its own script (by hash): even
/// if a filing's text ever reached the page unescaped, the browser would
/// neither run it nor load anything it names.
fn content_security_policy() -> String {
    use sha2::Digest as _;
    let hash = sha2::Sha256::digest(SCRIPT.as_bytes());
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{}'",
        base64(&hash)
    )
}

/// Standard base64 with padding (for the one hash above).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A horizontal bar chart as inline SVG, one bar a row, longest first.
fn chart(page: &mut String, id: &str, title: &str, bars: &[(String, usize, &str)], none: &str) {
    const ROW: usize = 22;
    const LABEL: usize = 300;
    const WIDTH: usize = 640;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let _ = write!(
        page,
        "<figure id=\"chart-{id}\"><figcaption>{}</figcaption>",
        esc(title)
    );
    if bars.is_empty() {
        let _ = writeln!(page, "<p>{none}</p></figure>");
        return;
    }
    let height = bars.len() * ROW;
    let _ = write!(
        page,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\">"
    );
    for (i, (label, n, class)) in bars.iter().enumerate() {
        let y = i * ROW;
        let w = (n * (WIDTH - LABEL - 60) / max).max(1);
        let _ = write!(
            page,
            "<g class=\"bar {class}\" data-count=\"{n}\"><title>{label}: {n}</title>\
             <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{short}</text>\
             <rect x=\"{LABEL}\" y=\"{ry}\" width=\"{w}\" height=\"{rh}\"></rect>\
             <text x=\"{nx}\" y=\"{ty}\">{n}</text></g>",
            label = esc(label),
            short = esc(&shorten(label, 24)),
            tx = LABEL - 6,
            ty = y + 15,
            ry = y + 3,
            rh = ROW - 6,
            nx = LABEL + w + 6,
        );
    }
    page.push_str("</svg></figure>\n");
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).chain(['…']).collect()
    }
}

/// The line around `range` in `src`, at most `CONTEXT_CHARS` characters
/// each side, with the matched words in `<mark>`: the original
/// characters, escaped. Walks at most `CONTEXT_CHARS + 1` characters each
/// way, so a row costs the same however long its line (80 000 findings on
/// one 10 MB line are 80 000 short walks, not 80 000 walks of the line).
fn highlighted(src: &str, range: std::ops::Range<usize>) -> String {
    let (Some(_), Some(after)) = (src.get(range.clone()), src.get(range.end..)) else {
        return String::new();
    };
    let before = &src[..range.start];
    // Back to the line start or one character past the context.
    let mut from = range.start;
    let mut cut_before = false;
    for (n, (i, c)) in before.char_indices().rev().enumerate() {
        if c == '\n' {
            break;
        }
        if n == CONTEXT_CHARS {
            cut_before = true;
            break;
        }
        from = i;
    }
    let mut to = range.end;
    let mut cut_after = false;
    for (n, (i, c)) in after.char_indices().enumerate() {
        if c == '\n' {
            break;
        }
        if n == CONTEXT_CHARS {
            cut_after = true;
            break;
        }
        to = range.end + i + c.len_utf8();
    }
    format!(
        "{}{}<mark>{}</mark>{}{}",
        if cut_before { "…" } else { "" },
        esc(&src[from..range.start]),
        esc(&src[range.clone()]),
        esc(&src[range.end..to]),
        if cut_after { "…" } else { "" },
    )
}

/// Text for an element or an attribute: control and bidi characters shown
/// escaped (as in the text reports), then the HTML specials.
fn esc(s: &str) -> String {
    html(&visible(s))
}

/// An escaped path that may break after each `/` (a narrow column then
/// breaks it between folders, not inside a name).
fn breakable(escaped: &str) -> String {
    escaped.replace('/', "/<wbr>")
}

fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's style. Fonts: the CJK faces of each platform, most common
/// first (macOS, Windows, then the free Noto / Source Han / WenQuanYi faces
/// of Linux distributions), so that no character shows as a box wherever
/// one of them is installed; an English page puts the system's Latin face
/// first. Print: A4, tables that wrap inside the page, headers repeated,
/// no row split across pages.
const STYLE: &str = "\
:root{--cjk:'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC','Noto Sans SC','Source Han Sans CN','WenQuanYi Micro Hei','WenQuanYi Zen Hei','Droid Sans Fallback',SimHei,SimSun,sans-serif;\
--mono:ui-monospace,'SFMono-Regular',Consolas,'DejaVu Sans Mono','Noto Sans Mono CJK SC',monospace}\
body{font-family:var(--cjk);margin:0;color:#1f2328;background:#f6f8fa;line-height:1.5}\
html:lang(en) body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,var(--cjk)}\
main{display:flex;flex-direction:column;gap:16px;padding:20px;max-width:1400px;margin:auto}\
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;min-width:0}\
#summary{order:1}#companies{order:2}#unreadable{order:3}#charts{order:4}#filters{order:5}#findings{order:6}#rules{order:7}\
h1{font-size:22px;margin:4px 0}h2{font-size:17px;margin:4px 0 10px}h3{font-size:14px;margin:4px 0}small{color:#59636e;font-weight:normal}\
.meta,.help,.left-out{color:#59636e;margin:4px 0 10px;font-size:13px}.left-out{color:#1f2328;font-weight:600}\
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 8px}.totals div{border:1px solid #d0d7de;border-radius:6px;padding:6px 12px;min-width:80px}\
.totals dt{font-size:12px;color:#59636e}.totals dd{margin:0;font-size:22px;font-weight:600}.totals.small dd{font-size:16px}\
.v-fail dd,#count-errors,#count-unreadable,.v-unchecked dd{color:#cf222e}.v-review dd,#count-warnings{color:#9a6700}.v-pass dd{color:#1a7f37}\
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;max-width:100%}figcaption{font-weight:600;margin-bottom:4px}\
svg{max-width:100%;height:auto}\
svg text{font-size:12px;fill:#1f2328;font-family:var(--cjk)}svg rect{fill:#0969da}.bar.error rect{fill:#cf222e}.bar.warning rect{fill:#bf8700}.bar.note rect{fill:#8c959f}.bar.province rect{fill:#1a7f37}\
#filters label{margin-right:16px}select{font:inherit}\
table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:13px}\
th,td{border-top:1px solid #d0d7de;padding:5px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}\
th{background:#f6f8fa;position:sticky;top:0}\
col.w-name{width:18%}col.w-uscc{width:18%}col.w-region{width:9%}col.w-verdict{width:11%}col.w-num{width:5.5%}col.w-licences{width:27.5%}\
col.w-company{width:21%}col.w-field{width:9%}col.w-value{width:26%}col.w-rule{width:26%}col.w-basis{width:18%}\
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.uscc,.path{font-family:var(--mono);font-size:12px}\
tr.co .verdict{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;background:#1a7f37;white-space:nowrap}\
tr.v-fail .verdict,tr.v-unchecked .verdict{background:#cf222e}tr.v-review .verdict{background:#bf8700}\
ul.needs{margin:0;padding-left:16px}ul.needs li{margin:0}\
mark{background:#ffd8b5;color:#82071e;font-weight:600;padding:0 1px}\
.badge{display:inline-block;border-radius:10px;padding:0 6px;font-size:11px;color:#fff;background:#8c959f;white-space:nowrap}\
.sev-error .badge{background:#cf222e}.sev-warning .badge{background:#bf8700}td.basis{font-size:12px;color:#59636e}\
#rules article{border-top:1px solid #d0d7de;padding:6px 0}#rules dl{margin:4px 0;font-size:13px}#rules dt{font-weight:600;color:#59636e}#rules dd{margin:0 0 4px 16px}\
article:target,tr:target{outline:2px solid #0969da}\
@page{size:A4;margin:12mm 10mm}\
@media print{body{background:#fff;font-size:10pt}main{display:flex;max-width:none;padding:0;gap:10px}\
section{border:none;border-radius:0;padding:0}#filters{display:none}\
table{font-size:9pt}th,td{padding:4px}th{position:static}thead{display:table-header-group}tr,article,figure{break-inside:avoid}\
h1,h2,h3{break-after:avoid}td.uscc,.path{font-size:8pt}a{color:inherit;text-decoration:none}\
.totals div{padding:2px 8px}.totals dd{font-size:16px}\
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

const SCRIPT: &str = "\
(function(){\
var rows=document.querySelectorAll('#findings-table tbody tr');\
var sels=document.querySelectorAll('#filters select');\
var shown=document.getElementById('shown');\
function apply(){var n=0;for(var i=0;i<rows.length;i++){var r=rows[i],ok=true;\
for(var j=0;j<sels.length;j++){var s=sels[j];if(s.value&&r.getAttribute('data-'+s.name)!==s.value){ok=false;break;}}\
r.hidden=!ok;if(ok)n++;}shown.textContent=n;}\
for(var j=0;j<sels.length;j++)sels[j].addEventListener('change',apply);apply();})();";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    /// The line around the range, counted over the whole line (the way
    /// it was done before the walk was bounded): the reference.
    fn highlighted_by_counting(src: &str, range: std::ops::Range<usize>) -> String {
        let line_start = src[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[range.end..]
            .find('\n')
            .map_or(src.len(), |i| range.end + i);
        let before = &src[line_start..range.start];
        let after = &src[range.end..line_end];
        let n = before.chars().count();
        let kept: String = before
            .chars()
            .skip(n.saturating_sub(CONTEXT_CHARS))
            .collect();
        let cut_before = if n > CONTEXT_CHARS {
            format!("…{kept}")
        } else {
            kept
        };
        let kept: String = after.chars().take(CONTEXT_CHARS).collect();
        let cut_after = if after.chars().count() > CONTEXT_CHARS {
            format!("{kept}…")
        } else {
            kept
        };
        format!(
            "{}<mark>{}</mark>{}",
            esc(&cut_before),
            esc(&src[range]),
            esc(&cut_after)
        )
    }

    #[test]
    fn context_is_cut_where_counting_the_whole_line_cuts_it() {
        // Context of 0 to 45 characters each side, on the first, a middle
        // and the last line, with CR LF and a line without a break.
        for n in [0, 1, 39, 40, 41, 45] {
            for m in [0, 1, 39, 40, 41, 45] {
                let line = format!("{}比特币挖矿{}", "甲".repeat(n), "<".repeat(m));
                for src in [
                    line.clone(),
                    format!("{line}\nx: 1\n"),
                    format!("a: 1\r\n{line}\r\nb: 2"),
                ] {
                    let at = src.find("比特币").unwrap();
                    let range = at..at + "比特币挖矿".len();
                    assert_eq!(
                        highlighted(&src, range.clone()),
                        highlighted_by_counting(&src, range),
                        "{src:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn cited_items_lose_their_research_notes_only() {
        assert_eq!(
            crate::report::human::without_status("淘汰类（具体条目未核实）"),
            "淘汰类"
        );
        assert_eq!(
            crate::report::human::without_status(
                "一（五）整治虚拟货币“挖矿”活动（重申1283号）（条目编号未核实）"
            ),
            "一（五）整治虚拟货币“挖矿”活动（重申1283号）"
        );
        assert_eq!(
            crate::report::human::without_status(
                "禁止准入类：某事项（2022年版事项名称，凭记忆；2025年版未核实）"
            ),
            "禁止准入类：某事项"
        );
        assert_eq!(
            crate::report::human::without_status("（七）、（八）"),
            "（七）、（八）"
        );
        // An unclosed bracket is kept as written.
        assert_eq!(crate::report::human::without_status("第（三"), "第（三");
    }

    #[test]
    fn companies_that_need_reading_are_kept_before_passing_ones() {
        let mut c = Companies::default();
        for i in 0..MAX_COMPANY_ROWS {
            c.push(i, Verdict::Pass, format!("p{i}"));
        }
        c.push(MAX_COMPANY_ROWS, Verdict::Fail, "f".into());
        c.push(MAX_COMPANY_ROWS + 1, Verdict::Pass, "p".into());
        assert_eq!(c.flagged.len(), 1);
        assert_eq!(c.passing.len(), MAX_COMPANY_ROWS - 1);
        assert_eq!(c.passing_left_out, 2);
        assert_eq!(c.by_verdict[Verdict::Pass as usize], MAX_COMPANY_ROWS + 1);
        // Full of flagged rows: the next flagged one is counted.
        let mut c = Companies::default();
        for i in 0..=MAX_COMPANY_ROWS {
            c.push(i, Verdict::Review, String::new());
        }
        assert_eq!((c.flagged.len(), c.flagged_left_out), (MAX_COMPANY_ROWS, 1));
    }

    #[test]
    fn filing_text_is_escaped_and_highlighted() {
        let src = "name: \"<script>x</script>比特币挖矿\"\n";
        let at = src.find("比特币").unwrap();
        let h = highlighted(src, at..at + "比特币挖矿".len());
        assert_eq!(
            h,
            "name: &quot;&lt;script&gt;x&lt;/script&gt;<mark>比特币挖矿</mark>&quot;"
        );
        assert_eq!(esc("a\u{202E}b'"), "a\\u{202e}b&#39;");
    }
}
