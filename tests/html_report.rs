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
        dom.matches("<li><code>").count(),
        json["unreadable"].as_array().unwrap().len(),
        "unreadable inputs listed"
    );
    // Every row's rule links to its explain text in the page.
    for f in json["findings"].as_array().unwrap() {
        let code = f["rule"].as_str().unwrap();
        if dom.contains(&format!("href=\"#rule-{code}\"")) {
            assert!(
                dom.contains(&format!("<article id=\"rule-{code}\">")),
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
