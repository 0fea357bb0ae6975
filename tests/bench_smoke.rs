//! The end-to-end benchmark script, on a tiny corpus, so it cannot rot.
//! Nothing about time is asserted: the report's shape is.

#[test]
fn compare_script_runs_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    let out = std::process::Command::new("bash")
        .args([
            "bench/compare.sh",
            "--filings",
            "300",
            "--runs",
            "1",
            "--profile",
            "debug",
        ])
        .arg("--dir")
        .arg(dir.path())
        .arg("--out")
        .arg(&report)
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "compare.sh failed: {stderr}");
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.contains("| filings | format | files | MB | neglist |"),
        "{text}"
    );
    // A row for each format: 300 filings, some files, a time.
    for format in ["yaml", "ndjson"] {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("| 300 | {format} |")))
            .unwrap_or_else(|| panic!("no {format} row for 300 filings: {text}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert!(cells[3].parse::<u32>().unwrap() > 0, "{row}");
        assert!(cells[5].contains(" s ("), "{row}");
        assert!(cells[6].parse::<f64>().unwrap() > 0.0, "{row}");
    }
    assert!(
        text.contains("One small filing (pre-commit hook), median wall time: "),
        "{text}"
    );
    // The generated corpus is a valid input: every file was read.
    let corpus = dir.path().join("corpus-300");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_neglist"))
        .args(["check", "--format", "json"])
        .arg(&corpus)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(v["summary"]["filings"], 300);
    assert_eq!(v["summary"]["unreadable"], 0);
    // And so is the NDJSON one, with the same findings.
    let nd = std::process::Command::new(env!("CARGO_BIN_EXE_neglist"))
        .args(["check", "--format", "json", "--input-format", "ndjson"])
        .arg(dir.path().join("corpus-300.ndjson"))
        .output()
        .unwrap();
    let w: serde_json::Value = serde_json::from_slice(&nd.stdout).unwrap();
    assert_eq!(w["summary"]["filings"], 300);
    assert_eq!(w["summary"]["unreadable"], 0);
    let rules = |v: &serde_json::Value| {
        let mut r: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect();
        r.sort();
        r
    };
    assert_eq!(rules(&v), rules(&w));
}

#[test]
fn side_by_side_script_runs_interleaved_and_reports() {
    // This binary against itself on a small NDJSON file, two rounds: the
    // table's shape, not its times. (A filing with a finding: a check that
    // exits 1 is still a timed run.)
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("filings.ndjson");
    let line = r#"{"name":"某某科技有限公司","business_scope":"软件开发；虚拟货币挖矿"}"#;
    std::fs::write(&file, format!("{line}\n{line}\n")).unwrap();
    let bin = env!("CARGO_BIN_EXE_neglist");
    let out = std::process::Command::new("bash")
        .args(["bench/side-by-side.sh", bin, "-", "2"])
        .env("THIS_BIN", bin)
        .env("NDJSON", &file)
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "side-by-side.sh failed: {stderr}");
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text
        .lines()
        .find(|l| l.starts_with("| filings.ndjson |"))
        .unwrap_or_else(|| panic!("no row for the file: {text}"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert!(
        cells[2].ends_with(')') && cells[2].contains(" s ("),
        "{row}"
    );
    for ratio in &cells[6..9] {
        assert!(ratio.parse::<f64>().unwrap() > 0.0, "{row}");
    }
    assert!(text.contains("2 rounds;"), "{text}");
}
