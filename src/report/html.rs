//! `--format html`: one self-contained page for a compliance officer's
//! audit — totals, charts by category, rule and province, and a table of
//! findings that filters by rule, category, severity and province, each
//! row linking to its rule's full `explain` text embedded in the page.
//!
//! Self-contained: inline CSS, inline SVG, a few lines of inline script,
//! nothing fetched. Everything that comes from a filing or a path is
//! HTML-escaped (and its control and bidi characters shown escaped).
//!
//! Streamed like the other formats: each finding's row is written when its
//! file's report arrives and then forgotten. What the reporter holds is
//! counts (per category and severity, per rule, per province), the set of
//! rules that fired, and the unreadable inputs (at most `MAX_UNREADABLE`
//! listed). The sections known only at the end (totals, charts, unreadable
//! inputs, filters) are written last and shown first, by CSS `order`.

use super::Summary;
use super::escape::visible;
use super::explain::{Lang, explain_text};
use super::json::basis_of;
use crate::parse::date::Date;
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

/// What the page's header states about the run.
#[derive(Debug, Clone)]
pub struct HtmlHeader {
    /// `neglist 0.1.0`.
    pub version: String,
    /// The date (or dates) filings were judged on, in words.
    pub as_of: String,
    /// Which rules ran: the built-in set, and any rule files.
    pub rules: String,
}

pub struct HtmlReporter<'a, W: Write> {
    catalog: &'a Catalog,
    out: W,
    day: Date,
    header: HtmlHeader,
    started: bool,
    rows: usize,
    by_kind: BTreeMap<(Category, Severity), usize>,
    by_rule: BTreeMap<String, (usize, Option<usize>)>,
    by_province: BTreeMap<String, usize>,
    unreadable: Vec<(String, String)>,
    unreadable_total: usize,
    /// Escaped legal-basis cells by rule and day.
    bases: std::collections::HashMap<(Option<usize>, Date), String>,
    /// Escaped rows of the licences table: a company whose scope has a
    /// line that needs approval or a licence (at most `MAX_LICENCE_ROWS`).
    licence_rows: Vec<String>,
    licence_companies: usize,
}

/// Companies listed in the licences table (the rest are counted).
const MAX_LICENCE_ROWS: usize = 10_000;

impl<'a, W: Write> HtmlReporter<'a, W> {
    pub fn new(catalog: &'a Catalog, out: W, day: Date, header: HtmlHeader) -> Self {
        HtmlReporter {
            catalog,
            out,
            day,
            header,
            started: false,
            rows: 0,
            by_kind: BTreeMap::new(),
            by_rule: BTreeMap::new(),
            by_province: BTreeMap::new(),
            unreadable: vec![],
            unreadable_total: 0,
            bases: std::collections::HashMap::new(),
            licence_rows: vec![],
            licence_companies: 0,
        }
    }

    /// The lines of each filing of `r` that need approval (前置) or a
    /// licence (许可) by the catalogue, as rows of the licences table.
    fn licences(&mut self, r: &FileReport) {
        use crate::catalogue::Class;
        let Some(file) = &r.source else {
            return;
        };
        for loaded in crate::filing::load_as(
            file,
            if r.part {
                crate::filing::Syntax::Json
            } else {
                crate::filing::Syntax::Yaml
            },
        ) {
            let crate::filing::Loaded::Filing(f) = loaded else {
                continue;
            };
            let c = super::classify::classify_filing(&r.path, file, &f);
            let lines: Vec<String> = c
                .items
                .iter()
                .filter_map(|i| i.entry)
                .filter(|e| matches!(e.class, Class::Prior | Class::Licensed))
                .map(|e| {
                    let needs = crate::classify::needs(e);
                    format!(
                        "<li><b>{}</b> {} {}：{}</li>",
                        e.class.zh(),
                        esc(e.code),
                        esc(e.name),
                        esc(&needs)
                    )
                })
                .collect();
            if lines.is_empty() {
                continue;
            }
            self.licence_companies += 1;
            if self.licence_rows.len() < MAX_LICENCE_ROWS {
                self.licence_rows.push(format!(
                    "<tr><td>{}</td><td>{}</td><td><ul class=\"needs\">{}</ul></td></tr>\n",
                    esc(c.name.as_deref().unwrap_or("—")),
                    esc(c.uscc.as_deref().unwrap_or("—")),
                    lines.join("")
                ));
            }
        }
    }

    fn licence_section(&mut self) -> std::io::Result<()> {
        let mut page = String::from(
            "<section id=\"licences\">\n<h2>经营范围所需许可 Licences the scopes need</h2>\n\
             <p>按经营范围规范目录（2021年征求意见稿及其后续变化）：前置为登记前须经批准，许可为登记后须取得许可。</p>\n",
        );
        if self.licence_rows.is_empty() {
            page.push_str("<p>没有需要前置审批或许可的经营项目。</p>\n");
        } else {
            page.push_str("<table id=\"licences-table\">\n<thead><tr><th>企业 Company</th><th>统一社会信用代码 USCC</th><th>所需许可 Needs</th></tr></thead>\n<tbody>\n");
            for row in &self.licence_rows {
                page.push_str(row);
            }
            page.push_str("</tbody>\n</table>\n");
            if self.licence_companies > self.licence_rows.len() {
                page.push_str(&format!(
                    "<p>另有 {} 家企业未列出。</p>\n",
                    self.licence_companies - self.licence_rows.len()
                ));
            }
        }
        page.push_str("</section>\n");
        self.out.write_all(page.as_bytes())
    }

    fn start(&mut self) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
             <title>neglist 审查报告</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
             <section id=\"findings\">\n<h2>违规事项 Findings <small>(显示 <span id=\"shown\"></span> 条)</small></h2>\n\
             <table id=\"findings-table\">\n<thead><tr><th>位置 Location</th><th>企业 Filing</th>\
             <th>字段 Field</th><th>内容 Value</th><th>规则 Rule</th><th>依据 Legal basis</th></tr></thead>\n<tbody>\n",
            csp = content_security_policy(),
        )
    }

    fn row(&mut self, r: &FileReport, f: &crate::pipeline::PlacedFinding) -> std::io::Result<()> {
        let finding = &f.finding;
        let (code2, pname) = finding
            .region
            .as_deref()
            .and_then(province)
            .unwrap_or(("", "未知 unknown"));
        *self
            .by_kind
            .entry((finding.category, finding.severity))
            .or_default() += 1;
        self.by_rule
            .entry(finding.rule.clone())
            .or_insert((0, finding.rule_index))
            .0 += 1;
        *self.by_province.entry(pname.to_string()).or_default() += 1;
        self.rows += 1;
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
            .or_insert_with(|| basis_cell(catalog, finding.rule_index, finding.as_of));
        let basis = basis.as_str();
        let rule_link = if finding.rule_index.is_some() {
            format!("<a href=\"#rule-{0}\">{0}</a>", esc(&finding.rule))
        } else {
            esc(&finding.rule)
        };
        writeln!(
            self.out,
            "<tr class=\"sev-{sev}\" data-rule=\"{rule}\" data-category=\"{cat}\" data-severity=\"{sev}\" data-province=\"{prov}\">\
             <td class=\"loc\">{path}:{line}:{col}</td><td>{filing}<br><small>{pname}{code}</small></td><td>{field}</td>\
             <td class=\"value\">{value}</td><td><span class=\"badge\">{sev}</span> {rule_link} <small>{cat}</small><br>{message}</td>\
             <td class=\"basis\">{basis}</td></tr>",
            sev = finding.severity.as_str(),
            rule = esc(&finding.rule),
            cat = finding.category.as_str(),
            prov = esc(pname),
            path = esc(&r.path),
            line = f.span.line,
            col = f.span.column,
            filing = esc(finding.filing.as_deref().unwrap_or("")),
            code = if code2.is_empty() {
                String::new()
            } else {
                format!(" · {}", esc(finding.region.as_deref().unwrap_or("")))
            },
            field = esc(finding.field.as_deref().unwrap_or("")),
            message = esc(&finding.message),
        )
    }

    fn summary(&mut self, s: &Summary) -> std::io::Result<()> {
        let h = &self.header;
        let mut page = String::new();
        let _ = write!(
            page,
            "<section id=\"summary\">\n<h1>neglist 审查报告 <small>Market-access audit</small></h1>\n\
             <p class=\"meta\">{version} · 判定 judged {as_of} · 规则 rules: {rules}</p>\n<dl class=\"totals\">",
            version = esc(&h.version),
            as_of = esc(&h.as_of),
            rules = esc(&h.rules),
        );
        for (id, label, n) in [
            ("files", "文件 files", s.files),
            ("filings", "登记 filings", s.filings),
            ("errors", "错误 errors", s.errors),
            ("warnings", "警告 warnings", s.warnings),
            ("notes", "提示 notes", s.notes),
            ("unreadable", "无法读取 unreadable", s.unreadable),
            ("waived", "已豁免 waived", s.waived),
            ("baselined", "基线内 baselined", s.baselined),
        ] {
            let _ = write!(
                page,
                "<div><dt>{label}</dt><dd id=\"count-{id}\" data-count=\"{n}\">{n}</dd></div>"
            );
        }
        page.push_str("</dl>\n<div class=\"charts\">\n");
        let kinds: Vec<(String, usize, &str)> = self
            .by_kind
            .iter()
            .map(|((c, sev), n)| {
                (
                    format!("{} · {}", c.as_str(), sev.as_str()),
                    *n,
                    sev.as_str(),
                )
            })
            .collect();
        chart(
            &mut page,
            "by-kind",
            "类别与级别 By category and severity",
            &kinds,
        );
        let mut rules: Vec<(String, usize, &str)> = self
            .by_rule
            .iter()
            .map(|(code, (n, idx))| {
                let title = idx.map_or("", |i| self.catalog.rules[i].title.as_str());
                (format!("{code} {title}"), *n, "rule")
            })
            .collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        chart(&mut page, "by-rule", "规则 By rule", &rules);
        let mut provinces: Vec<(String, usize, &str)> = self
            .by_province
            .iter()
            .map(|(p, n)| (p.clone(), *n, "province"))
            .collect();
        provinces.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        chart(
            &mut page,
            "by-province",
            "省级行政区 By province (GB/T 2260)",
            &provinces,
        );
        page.push_str("</div>\n</section>\n");
        self.out.write_all(page.as_bytes())
    }

    fn unreadable_section(&mut self) -> std::io::Result<()> {
        let mut page = format!(
            "<section id=\"unreadable\">\n<h2>无法读取 Unreadable inputs <small>({})</small></h2>\n",
            self.unreadable_total
        );
        if self.unreadable.is_empty() {
            page.push_str("<p>无 None: every input was read.</p>\n");
        } else {
            page.push_str("<ul id=\"unreadable-list\">\n");
            for (place, message) in &self.unreadable {
                let _ = writeln!(
                    page,
                    "<li><code>{}</code> {}</li>",
                    esc(place),
                    esc(message)
                );
            }
            if self.unreadable_total > self.unreadable.len() {
                let _ = writeln!(
                    page,
                    "<li>… and {} more (see `--format json`)</li>",
                    self.unreadable_total - self.unreadable.len()
                );
            }
            page.push_str("</ul>\n");
        }
        page.push_str("</section>\n");
        self.out.write_all(page.as_bytes())
    }

    fn filters(&mut self) -> std::io::Result<()> {
        let mut page = String::from("<section id=\"filters\">\n<h2>筛选 Filter</h2>\n");
        let select =
            |page: &mut String, name: &str, label: &str, options: Vec<(String, String)>| {
                let _ = write!(
                    page,
                    "<label>{label} <select name=\"{name}\"><option value=\"\">全部 all</option>"
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
                let title = idx.map_or("", |i| self.catalog.rules[i].title.as_str());
                (code.clone(), format!("{code} {title} ({n})"))
            })
            .collect();
        select(&mut page, "rule", "规则 rule", rules);
        let mut cats: Vec<&str> = self.by_kind.keys().map(|(c, _)| c.as_str()).collect();
        cats.dedup();
        select(
            &mut page,
            "category",
            "类别 category",
            cats.into_iter()
                .map(|c| (c.to_string(), c.to_string()))
                .collect(),
        );
        let mut sevs: Vec<Severity> = self.by_kind.keys().map(|(_, s)| *s).collect();
        sevs.sort();
        sevs.dedup();
        select(
            &mut page,
            "severity",
            "级别 severity",
            sevs.into_iter()
                .map(|s| (s.as_str().to_string(), s.as_str().to_string()))
                .collect(),
        );
        select(
            &mut page,
            "province",
            "省份 province",
            self.by_province
                .iter()
                .map(|(p, n)| (p.clone(), format!("{p} ({n})")))
                .collect(),
        );
        page.push_str("</section>\n");
        self.out.write_all(page.as_bytes())
    }

    fn rule_texts(&mut self) -> std::io::Result<()> {
        let mut page =
            String::from("<section id=\"rules\">\n<h2>规则全文 Rules (neglist explain)</h2>\n");
        for (code, (_, idx)) in &self.by_rule {
            if idx.is_none() {
                continue;
            }
            if let Some(text) = explain_text(self.catalog, code, self.day, Lang::Zh) {
                let _ = writeln!(
                    page,
                    "<article id=\"rule-{0}\"><h3>{0}</h3><pre>{1}</pre></article>",
                    esc(code),
                    esc_block(&text)
                );
            }
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
                self.unreadable.push((place, u.message.clone()));
            }
        }
        for f in &r.findings {
            self.row(r, f)?;
        }
        self.licences(r);
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        self.start()?;
        self.out.write_all(b"</tbody>\n</table>\n</section>\n")?;
        self.summary(summary)?;
        self.licence_section()?;
        self.unreadable_section()?;
        self.filters()?;
        self.rule_texts()?;
        write!(
            self.out,
            "<script>{SCRIPT}</script>\n</main>\n</body>\n</html>\n"
        )?;
        self.out.flush()
    }
}

/// The legal-basis cell of a finding's row: its rule's sources in force
/// on the day, escaped.
fn basis_cell(catalog: &Catalog, rule_index: Option<usize>, as_of: Date) -> String {
    basis_of(catalog, rule_index, as_of)
        .into_iter()
        .map(|b| {
            let mut s = b.document;
            if !b.title.is_empty() {
                let _ = write!(s, "《{}》", b.title);
            }
            if let Some(item) = b.item {
                let _ = write!(s, " {item}");
            }
            if b.status != "confirmed" {
                let _ = write!(s, " ({})", b.status);
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
fn chart(page: &mut String, id: &str, title: &str, bars: &[(String, usize, &str)]) {
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
        page.push_str("<p>无 None</p></figure>\n");
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

/// Like `esc`, keeping line breaks (for `<pre>`).
fn esc_block(s: &str) -> String {
    s.split('\n').map(esc).collect::<Vec<_>>().join("\n")
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

const STYLE: &str = "\
body{font-family:system-ui,'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:0;color:#1f2328;background:#f6f8fa}\
main{display:flex;flex-direction:column;gap:16px;padding:20px;max-width:1400px;margin:auto}\
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px}\
#summary{order:1}#unreadable{order:2}#filters{order:3}#findings{order:4}#rules{order:5}\
h1{font-size:22px;margin:4px 0}h2{font-size:17px;margin:4px 0 10px}small{color:#59636e;font-weight:normal}\
.meta{color:#59636e;margin:4px 0 12px}\
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:0}.totals div{border:1px solid #d0d7de;border-radius:6px;padding:6px 12px;min-width:90px}\
.totals dt{font-size:12px;color:#59636e}.totals dd{margin:0;font-size:22px;font-weight:600}\
#count-errors{color:#cf222e}#count-warnings{color:#9a6700}#count-unreadable{color:#cf222e}\
.charts{display:flex;flex-wrap:wrap;gap:16px;margin-top:12px}figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}\
svg text{font-size:12px;fill:#1f2328}svg rect{fill:#0969da}.bar.error rect{fill:#cf222e}.bar.warning rect{fill:#bf8700}.bar.note rect{fill:#8c959f}.bar.province rect{fill:#1a7f37}\
#filters label{margin-right:16px}select{font:inherit}\
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-top:1px solid #d0d7de;padding:6px;vertical-align:top;text-align:left}\
th{background:#f6f8fa;position:sticky;top:0}td.loc{font-family:ui-monospace,monospace;white-space:nowrap}\
td.value{max-width:420px}mark{background:#ffd8b5;color:#82071e;font-weight:600;padding:0 1px}\
.badge{display:inline-block;border-radius:10px;padding:0 6px;font-size:11px;color:#fff;background:#8c959f}\
.sev-error .badge{background:#cf222e}.sev-warning .badge{background:#bf8700}td.basis{font-size:12px;color:#59636e;max-width:300px}\
pre{white-space:pre-wrap;background:#f6f8fa;padding:8px;border-radius:6px;font-size:12px}\
article:target{outline:2px solid #0969da}";

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
