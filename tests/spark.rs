//! The manual's Spark recipe (docs/scale.md) on a real Spark: pyspark (PyPI) with a Java
//! runtime (Debian's), both installed by `.ci/run`, on `local[2]`. A few
//! thousand generated filings in NDJSON part files go through the snippet
//! as docs/scale.md has it (tests/spark/run_recipe.py), and the collected
//! findings must be exactly those of `neglist check --input-format ndjson`
//! over the same lines: none lost, none duplicated, none changed. Outside
//! CI the test is skipped, saying so, when Spark cannot run.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const FILINGS: usize = 4000;
const PARTS: usize = 4;

fn spark_available() -> bool {
    let java = Command::new("java").arg("-version").output().is_ok();
    let pyspark = Command::new("python3")
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !(java && pyspark) {
        assert!(
            std::env::var_os("CI").is_none(),
            "Java and pyspark must be installed in CI (.ci/run installs them)"
        );
        eprintln!("skipped: Spark cannot run here (java: {java}, pyspark: {pyspark})");
    }
    java && pyspark
}

/// Filings as a registry export has them: one JSON object a line, mostly
/// lawful, some with a prohibited or licensed line, names, USCCs, regions.
fn write_parts(dir: &Path) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let lawful = [
        "软件开发",
        "技术服务、技术开发、技术咨询",
        "日用百货销售",
        "餐饮管理",
        "货物进出口",
        "数据处理和存储支持服务",
        "人工智能应用软件开发",
    ];
    let unlawful = [
        "比特币挖矿",
        "虚拟货币交易服务",
        "稳定币发行",
        "矿机托管",
        "吸收公众存款",
        "区块链技术服务（不含虚拟货币）",
    ];
    let regions = ["110105", "310115", "440305", "510107", "650102", "150102"];
    let mut lines = vec![];
    for i in 0..FILINGS {
        let mut items: Vec<&str> = (0..rng.random_range(2..6))
            .map(|_| lawful[rng.random_range(0..lawful.len())])
            .collect();
        if rng.random_bool(0.15) {
            items.insert(
                rng.random_range(0..items.len()),
                unlawful[rng.random_range(0..unlawful.len())],
            );
        }
        let filing = serde_json::json!({
            "name": format!("某某{i}号科技有限公司"),
            "region": regions[i % regions.len()],
            "entity_type": "有限责任公司",
            "established_on": "2024-03-01",
            "business_scope": format!("一般项目：{}。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）", items.join("；")),
        });
        lines.push(filing.to_string());
    }
    std::fs::create_dir_all(dir).unwrap();
    for (p, part) in lines.chunks(FILINGS / PARTS).enumerate() {
        std::fs::write(dir.join(format!("part-{p:05}")), part.join("\n") + "\n").unwrap();
    }
    lines
}

/// A finding as a multiset key: whose, which rule, where in the filing
/// (the field and the words), what it says.
fn key(f: &Value) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        f["filing"], f["rule"], f["field"], f["matched"], f["message"]
    )
}

fn tally(findings: &[Value]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for f in findings {
        *m.entry(key(f)).or_default() += 1;
    }
    m
}

#[test]
fn readme_spark_recipe_on_local_spark_matches_a_direct_run() {
    if !spark_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("filings");
    let lines = write_parts(&parts);
    let bin = env!("CARGO_BIN_EXE_neglist");

    // The direct run over the same lines.
    let all = dir.path().join("all.ndjson");
    std::fs::write(&all, lines.join("\n") + "\n").unwrap();
    let started = std::time::Instant::now();
    let direct = Command::new(bin)
        .args([
            "check",
            "--input-format",
            "ndjson",
            "--format",
            "ndjson",
            "--exit-zero",
        ])
        .arg(&all)
        .env("NEGLIST_TODAY", "2026-11-28")
        .output()
        .unwrap();
    let direct_seconds = started.elapsed().as_secs_f64();
    assert!(direct.status.success());
    let direct: Vec<Value> = String::from_utf8(direct.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["type"] == "finding")
        .collect();

    // The manual's snippet on local[2].
    let out = dir.path().join("spark.json");
    let run = Command::new("python3")
        .arg("tests/spark/run_recipe.py")
        .arg("docs/scale.md")
        .arg(bin)
        .arg(&parts)
        .arg(&out)
        .env("NEGLIST_TODAY", "2026-11-28")
        .env("PYSPARK_PYTHON", "python3")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "the Spark job failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let result: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let spark: Vec<Value> = result["findings"].as_array().unwrap().clone();
    let partitions = result["partitions"].as_u64().unwrap();
    let spark_seconds = result["seconds"].as_f64().unwrap();

    assert!(partitions >= PARTS as u64, "{partitions} partitions");
    assert!(
        direct.len() > 100,
        "the corpus must have findings: {}",
        direct.len()
    );
    // Every finding names its filing, so results can be joined back.
    assert!(spark.iter().all(|f| f["filing"].is_string()));
    assert_eq!(spark.len(), direct.len(), "as many findings");
    assert_eq!(
        tally(&spark),
        tally(&direct),
        "the same findings, each as often"
    );
    eprintln!(
        "{FILINGS} filings: local Spark {spark_seconds:.2} s ({:.3} s per 1 000), direct {direct_seconds:.2} s ({:.3} s per 1 000); {} findings, {partitions} partitions",
        spark_seconds * 1000.0 / FILINGS as f64,
        direct_seconds * 1000.0 / FILINGS as f64,
        direct.len(),
    );
}
