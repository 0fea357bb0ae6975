//! The human report in a real terminal (tmux, which `.ci/run` installs) at
//! 80, 120 and 160 columns, on a filing whose scope is one line of a real
//! registration's length (300+ CJK characters): no line is wider than the
//! terminal, every underline sits under the words the finding is about
//! (display columns: a CJK character is two), and no document number of a
//! basis line is cut by wrapping. The width is the terminal's, found by
//! neglist itself (no `--width`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthChar;

fn have_tmux() -> bool {
    let ok = Command::new("tmux").arg("-V").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux must be installed in CI (.ci/run installs it)"
        );
        eprintln!("skipped: tmux is not installed");
    }
    ok
}

fn tmux(socket: &Path, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-S")
        .arg(socket)
        .args(args)
        .env_remove("CI")
        .env_remove("TMUX")
        .output()
        .expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A registration-format scope of the usual length, one line, with a
/// prohibited item in the middle and one near the end.
fn filing() -> String {
    let items = [
        "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
        "软件开发",
        "信息系统集成服务",
        "计算机软硬件及辅助设备零售",
        "数据处理和存储支持服务",
        "信息技术咨询服务",
        "网络技术服务",
        "人工智能应用软件开发",
        "互联网数据服务",
        "工程和技术研究和试验发展",
        "虚拟货币挖矿",
        "会议及展览服务",
        "企业管理咨询",
        "市场营销策划",
        "广告设计、代理",
        "办公用品销售",
        "电子产品销售",
        "通讯设备销售",
        "数字文化创意软件开发",
        "物联网技术服务",
        "云计算装备技术服务",
        "比特币矿机托管",
        "专业设计服务",
    ];
    let scope = format!(
        "一般项目：{}。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）许可项目：第一类增值电信业务；第二类增值电信业务。（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）",
        items.join("；")
    );
    assert!(scope.chars().count() > 300, "{}", scope.chars().count());
    format!(
        "name: 某某信息技术有限公司\nfiled_on: 2026-11-28\nregion: \"440305\"\nbusiness_scope: \"{scope}\"\n"
    )
}

fn cols(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(1)).sum()
}

/// The characters of `line` whose display columns lie in `from..to`.
fn at_columns(line: &str, from: usize, to: usize) -> String {
    let mut col = 0;
    let mut out = String::new();
    for c in line.chars() {
        let w = c.width().unwrap_or(1);
        if col >= from && col + w <= to {
            out.push(c);
        }
        col += w;
    }
    out
}

/// The report as the terminal shows it, `width` columns wide.
fn in_terminal(dir: &Path, file: &Path, width: u16) -> String {
    let socket = dir.join(format!("tmux-{width}.sock"));
    let done = dir.join(format!("done-{width}"));
    let cmd = format!(
        "'{bin}' check --no-config --color never --format human '{file}'; touch '{done}'; sleep 30",
        bin = env!("CARGO_BIN_EXE_neglist"),
        file = file.display(),
        done = done.display(),
    );
    let w = width.to_string();
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-x",
            &w,
            "-y",
            "50",
            "-s",
            "t",
            "env",
            "-u",
            "CI",
            "NEGLIST_TODAY=2026-11-28",
            "NEGLIST_LANG=zh",
            "sh",
            "-c",
            &cmd,
        ],
    );
    let start = Instant::now();
    while !done.exists() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(done.exists(), "the run did not end");
    std::thread::sleep(Duration::from_millis(200));
    // From the start of the scrollback (tmux keeps 2000 lines; the report
    // is about 70). -J joins lines the terminal wrapped: a line wider than the pane
    // comes back whole, and wider than `width`.
    let pane = tmux(&socket, &["capture-pane", "-p", "-J", "-S", "-", "-t", "t"]);
    tmux(&socket, &["kill-server"]);
    pane
}

#[test]
fn the_report_fits_the_terminal_and_underlines_the_words() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long-scope.yaml");
    std::fs::write(&file, filing()).unwrap();
    // What the findings are about, from the JSON report.
    let json = Command::new(env!("CARGO_BIN_EXE_neglist"))
        .args(["check", "--no-config", "--format", "json"])
        .arg(&file)
        .env("NEGLIST_TODAY", "2026-11-28")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let matched: Vec<&str> = findings
        .iter()
        .map(|f| f["matched"].as_str().unwrap())
        .collect();
    assert!(matched.contains(&"虚拟货币挖矿") && matched.contains(&"比特币矿机托管"));
    let numbers: Vec<&str> = findings
        .iter()
        .flat_map(|f| f["basis"].as_array().unwrap())
        .map(|b| b["document"].as_str().unwrap())
        .collect();
    for width in [80u16, 120, 160] {
        let pane = in_terminal(dir.path(), &file, width);
        let lines: Vec<&str> = pane.lines().collect();
        assert!(pane.contains("检查 1 个文件"), "{width}: {pane}");
        for l in &lines {
            assert!(
                cols(l) <= usize::from(width),
                "{width}: wider than the terminal: {l}"
            );
        }
        // Each underline against the source line above it.
        let mut underlined = vec![];
        for (i, l) in lines.iter().enumerate() {
            let Some(at) = l.find('┬') else { continue };
            if !l.trim_start().starts_with('·') {
                continue;
            }
            let from = cols(&l[..l.find('─').unwrap_or(at).min(at)]);
            let to = cols(l.trim_end());
            let source = lines[..i]
                .iter()
                .rev()
                .find(|s| s.contains(" │ "))
                .expect("a source line above the underline");
            underlined.push(at_columns(source, from, to));
        }
        assert_eq!(underlined.len(), findings.len(), "{width}: {pane}");
        for (u, m) in underlined.iter().zip(&matched) {
            assert_eq!(
                u, m,
                "{width}: the underline is not under the words\n{pane}"
            );
        }
        // The long scope line is a window: cut with `…` at this width.
        assert!(
            lines.iter().any(|l| l.contains(" │ …") || l.ends_with('…')),
            "{width}: {pane}"
        );
        // No document number broken across lines.
        for n in &numbers {
            assert!(pane.contains(n), "{width}: {n} is cut\n{pane}");
        }
    }
}

/// Without a terminal: `--width N` lays the report out for N columns, and
/// the default is 100.
#[test]
fn width_flag_and_default_outside_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long-scope.yaml");
    std::fs::write(&file, filing()).unwrap();
    for (args, width) in [(vec!["--width", "60"], 60), (vec![], 100)] {
        let out = Command::new(env!("CARGO_BIN_EXE_neglist"))
            .args([
                "check",
                "--no-config",
                "--color",
                "never",
                "--format",
                "human",
            ])
            .args(&args)
            .arg(&file)
            .env("NEGLIST_TODAY", "2026-11-28")
            .env_remove("NEGLIST_LANG")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        // (The header names the file: a temporary path may be long.)
        let widest = text
            .lines()
            .filter(|l| !l.contains("long-scope.yaml"))
            .map(cols)
            .max()
            .unwrap();
        assert!(widest <= width, "{args:?}: {widest}\n{text}");
        assert!(
            widest + 10 >= width,
            "{args:?}: only {widest} of {width} used\n{text}"
        );
    }
}
