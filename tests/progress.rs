//! The progress line, in a real terminal (tmux, which `.ci/run` installs)
//! and in a pipe. The run is made long by feeding NDJSON slowly on stdin,
//! so it lasts the same however fast the build is.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

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

/// A shell command that writes 30 chunks of NDJSON filings, a tenth of a
/// second apart, into `neglist check --input-format ndjson -`.
fn slow_run(dir: &Path, rest: &str) -> String {
    let line = r#"{"name":"某某科技有限公司","business_scope":"一般项目：软件开发；比特币挖矿"}"#;
    let chunk = dir.join("chunk.ndjson");
    std::fs::write(&chunk, format!("{line}\n").repeat(50)).unwrap();
    format!(
        "for i in $(seq 30); do cat '{chunk}'; sleep 0.1; done | '{bin}' check --no-config --input-format ndjson --format json - {rest}",
        chunk = chunk.display(),
        bin = env!("CARGO_BIN_EXE_neglist"),
    )
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

#[test]
fn progress_line_shows_in_a_terminal_then_disappears() {
    shows_then_disappears(false);
}

/// With `--output FILE`, stdout is the terminal but the report is not
/// there: the line shows too.
#[test]
fn progress_line_shows_with_output_to_a_file() {
    shows_then_disappears(true);
}

fn shows_then_disappears(to_file: bool) {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("tmux.sock");
    let done = dir.path().join("done");
    let report = dir.path().join("report.json");
    let run = if to_file {
        slow_run(dir.path(), &format!("-o '{}'", report.display()))
    } else {
        format!("{} > '{}'", slow_run(dir.path(), ""), report.display())
    };
    let cmd = format!("{run}; touch '{}'; sleep 30", done.display());
    // A detached session whose one pane runs the command (CI unset inside:
    // the terminal is a real one).
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-x",
            "160",
            "-y",
            "20",
            "-s",
            "t",
            "env",
            "-u",
            "CI",
            "sh",
            "-c",
            &cmd,
        ],
    );
    let start = Instant::now();
    let mut seen = String::new();
    while !done.exists() && start.elapsed() < Duration::from_secs(60) {
        let pane = tmux(&socket, &["capture-pane", "-p", "-t", "t"]);
        if pane.contains("neglist:") && pane.contains("filings (") {
            seen = pane;
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    assert!(done.exists(), "the run did not end");
    std::thread::sleep(Duration::from_millis(300));
    let after = tmux(&socket, &["capture-pane", "-p", "-t", "t"]);
    tmux(&socket, &["kill-server"]);
    assert!(
        seen.contains("so far"),
        "no progress line was seen in the terminal"
    );
    assert!(
        !after.contains("neglist:"),
        "the progress line stayed: {after}"
    );
    // The report itself is whole and untouched by the line.
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(v["summary"]["filings"], 1500);
}

#[test]
fn no_progress_line_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(slow_run(dir.path(), "2>&1 >/dev/null | cat"))
        .env_remove("CI")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stdout);
    assert!(!stderr.contains("neglist:"), "{stderr}");
    assert!(!stderr.contains('\r'), "{stderr}");
}
