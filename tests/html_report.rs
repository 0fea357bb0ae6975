//! `--format html` in a real browser: headless Chromium (Debian's package,
//! which `.ci/run` installs) renders the report of `examples/filings`, plus
//! a planted filing whose name, scope and file name carry scripts, to its
//! DOM (after the page's own script ran) and to a screenshot. The counts in
//! the DOM must be the JSON report's, no planted script may run, and the
//! page may make no network request (Chromium's net log is read for
//! requests the page started; a control page proves such requests show).
//! Outside CI the test is skipped, saying so, when Chromium is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("CHROMIUM").map(PathBuf::from),
        Some(PathBuf::from("/usr/bin/chromium")),
        Some(PathBuf::from("/usr/bin/chromium-browser")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium must be installed in CI (.ci/run installs Debian's chromium)"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
    }
    found
}

/// Runs headless Chromium on `page` with `mode` (`--dump-dom` or
/// `--screenshot=…`), logging the network to `netlog`; returns stdout.
fn browse(chrome: &Path, page: &Path, mode: &str, netlog: &Path, profile: &Path) -> String {
    let out = Command::new("timeout")
        .arg("120")
        .arg(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,1800",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(mode)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the DOM is UTF-8")
}

/// URLs of the requests the page itself started, from a Chromium net log
/// (the browser's own background requests have no origin as initiator).
fn page_requests(netlog: &Path) -> Vec<String> {
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(netlog).expect("net log written"))
            .expect("net log is JSON");
    let start_job = &log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| &e["type"] == start_job)
        .filter(|e| e["params"]["initiator"] != "not an origin")
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .collect()
}

/// The number in `id="count-NAME" data-count="N"`.
fn dom_count(dom: &str, name: &str) -> u64 {
    let key = format!("id=\"count-{name}\" data-count=\"");
    let at = dom
        .find(&key)
        .unwrap_or_else(|| panic!("no count-{name} in the DOM"))
        + key.len();
    dom[at..]
        .split('"')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("count-{name} is not a number"))
}

#[test]
fn html_report_renders_in_chromium_with_the_json_counts_and_runs_nothing_planted() {
    let Some(chrome) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let filings = dir.path().join("filings");
    std::fs::create_dir(&filings).unwrap();
    for e in std::fs::read_dir("examples/filings").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, filings.join(p.file_name().unwrap())).unwrap();
    }
    // Scripts in a filing's values and in its file name.
    std::fs::write(
        filings.join("<img src=x onerror=document.body.setAttribute('data-pwned','file')>.yaml"),
        "name: \"<script>document.body.setAttribute('data-pwned','name')</script>比特币挖矿有限公司\"\n\
         business_scope: \"一般项目：<img src=x onerror=document.body.setAttribute('data-pwned','scope')>比特币挖矿\"\n\
         region: \"110105\"\n",
    )
    .unwrap();
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_neglist"))
            .args([
                "check",
                "--no-config",
                "--as-of",
                "2026-11-28",
                "--format",
                format,
            ])
            .arg(&filings)
            .env("NEGLIST_TODAY", "2026-11-28")
            .output()
            .unwrap()
    };
    let html = run("html");
    assert_eq!(
        html.status.code(),
        Some(1),
        "violations and an unreadable file: exit 1"
    );
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&run("json").stdout).unwrap();

    let netlog = dir.path().join("netlog.json");
    let dom = browse(
        &chrome,
        &page,
        "--dump-dom",
        &netlog,
        &dir.path().join("p1"),
    );

    // The page's own script ran (it fills in how many rows are shown)...
    let findings = json["findings"].as_array().unwrap().len();
    assert!(findings > 0);
    assert!(
        dom.contains(&format!("<span id=\"shown\">{findings}</span>")),
        "the page's script did not run"
    );
    // ...and no planted one did.
    assert!(!dom.contains("data-pwned=\""), "a planted script ran");
    assert!(dom.contains("&lt;script&gt;document.body.setAttribute"));
    assert!(dom.contains("&lt;img src=x onerror="));

    // The counts are the JSON report's.
    let summary = &json["summary"];
    for name in [
        "files",
        "filings",
        "errors",
        "warnings",
        "notes",
        "unreadable",
        "waived",
        "baselined",
    ] {
        assert_eq!(
            dom_count(&dom, name),
            summary[name].as_u64().unwrap(),
            "count-{name}"
        );
    }
    assert_eq!(dom.matches("<tr class=\"sev-").count(), findings, "rows");
    assert_eq!(
        dom.matches("<li><code").count(),
        json["unreadable"].as_array().unwrap().len(),
        "unreadable inputs listed"
    );
    // Every row's rule links to its explain text in the page.
    for f in json["findings"].as_array().unwrap() {
        let code = f["rule"].as_str().unwrap();
        if dom.contains(&format!("href=\"#rule-{code}\"")) {
            assert!(
                dom.contains(&format!("<article id=\"rule-{code}\"")),
                "{code}"
            );
        }
    }
    // The planted filing's region is named as GB/T 2260 names it.
    assert!(dom.contains("北京市"));

    // No request left the page.
    assert_eq!(page_requests(&netlog), Vec::<String>::new());

    // A screenshot renders.
    let shot = dir.path().join("report.png");
    browse(
        &chrome,
        &page,
        &format!("--screenshot={}", shot.display()),
        &dir.path().join("netlog2.json"),
        &dir.path().join("p2"),
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{}",
        png.len()
    );
    if let Some(keep) = std::env::var_os("NEGLIST_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

/// The net-log check sees requests a page makes (or the test above could
/// pass without looking).
#[test]
fn net_log_check_sees_a_pages_requests() {
    let Some(chrome) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("control.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/x.png\"></body></html>",
    )
    .unwrap();
    let netlog = dir.path().join("netlog.json");
    browse(&chrome, &page, "--dump-dom", &netlog, &dir.path().join("p"));
    assert_eq!(
        page_requests(&netlog),
        vec!["http://127.0.0.1:9/x.png".to_string()]
    );
}

// ---------------------------------------------------------------------------
// The page a manager reads: the company table against the JSON report, the
// printed PDF, the fonts, the words of the page, the summary page.

/// A copy of `examples/filings` plus a planted filing with scripts in its
/// name, scope and file name.
fn filings_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let filings = dir.path().join("filings");
    std::fs::create_dir(&filings).unwrap();
    for e in std::fs::read_dir("examples/filings").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, filings.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        filings.join("<img src=x onerror=document.body.setAttribute('data-pwned','file')>.yaml"),
        "name: \"<script>document.body.setAttribute('data-pwned','name')</script>比特币挖矿有限公司\"\n\
         business_scope: \"一般项目：<img src=x onerror=document.body.setAttribute('data-pwned','scope')>比特币挖矿\"\n\
         region: \"110105\"\n",
    )
    .unwrap();
    dir
}

/// `neglist check --format FORMAT [extra] DIR`: stdout and exit code.
fn check(dir: &Path, format: &str, extra: &[&str]) -> (Vec<u8>, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_neglist"))
        .args([
            "check",
            "--no-config",
            "--as-of",
            "2026-11-28",
            "--format",
            format,
        ])
        .args(extra)
        .arg(dir)
        .env("NEGLIST_TODAY", "2026-11-28")
        .output()
        .unwrap();
    (out.stdout, out.status.code())
}

/// Measures the rendered page from inside: the company table's rows, any
/// element wider than the page or cell whose content is cut, whether CJK
/// characters render as glyphs (two different characters drawn in the
/// page's font differ; a missing glyph is the same box for both), and the
/// Latin words of the page outside filing text and paths. Writes it as JSON
/// into `<pre id="probe">`.
const PROBE: &str = r#"(function(){
var out={};
out.companies=[].map.call(document.querySelectorAll('#company-table tbody tr'),function(tr){
  var c=tr.cells, name=c[0].querySelector('.f');
  return {path:tr.getAttribute('data-path'),document:tr.getAttribute('data-document'),
    verdict:tr.getAttribute('data-verdict'),errors:+tr.getAttribute('data-errors'),
    warnings:+tr.getAttribute('data-warnings'),notes:+tr.getAttribute('data-notes'),
    cells:[+c[4].textContent,+c[5].textContent,+c[6].textContent],
    name:name?name.textContent:null,uscc:c[1].textContent,region:c[2].textContent,
    verdictText:c[3].querySelector('.verdict').textContent,
    licences:[].map.call(c[7].querySelectorAll('li'),function(l){return l.textContent;})};
});
var W=document.documentElement.clientWidth;
out.width=W;out.pageWidth=document.documentElement.scrollWidth;out.overflow=[];
document.querySelectorAll('main *').forEach(function(el){
  var r=el.getBoundingClientRect();
  if(r.width>0&&r.right>W+0.5)out.overflow.push(el.tagName+' ends at '+r.right+': '+el.textContent.slice(0,60));
  if((el.tagName=='TD'||el.tagName=='TH')&&el.scrollWidth>el.clientWidth+1)
    out.overflow.push(el.tagName+' content '+el.scrollWidth+' > '+el.clientWidth+': '+el.textContent.slice(0,60));
});
out.columns={};
['company-table','findings-table'].forEach(function(id){var t=document.getElementById(id);
  if(t)out.columns[id]=[].map.call(t.querySelectorAll('thead th'),function(th){return th.getBoundingClientRect().width;});});
var cv=document.createElement('canvas');cv.width=48;cv.height=48;var g=cv.getContext('2d');
out.font=getComputedStyle(document.body).fontFamily;
function draw(ch){g.clearRect(0,0,48,48);g.font='36px '+out.font;g.fillStyle='#000';g.fillText(ch,4,40);
  return Array.prototype.join.call(g.getImageData(0,0,48,48).data,'');}
out.glyphsDiffer=draw('中')!==draw('国');out.inked=draw('中')!==draw(' ');
var body=document.body.cloneNode(true);
body.querySelectorAll('.f,.path,.msg,script,style').forEach(function(e){e.remove();});
out.frame=body.textContent;
out.latin=body.textContent.match(/[A-Za-z]{3,}/g)||[];
out.cjk=body.textContent.match(/[\u3400-\u9fff\uff08\uff09\uff1a\uff1b\u3001\u3002]+/g)||[];
var pre=document.createElement('pre');pre.id='probe';pre.textContent=JSON.stringify(out);document.body.appendChild(pre);
})();"#;

/// The report with the probe added (and its Content-Security-Policy,
/// which would refuse the probe, taken out). `print`: the print style
/// applied on screen, to lay the page out as it is printed.
fn probed(html: &str, print: bool) -> String {
    let at = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("a CSP");
    let end = at + html[at..].find('>').unwrap() + 1;
    let mut page = format!("{}{}", &html[..at], &html[end..]);
    if print {
        assert!(page.contains("@media print{"), "a print style");
        page = page.replace("@media print{", "@media all{");
    }
    page.replace("</body>", &format!("<script>{PROBE}</script>\n</body>"))
}

/// Renders `page` in Chromium at `width` CSS pixels and returns what the
/// probe found.
fn probe(chrome: &Path, dir: &Path, name: &str, page: &str, width: u32) -> serde_json::Value {
    probe_with(chrome, dir, name, page, width, None)
}

/// `probe`, with the fonts of this fontconfig file only, if given.
fn probe_with(
    chrome: &Path,
    dir: &Path,
    name: &str,
    page: &str,
    width: u32,
    fontconfig: Option<&Path>,
) -> serde_json::Value {
    let file = dir.join(format!("{name}.html"));
    std::fs::write(&file, page).unwrap();
    let mut command = Command::new("timeout");
    if let Some(f) = fontconfig {
        command.env("FONTCONFIG_FILE", f);
    }
    let out = command
        .arg("120")
        .arg(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
        ])
        .arg(format!("--window-size={width},1200"))
        .arg(format!(
            "--user-data-dir={}",
            dir.join(format!("profile-{name}")).display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8(out.stdout).unwrap();
    let at = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let json = &dom[at..at + dom[at..].find("</pre>").unwrap()];
    let json = json
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).expect("the probe's JSON")
}

/// Each (path, document) of the JSON report, with its counts by severity
/// and whether it was unreadable.
fn json_documents(json: &serde_json::Value) -> BTreeMap<(String, String), [u64; 4]> {
    let mut docs: BTreeMap<(String, String), [u64; 4]> = BTreeMap::new();
    for f in json["findings"].as_array().unwrap() {
        let key = (
            f["path"].as_str().unwrap().to_string(),
            f["document"].to_string(),
        );
        let i = match f["severity"].as_str().unwrap() {
            "error" => 0,
            "warning" => 1,
            _ => 2,
        };
        docs.entry(key).or_default()[i] += 1;
    }
    for u in json["unreadable"].as_array().unwrap() {
        let key = (
            u["path"].as_str().unwrap().to_string(),
            u.get("document").map_or(String::new(), |d| d.to_string()),
        );
        docs.entry(key).or_default()[3] += 1;
    }
    docs
}

/// The verdict the output contract implies: an error fails (exit 1), an
/// unreadable document is not checked (exit 1), a warning asks for review.
fn verdict_of(counts: &[u64; 4]) -> &'static str {
    match counts {
        [e, ..] if *e > 0 => "fail",
        [_, _, _, u] if *u > 0 => "unchecked",
        [_, w, _, _] if *w > 0 => "review",
        _ => "pass",
    }
}

use std::collections::BTreeMap;

#[test]
fn company_table_matches_the_json_report() {
    let Some(chrome) = chromium() else { return };
    let dir = filings_dir();
    let filings = dir.path().join("filings");
    let (html, code) = check(&filings, "html", &[]);
    assert_eq!(code, Some(1));
    let (json, _) = check(&filings, "json", &[]);
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let html = String::from_utf8(html).unwrap();
    // The table comes before the findings on the page (CSS order), and
    // after the totals.
    assert!(html.contains("#summary{order:1}#companies{order:2}"));

    let found = probe(&chrome, dir.path(), "screen", &probed(&html, false), 1400);
    let rows = found["companies"].as_array().unwrap();
    let expected = json_documents(&json);
    // One row a filing, and one a document (or file) that could not be read.
    let unreadable_docs = expected.values().filter(|c| c[3] > 0).count();
    assert_eq!(
        rows.len() as u64,
        json["summary"]["filings"].as_u64().unwrap() + unreadable_docs as u64,
        "{rows:#?}"
    );
    let mut seen = 0;
    for row in rows {
        let key = (
            row["path"].as_str().unwrap().to_string(),
            row["document"].as_str().unwrap().to_string(),
        );
        let counts = expected.get(&key).copied().unwrap_or_default();
        if expected.contains_key(&key) {
            seen += 1;
        }
        assert_eq!(
            [
                row["errors"].as_u64().unwrap(),
                row["warnings"].as_u64().unwrap(),
                row["notes"].as_u64().unwrap()
            ],
            [counts[0], counts[1], counts[2]],
            "{key:?}"
        );
        // The cells say what the attributes say.
        assert_eq!(row["cells"], serde_json::json!(counts[..3]), "{key:?}");
        let verdict = verdict_of(&counts);
        assert_eq!(row["verdict"], verdict, "{key:?}");
        let words = match verdict {
            "fail" => "不通过",
            "unchecked" => "未能检查",
            "review" => "待复核",
            _ => "通过",
        };
        assert_eq!(row["verdictText"], words, "{key:?}");
        // The name is the filing's own (found in its file), not its USCC.
        if let Some(name) = row["name"].as_str() {
            let text = std::fs::read_to_string(&key.0).unwrap();
            assert!(text.contains(name) || name.contains("<script>"), "{name}");
            assert_ne!(name, row["uscc"].as_str().unwrap());
        }
        // A finding names its filing by USCC, else by name: the row has it.
        for f in json["findings"].as_array().unwrap() {
            if f["path"] == row["path"] && f["document"].as_u64() == key.1.parse().ok() {
                let by = f["filing"].as_str().unwrap_or("");
                assert!(
                    by.is_empty() || row["uscc"] == by || row["name"] == by,
                    "{by} vs {row}"
                );
            }
        }
    }
    assert_eq!(seen, expected.len(), "every JSON document has its row");
    // The totals by verdict are the rows'.
    let dom = browse(
        &chrome,
        &{
            let p = dir.path().join("plain.html");
            std::fs::write(&p, &html).unwrap();
            p
        },
        "--dump-dom",
        &dir.path().join("netlog.json"),
        &dir.path().join("p-plain"),
    );
    for v in ["fail", "unchecked", "review", "pass"] {
        let n = rows.iter().filter(|r| r["verdict"] == v).count() as u64;
        assert_eq!(dom_count(&dom, v), n, "{v}");
    }
    // Names, not USCCs; a region named; a scope's licences listed.
    assert!(
        rows.iter()
            .any(|r| r["name"] == "深圳市某某信息技术有限公司"
                && r["region"].as_str().unwrap().contains("广东省")
                && r["licences"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l.as_str().unwrap().contains("增值电信业务"))),
        "{rows:#?}"
    );
    // CJK characters render as glyphs, not boxes.
    assert_eq!(found["inked"], true, "{found}");
    assert_eq!(
        found["glyphsDiffer"], true,
        "CJK shows as boxes: {}",
        found["font"]
    );
}

#[test]
fn chinese_page_has_no_english_words_and_no_rule_expressions() {
    let Some(chrome) = chromium() else { return };
    let dir = filings_dir();
    let (html, _) = check(&dir.path().join("filings"), "html", &[]);
    let html = String::from_utf8(html).unwrap();
    let found = probe(&chrome, dir.path(), "words", &probed(&html, false), 1400);
    let latin: Vec<&str> = found["latin"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .filter(|w| *w != "neglist")
        .collect();
    assert_eq!(latin, Vec::<&str>::new(), "English in the Chinese page");
    // What `explain` shows and a manager does not need.
    for expression in [
        "when ",
        "contains",
        "except",
        "partly-confirmed",
        "说明:",
        "匹配什么",
    ] {
        assert!(!html.contains(expression), "{expression}");
    }
}

#[test]
fn printed_report_fits_a4_with_no_column_cut() {
    let Some(chrome) = chromium() else { return };
    let (Some(pdftoppm), Some(pdftotext)) = (tool("pdftoppm"), tool("pdftotext")) else {
        return;
    };
    let dir = filings_dir();
    let (html, _) = check(&dir.path().join("filings"), "html", &[]);
    let html = String::from_utf8(html).unwrap();

    // Laid out as printed (the print style, at the A4 page's content
    // width: 210 mm less 2 × 10 mm at 96 px an inch), nothing is wider
    // than the page and no cell's content is cut.
    let found = probe(&chrome, dir.path(), "print", &probed(&html, true), 718);
    assert_eq!(found["overflow"], serde_json::json!([]), "{found}");
    assert!(found["pageWidth"].as_f64().unwrap() <= 718.0, "{found}");
    // The legal basis has a real column (it was 70 px), as do the others.
    let findings = found["columns"]["findings-table"].as_array().unwrap();
    assert!(findings[4].as_f64().unwrap() >= 120.0, "{findings:?}");
    for w in found["columns"]["company-table"].as_array().unwrap() {
        assert!(w.as_f64().unwrap() >= 35.0, "{found}");
    }

    // Printed: A4 pages, every word inside the page's margins, every
    // company's name and USCC in the text.
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let pdf = dir.path().join("report.pdf");
    let out = Command::new("timeout")
        .arg("120")
        .arg(&chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("pp").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bbox = dir.path().join("bbox.html");
    let ok = Command::new(&pdftotext)
        .arg("-bbox")
        .arg(&pdf)
        .arg(&bbox)
        .status()
        .unwrap();
    assert!(ok.success());
    let bbox = std::fs::read_to_string(&bbox).unwrap();
    let mut pages = 0;
    let mut text = String::new();
    for page in bbox.split("<page ").skip(1) {
        pages += 1;
        let width = attr(page, "width");
        let height = attr(page, "height");
        // A4 is 595 × 842 pt.
        assert!(
            (width - 595.0).abs() < 2.0 && (height - 842.0).abs() < 2.0,
            "{width}×{height}"
        );
        // Inside the 10 mm margins, give or take half of them: pdftotext
        // measures a word by its glyphs' nominal widths, which are wider
        // than drawn where Chromium trims CJK punctuation (`；“`).
        let margin = 10.0 / 25.4 * 72.0 / 2.0;
        for word in page.split("<word ").skip(1) {
            let (x0, x1) = (attr(word, "xMin"), attr(word, "xMax"));
            let w = &word[word.find('>').unwrap() + 1..word.find("</word>").unwrap()];
            assert!(
                x0 >= margin && x1 <= width - margin,
                "page {pages}: `{w}` at {x0}–{x1} is outside the margins"
            );
            text.push_str(w);
        }
    }
    // (Each column's words top to bottom: a name wrapped in its cell
    // is whole again.)
    let column = |left: f64, right: f64| -> String {
        let mut text = String::new();
        for page in bbox.split("<page ").skip(1) {
            let mut words: Vec<(f64, f64, &str)> = page
                .split("<word ")
                .skip(1)
                .filter_map(|w| {
                    let x0 = attr(w, "xMin");
                    let t = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                    (x0 >= left && x0 < right).then(|| (attr(w, "yMin"), x0, t))
                })
                .collect();
            // Lines (words of different fonts sit a few points apart on
            // one line), each left to right.
            words.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut line: Vec<(f64, f64, &str)> = vec![];
            for w in words {
                if line.first().is_some_and(|f| w.0 - f.0 > 5.0) {
                    line.sort_by(|a, b| a.1.total_cmp(&b.1));
                    line.drain(..).for_each(|w| text.push_str(w.2));
                }
                line.push(w);
            }
            line.sort_by(|a, b| a.1.total_cmp(&b.1));
            line.iter().for_each(|w| text.push_str(w.2));
        }
        unescape(&text)
    };
    // The company table's first two columns, from the laid-out widths
    // (CSS px → pt: × 0.75) from the left margin.
    let widths: Vec<f64> = found["columns"]["company-table"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_f64().unwrap() * 0.75)
        .collect();
    let left = 10.0 / 25.4 * 72.0 - 1.0;
    let names = column(left, left + widths[0]);
    let usccs = column(left + widths[0], left + widths[0] + widths[1]);
    for row in found["companies"].as_array().unwrap() {
        for (key, text) in [("name", &names), ("uscc", &usccs)] {
            if let Some(v) = row[key].as_str() {
                let v: String = v.split_whitespace().collect();
                assert!(text.contains(&v), "{key} {v} missing from the PDF");
            }
        }
    }
    let text = unescape(&text);
    assert!(text.contains(&unescape("市场准入审查报告")));
    assert!(
        (2..23).contains(&pages),
        "{pages} pages (29 before the print style)"
    );

    // Pages as images, for a person to look at (NEGLIST_KEEP_PAGES=DIR).
    let png = dir.path().join("page");
    let ok = Command::new(&pdftoppm)
        .args(["-r", "60", "-png"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(ok.success());
    let images: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    assert_eq!(images.len(), pages, "one image a page");
    for i in &images {
        let bytes = std::fs::read(i).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
    }
    if let Some(keep) = std::env::var_os("NEGLIST_KEEP_PAGES") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&pdf, Path::new(&keep).join("report.pdf")).unwrap();
        for i in &images {
            std::fs::copy(i, Path::new(&keep).join(i.file_name().unwrap())).unwrap();
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A number attribute `name="…"` of a pdftotext -bbox element.
fn attr(s: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = s.find(&key).unwrap() + key.len();
    s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
}

/// A tool from Debian's poppler-utils (`.ci/run` installs it); missing
/// outside CI, the test is skipped, saying so.
fn tool(name: &str) -> Option<PathBuf> {
    let p = PathBuf::from("/usr/bin").join(name);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{name} must be installed in CI (.ci/run installs poppler-utils)"
    );
    eprintln!("skipped: {name} is not installed (apt-get install poppler-utils)");
    None
}

#[test]
fn summary_page_lists_companies_and_totals_only_and_stays_bounded() {
    // 10 050 filings, one a line: 60 refused, the rest clean. The table
    // keeps every refused one and as many passing ones as fit.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("registry.ndjson");
    let mut lines = String::new();
    for i in 0..10_050 {
        let scope = if i % 167 == 5 {
            "比特币挖矿"
        } else {
            "软件开发"
        };
        lines.push_str(&format!(
            "{{\"name\":\"某某{i}科技有限公司\",\"region\":\"110105\",\"business_scope\":\"一般项目：{scope}\"}}\n"
        ));
    }
    std::fs::write(&input, lines).unwrap();
    let (page, code) = check(
        &input,
        "html",
        &["--input-format", "ndjson", "--statistics"],
    );
    assert_eq!(code, Some(1));
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("<table id=\"company-table\">"));
    assert!(!page.contains("findings-table") && !page.contains("<tr class=\"sev-"));
    assert!(
        !page.contains("<script>"),
        "no filter script without findings"
    );
    assert_eq!(page.matches("<tr class=\"co ").count(), 10_000);
    assert_eq!(page.matches("<tr class=\"co v-fail\"").count(), 61);
    assert!(page.contains("另有 50 家通过的企业未逐一列出"));
    assert!(page.contains("id=\"count-fail\" data-count=\"61\""));
    assert!(page.contains("id=\"count-pass\" data-count=\"9989\""));
    assert!(page.contains("id=\"count-filings\" data-count=\"10050\""));
    // The rule that fired is explained; the page is a few megabytes at most.
    assert!(page.contains("<article id=\"rule-NL0101\""));
    assert!(page.len() < 8 << 20, "{} bytes", page.len());
    // Without --statistics, the same companies and the findings too.
    let (full, _) = check(&input, "html", &["--input-format", "ndjson"]);
    let full = String::from_utf8(full).unwrap();
    assert_eq!(full.matches("<tr class=\"sev-").count(), 61);
    assert_eq!(full.matches("<tr class=\"co ").count(), 10_000);
    // --statistics with another format is still the text table.
    let (text, _) = check(
        &input,
        "concise",
        &["--input-format", "ndjson", "--statistics"],
    );
    assert!(String::from_utf8(text).unwrap().contains("NL0101"));
}

#[test]
fn english_page_has_english_labels() {
    use neglist::engine::RuleSet;
    use neglist::parse::date::{AsOf, parse_date};
    use neglist::pipeline::{CheckOptions, check_source};
    use neglist::report::Reporter as _;
    use neglist::report::html::{HtmlHeader, HtmlReporter, Lang};
    let Some(chrome) = chromium() else { return };
    let rules = RuleSet::compile(neglist::dsl::builtin_catalog()).unwrap();
    let day = parse_date("2026-11-28").unwrap();
    let opts = CheckOptions {
        as_of: Some(AsOf::Day(day)),
        ..CheckOptions::default()
    };
    let mut summary = neglist::report::Summary::default();
    let mut page = vec![];
    {
        let mut html = HtmlReporter::new(
            &rules.catalog,
            &mut page,
            day,
            HtmlHeader {
                version: "neglist test".into(),
                as_of: Some(AsOf::Day(day)),
                today: day,
                builtin: true,
                rule_files: vec![],
            },
        )
        .lang(Lang::En);
        for name in [
            "02-refused-mining-company.yaml",
            "03-registration-format-scope.yaml",
        ] {
            let bytes = std::fs::read(Path::new("examples/filings").join(name)).unwrap();
            let r = check_source(&rules, name.into(), bytes, &opts);
            summary.add(&r);
            html.file(&r).unwrap();
        }
        html.finish(&summary).unwrap();
    }
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("<html lang=\"en\">"));
    if let Some(keep) = std::env::var_os("NEGLIST_KEEP_PAGES") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join("en.html"), &page).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let found = probe(&chrome, dir.path(), "en", &probed(&page, false), 1400);
    // Chinese is left only in the filings' text, the law's titles, the
    // catalogue's lines, place names and the rules' own messages (which
    // have no English form yet): no label of the Chinese page is here.
    use neglist::report::html::{EN, ZH};
    let frame = found["frame"].as_str().unwrap();
    for (zh, en) in [
        (ZH.title, EN.title),
        (ZH.companies, EN.companies),
        (ZH.verdict_help, EN.verdict_help),
        (ZH.col_name, EN.col_name),
        (ZH.col_uscc, EN.col_uscc),
        (ZH.col_region, EN.col_region),
        (ZH.col_verdict, EN.col_verdict),
        (ZH.col_licences, EN.col_licences),
        (ZH.licences_help, EN.licences_help),
        (ZH.findings, EN.findings),
        (ZH.col_basis, EN.col_basis),
        (ZH.rule_cards, EN.rule_cards),
        (ZH.fix, EN.fix),
        (ZH.unreadable_title, EN.unreadable_title),
        (ZH.by_province, EN.by_province),
        (ZH.sev_error, EN.sev_error),
        (ZH.filter, EN.filter),
    ] {
        assert!(!frame.contains(zh), "{zh}");
        assert!(page.contains(en), "{en}");
    }
    assert!(!found["latin"].as_array().unwrap().is_empty());
    // English punctuation in the frame too.
    assert!(page.contains("Rules: built-in rules ("), "{frame}");
    assert!(page.contains("Unreadable inputs <small> (0)</small>"));
    assert_eq!(found["companies"][0]["verdictText"], "fail");
}

/// The glyph check sees boxes: with a Latin font only (DejaVu Sans, which
/// Debian's fontconfig brings along, alone in a fontconfig of its own), the
/// two characters draw alike (or the test above could pass without
/// looking). (With no font at all Chromium aborts.)
#[test]
fn glyph_check_sees_boxes_without_a_cjk_font() {
    let Some(chrome) = chromium() else { return };
    let latin = [
        "dejavu/DejaVuSans.ttf",
        "liberation/LiberationSans-Regular.ttf",
    ]
    .iter()
    .map(|f| Path::new("/usr/share/fonts/truetype").join(f))
    .find(|p| p.exists());
    let Some(latin) = latin else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no DejaVu or Liberation font"
        );
        eprintln!("skipped: no DejaVu or Liberation font");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let fonts = dir.path().join("latin-only");
    std::fs::create_dir(&fonts).unwrap();
    std::fs::copy(&latin, fonts.join(latin.file_name().unwrap())).unwrap();
    let conf = dir.path().join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n\
             <fontconfig><dir>{}</dir><cachedir>{}</cachedir></fontconfig>\n",
            fonts.display(),
            dir.path().join("cache").display()
        ),
    )
    .unwrap();
    let (html, _) = check(
        Path::new("examples/filings/01-clean-cloud-data.yaml"),
        "html",
        &[],
    );
    let html = String::from_utf8(html).unwrap();
    let found = probe_with(
        &chrome,
        dir.path(),
        "boxes",
        &probed(&html, false),
        1400,
        Some(&conf),
    );
    assert_eq!(found["glyphsDiffer"], false, "{found}");
}
