//! Fail closed by construction (issue 18): one reproducer per class of the
//! 2026-12 hostile write-up, on the built binary. Each is checked alone
//! (it must exit 1 with an error at the words) and all of them together in
//! one directory next to a good file (every file still reported, each with
//! its error located at its words).

use serde_json::Value;

mod common;
use common::*;

/// (file name, filing, rule that must report an error, words it must underline)
const REPRODUCERS: &[(&str, &str, &str, &str)] = &[
    // 1. A negation word inside an ordinary word governs nothing beyond it.
    (
        "c1-no-licence.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"不涉及许可的技术服务、USDT场外交易、比特币挖矿\"\n",
        "NL0101",
        "比特币挖矿",
    ),
    (
        "c1-no-licence-otc.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"不涉及许可的技术服务、USDT场外交易、比特币挖矿\"\n",
        "NL0201",
        "USDT场外交易",
    ),
    (
        "c1-no-smoking.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"禁止吸烟标识牌制作、比特币挖矿\"\n",
        "NL0101",
        "比特币挖矿",
    ),
    (
        "c1-demolition.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [比特币挖矿及建筑拆除外墙清洗]\n",
        "NL0101",
        "比特币挖矿",
    ),
    (
        "c1-sugar-free.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"不含糖饮料销售、吸收公众存款、发放贷款\"\n",
        "NL0402",
        "吸收公众存款",
    ),
    (
        "c1-modifier.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"不含危险化学品的化工产品销售；比特币挖矿\"\n",
        "NL0101",
        "比特币挖矿",
    ),
    // 2. An exemption is a span: a game or mineral word elsewhere, or
    //    negated, exempts nothing.
    (
        "c2-game-coin.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"比特币兑换服务（不含游戏币）\"]\n",
        "NL0201",
        "比特币兑换",
    ),
    (
        "c2-coal.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"矿池运营（不涉及煤矿开采）\"]\n",
        "NL0101",
        "矿池",
    ),
    (
        "c2-game-dev.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [比特币兑换及网络游戏开发]\n",
        "NL0201",
        "比特币兑换",
    ),
    (
        "c2-wallet.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"比特币钱包开发（不含挖矿）\"]\n",
        "NL0217",
        "比特币",
    ),
    (
        "c2-game-name.yaml",
        "name: 某某比特币游戏科技有限公司\nbusiness_scope: [软件开发]\n",
        "NL0217",
        "比特币",
    ),
    // 3. Separators a reader sees split items.
    (
        "c3-ff64.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"比特币兑换服务\u{ff64}网络游戏开发\"]\n",
        "NL0201",
        "比特币兑换",
    ),
    (
        "c3-slash.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"USDT承兑/游戏运营\"]\n",
        "NL0201",
        "USDT承兑",
    ),
    (
        "c3-block.yaml",
        "name: 某某科技有限公司\nbusiness_scope: |\n  比特币兑换服务\n  网络游戏开发\n",
        "NL0201",
        "比特币兑换",
    ),
    // 4. One vocabulary: adding a trading word never removes an error.
    (
        "c4-monero.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [门罗币交易]\n",
        "NL0201",
        "门罗币交易",
    ),
    (
        "c4-ethereum.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [ethereum mining]\n",
        "NL0101",
        "ethereum mining",
    ),
    (
        "c4-digital.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [数字货币买卖]\n",
        "NL0201",
        "数字货币买卖",
    ),
    (
        "c4-name-trade.yaml",
        "name: 某某数字货币交易有限公司\nbusiness_scope: [软件开发]\n",
        "NL0217",
        "数字货币",
    ),
    (
        "c4-name-usdt.yaml",
        "name: 某某USDT矿业有限公司\nbusiness_scope: [软件开发]\n",
        "NL0102",
        "USDT矿业",
    ),
    // 6. Licensed lines in a bracket that only looks like a condition.
    (
        "c6-operate.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"金融服务（经营吸收公众存款、发放贷款）\"]\n",
        "NL0402",
        "吸收公众存款",
    ),
    (
        "c6-clause.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"投资咨询（吸收公众存款、发放贷款，依法须经批准）\"]\n",
        "NL0402",
        "吸收公众存款",
    ),
    (
        "c6-insurance.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"咨询服务（经营人身保险代理、财产保险经纪）\"]\n",
        "NL0406",
        "人身保险代理",
    ),
    (
        "c6-needs.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"软件开发（需求分析、小额贷款）\"]\n",
        "NL0401",
        "小额贷款",
    ),
    // A negation in a bracket never closed proves nothing.
    (
        "c1-unclosed.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"软件开发（不得从事比特币挖矿\"\n",
        "NL0101",
        "比特币挖矿",
    ),
    // 7. An entity type that negates 银行 does not lift the bank-name ban.
    (
        "c7-not-a-bank.yaml",
        "name: 某某数字银行科技有限公司\nentity_type: 有限责任公司（非银行）\nbusiness_scope: [软件开发]\n",
        "NL0304",
        "银行",
    ),
    // 8. Text under any key is read by every rule it could matter to, and
    //    a filing with no business scope is a data error.
    (
        "c8-licensed-key.yaml",
        "name: 某某投资有限公司\nbusiness_scope: [投资咨询]\n许可经营项目（补充）: [吸收公众存款, 发放贷款]\n",
        "NL0402",
        "吸收公众存款",
    ),
    (
        "c8-old-form.yaml",
        "name: 某某投资有限公司\n许可经营项目: [发放贷款]\n一般经营项目: [软件开发]\n",
        "NL0401",
        "发放贷款",
    ),
    (
        "c8-short-name.yaml",
        "name: 某某科技有限公司\n简称: 某某数字银行\nbusiness_scope: [软件开发]\n",
        "NL0304",
        "银行",
    ),
    (
        "c8-second-scope.yaml",
        "name: 某某科技有限公司\n\"business_scope\\u200b\": [吸收公众存款]\nbusiness_scope: [软件开发]\n",
        "NL0402",
        "吸收公众存款",
    ),
    (
        "c8-no-scope.yaml",
        "name: 某某数据科技有限公司\n",
        "NL0013",
        "name",
    ),
    (
        "c8-null-scope.yaml",
        "name: 某某数据科技有限公司\nbusiness_scope: ~\n",
        "NL0013",
        "business_scope",
    ),
    // Found trying this binary as a filer (2026-12-06, second round):
    // negation words that begin ordinary words, a negation that carries
    // over a conjunction or past its clause, `除…外，还…` ("besides"),
    // exemptions formed across a word boundary, 非 before an exemption, 丶.
    (
        "r2-conjunction.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"不含糖饮料销售及吸收公众存款\"\n",
        "NL0402",
        "吸收公众存款",
    ),
    (
        "r2-besides.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"技术服务（除软件开发外，还包括比特币挖矿、USDT场外交易）\"\n",
        "NL0101",
        "比特币挖矿",
    ),
    (
        "r2-besides-item.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"除比特币挖矿外，还从事软件开发\"\n",
        "NL0101",
        "比特币挖矿",
    ),
    (
        "r2-africa.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"投资咨询（非洲区域吸收公众存款、发放贷款）\"\n",
        "NL0402",
        "吸收公众存款",
    ),
    (
        "r2-tax.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"技术服务（不含税比特币挖矿服务）\"\n",
        "NL0101",
        "比特币挖矿",
    ),
    (
        "r2-except-clause.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"投资咨询（含吸收公众存款、发放贷款，国家禁止的除外）\"\n",
        "NL0402",
        "吸收公众存款",
    ),
    (
        "r2-summary-tax.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"软件开发。以上项目不含税，另：吸收公众存款、发放贷款\"\n",
        "NL0402",
        "吸收公众存款",
    ),
    (
        "r2-shanxi.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"以太经典挖矿山西基地运营\"\n",
        "NL0101",
        "挖矿",
    ),
    (
        "r2-not-central-bank.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"非央行数字货币交易服务\"\n",
        "NL0201",
        "数字货币交易",
    ),
    (
        "r2-dot.yaml",
        "name: 某某科技有限公司\nbusiness_scope: \"吸收公众丶存款\"\n",
        "NL0402",
        "吸收公众丶存款",
    ),
    // 18. Free text under `industry` is no code: read all the same.
    (
        "c18-industry-text.yaml",
        "name: 某某科技有限公司\nindustry: 虚拟货币挖矿\nbusiness_scope: [软件开发]\n",
        "NL0101",
        "虚拟货币挖矿",
    ),
    // 15. Vocabulary the write-up found missing.
    (
        "c15-tokens.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [代币交易]\n",
        "NL0201",
        "代币交易",
    ),
    (
        "c15-ico.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [ICO服务]\n",
        "NL0204",
        "ICO",
    ),
    (
        "c15-u-merchant.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [U商服务]\n",
        "NL0201",
        "U商",
    ),
    (
        "c15-real-estate-tokens.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [不动产通证化]\n",
        "NL0215",
        "不动产通证化",
    ),
    (
        "c15-block-rewards.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [区块奖励分成]\n",
        "NL0101",
        "区块奖励",
    ),
    (
        "c15-exchange-brand.yaml",
        "name: 某某币安科技有限公司\nbusiness_scope: [软件开发]\n",
        "NL0217",
        "币安",
    ),
    (
        "c15-hosting.yaml",
        "name: 某某科技有限公司\nbusiness_scope: [\"算力托管（比特大陆S19）\"]\n",
        "NL0101",
        "算力托管（比特大陆",
    ),
];

fn check_stdin(filing: &str) -> (Value, i32) {
    let out = neglist()
        .args(["check", "--no-config", "--format", "json", "-"])
        .write_stdin(filing)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    (v, out.status.code().unwrap_or(-1))
}

fn has_error(findings: &[Value], rule: &str, words: &str) -> bool {
    findings.iter().any(|f| {
        f["severity"] == "error"
            && (f["rule"] == rule
                || f["related"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|x| x["rule"] == rule)))
            && f["matched"].as_str().is_some_and(|m| m.contains(words))
            && f["span"]["line"].as_u64().is_some_and(|l| l >= 1)
    })
}

#[test]
fn each_reproducer_alone_exits_1_with_an_error_at_its_words() {
    for (name, filing, rule, words) in REPRODUCERS {
        let (v, code) = check_stdin(filing);
        assert_eq!(code, 1, "{name}: {v}");
        let findings = v["findings"].as_array().unwrap();
        assert!(
            has_error(findings, rule, words),
            "{name}: no {rule} error at “{words}”: {v}"
        );
    }
}

#[test]
fn all_reproducers_next_to_a_good_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zz-good.yaml"), GOOD).unwrap();
    for (name, filing, ..) in REPRODUCERS {
        std::fs::write(dir.path().join(name), filing).unwrap();
    }
    let (v, code) = run(dir.path(), &["--no-config"]);
    assert_eq!(code, 1);
    let findings = v["findings"].as_array().unwrap();
    for (name, _, rule, words) in REPRODUCERS {
        let mine: Vec<Value> = findings
            .iter()
            .filter(|f| f["path"].as_str().unwrap().ends_with(name))
            .cloned()
            .collect();
        assert!(has_error(&mine, rule, words), "{name}: {mine:?}");
    }
}

#[test]
fn a_negated_prohibited_line_is_reported_lowered_never_dropped() {
    for (filing, cue) in [
        (
            "name: 某某科技有限公司\nbusiness_scope: [\"化工产品销售（不含比特币挖矿）\"]\n",
            "不含",
        ),
        (
            "name: 某某科技有限公司\nbusiness_scope: \"软件开发（危险化学品、比特币挖矿除外）\"\n",
            "除外",
        ),
        (
            "name: 某某科技有限公司\nbusiness_scope: \"不得从事比特币挖矿；软件开发\"\n",
            "不得",
        ),
    ] {
        let (v, code) = check_stdin(filing);
        assert_eq!(code, 0, "{v}");
        let f = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "NL0101")
            .unwrap_or_else(|| panic!("the negated mining line was dropped: {v}"));
        assert_eq!(f["severity"], "warning", "{f}");
        assert_eq!(f["suppressed"]["kind"], "negation", "{f}");
        assert_eq!(f["suppressed"]["cue"], cue, "{f}");
        assert!(f["message"].as_str().unwrap().contains(cue), "{f}");
    }
}

#[test]
fn a_negated_licence_line_is_left_out() {
    for scope in [
        "投资咨询（除证券、期货、证券投资基金外）",
        "艺术品寄卖及销售（除典当）",
        "股金服务（不对外吸储，不支付固定回报）",
        "企业管理咨询；未经金融等监管部门批准不得从事吸收存款、融资担保、代客理财等金融业务",
        "非融资性担保服务",
    ] {
        let filing = format!("name: 某某咨询有限公司\nbusiness_scope: \"{scope}\"\n");
        let (v, code) = check_stdin(&filing);
        let licence: Vec<&Value> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["category"] == "license-required")
            .collect();
        assert!(licence.is_empty(), "{scope}: {licence:?}");
        assert_eq!(code, 0, "{scope}: {v}");
    }
}

#[test]
fn a_coin_word_inside_an_exchange_finding_is_folded_into_it() {
    let (v, _) = check_stdin("name: 某某科技有限公司\nbusiness_scope: [比特币兑换服务]\n");
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v}");
    assert_eq!(findings[0]["rule"], "NL0201");
    let related: Vec<&str> = findings[0]["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(related, vec!["NL0217"], "{v}");
    // Ignoring the head rule never takes the folded one with it.
    let out = neglist()
        .args([
            "check",
            "--no-config",
            "--ignore",
            "NL0201",
            "--format",
            "json",
            "-",
        ])
        .write_stdin("name: 某某科技有限公司\nbusiness_scope: [比特币兑换服务]\n")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "NL0217"),
        "{v}"
    );
}

#[test]
fn shapes_that_were_quadratic_finish_and_are_reported() {
    // (Not timings: each shape once took minutes or gigabytes; each must
    // now be checked, and checked right, under the harness's time limit.)
    let shapes = [
        format!(
            "name: x\nbusiness_scope: \"{}比特币挖矿\"\n",
            "不含、".repeat(18_000)
        ),
        format!(
            "name: x\nbusiness_scope: [\"{}{}\"]\n",
            "比特币".repeat(20_000),
            "矿工".repeat(20_000)
        ),
        format!(
            "name: x\nbusiness_scope: \"{}比特币挖矿\"\n",
            "（；".repeat(30_000)
        ),
        format!(
            "name: x\nbusiness_scope: \"{}；比特币挖矿\"\n",
            "、除外".repeat(30_000)
        ),
        format!(
            "name: x\nbusiness_scope: [\"{}\"]\n",
            "不含比特币".repeat(20_000)
        ),
        format!(
            "name: x\nbusiness_scope: [\"软件开发{}\"]\n",
            "（须比特币）".repeat(20_000)
        ),
        format!(
            "name: x\nbusiness_scope: [\"{}比特币挖矿{}\"]\n",
            "（".repeat(60_000),
            "）".repeat(60_000)
        ),
    ];
    for s in &shapes {
        let out = neglist()
            .args(["check", "--no-config", "--format", "concise", "-"])
            .write_stdin(s.as_bytes())
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(code == Some(1) || code == Some(0), "{code:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("NL0101") || text.contains("NL0217"),
            "{}",
            &text[..text.len().min(400)]
        );
    }
}

#[test]
fn a_licence_counts_only_when_it_is_one_held_and_valid() {
    for licence in [
        "{type: 未取得金融许可证}",
        "{type: 金融许可证（已注销）}",
        "{type: 金融许可证（申请中）}",
        "{type: 拟申请金融许可证}",
        "{type: 母公司持有金融许可证（本公司无）}",
        "{type: 金融许可证, number: B0001, valid_until: 2001-01-01}",
    ] {
        let filing = format!(
            "name: 某某投资有限公司\nbusiness_scope: [吸收公众存款]\nlicenses: [{licence}]\n"
        );
        let (v, code) = check_stdin(&filing);
        assert_eq!(code, 1, "{licence}: {v}");
        let findings = v["findings"].as_array().unwrap();
        assert!(
            has_error(findings, "NL0402", "吸收公众存款"),
            "{licence}: {v}"
        );
        assert!(
            findings
                .iter()
                .any(|f| f["rule"] == "NL0014" && f["field"] == "licenses"),
            "{licence}: no NL0014 saying why: {v}"
        );
    }
    // Held and valid: it counts, and nothing is said about it.
    let (v, code) = check_stdin(
        "name: 某某银行股份有限公司\nbusiness_scope: [吸收公众存款]\nlicenses: [{type: 金融许可证, number: B0001, valid_until: 2099-01-01}]\n",
    );
    assert_eq!(code, 0, "{v}");
    assert!(v["findings"].as_array().unwrap().is_empty(), "{v}");
    // A licence no rule asks about is no concern of these rules.
    let (v, _) = check_stdin(
        "name: 某某食品有限公司\nbusiness_scope: [食品销售]\nlicenses: [{type: 食品经营许可证（已注销）}]\n",
    );
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "NL0014"),
        "{v}"
    );
}
