//! Right on real registrations (the wording registers really hold, written
//! here in our own words): capital amounts as registers spell them.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn capital_in_the_spellings_registers_hold_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let amounts = [
        "100万香港元",
        "50(万元(人民币))",
        "300万元美元",
        "20（万元（港币））",
        "80万港币",
        "10万欧元",
        "1000万日元",
        "500万新台币",
        "40万德国马克",
        "100万元整",
    ];
    let mut text = String::new();
    for (i, a) in amounts.iter().enumerate() {
        text.push_str(&format!(
            "{}name: 某某{i}贸易有限公司\nregistered_capital: \"{a}\"\nbusiness_scope: [日用百货销售]\n",
            if i == 0 { "" } else { "---\n" }
        ));
    }
    // And one no reader could parse: still a data error.
    text.push_str(
        "---\nname: 某某贸易有限公司\nregistered_capital: 很多\nbusiness_scope: [日用百货销售]\n",
    );
    std::fs::write(dir.path().join("capital.yaml"), text).unwrap();
    let (v, _) = json_check(&[], dir.path());
    let bad: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "NL0006")
        .collect();
    assert_eq!(bad.len(), 1, "{v}");
    assert_eq!(bad[0]["matched"], "很多");
}

#[test]
fn negated_boilerplate_and_conditions_draw_no_licence_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "name: 某某投资管理有限公司\nbusiness_scope: \"一般项目：企业管理咨询；投资咨询（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）；未经金融等监管部门批准不得从事吸收存款、融资担保、代客理财、向社会公众集（融）资等金融业务。1、不得发放贷款；2、不得向投资者承诺投资本金不受损失。\"\n",
    )
    .unwrap();
    // And the same structure must not hide a real business line.
    std::fs::write(
        dir.path().join("b.yaml"),
        "name: 某某科技有限公司\nbusiness_scope: \"比特币挖矿（不含危险化学品）；融资担保（不含吸收存款）\"\n",
    )
    .unwrap();
    let (v, _) = json_check(&[], dir.path());
    let a: Vec<&Value> = findings_in(&v, "a.yaml")
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(a.is_empty(), "{a:?}");
    // (NL0407 on 融资担保 lies under the finance-word error on the same
    // words, NL0303: folded into it, kept as related.)
    let b: Vec<String> = findings_in(&v, "b.yaml")
        .iter()
        .flat_map(|f| {
            let related = f["related"].as_array().cloned().unwrap_or_default();
            std::iter::once(f["rule"].as_str().unwrap().to_string()).chain(
                related
                    .into_iter()
                    .map(|r| r["rule"].as_str().unwrap().to_string()),
            )
        })
        .collect();
    assert!(
        b.contains(&"NL0101".to_string()) && b.contains(&"NL0407".to_string()),
        "{b:?}"
    );
    assert!(!b.contains(&"NL0402".to_string()), "{b:?}");
}

/// Real wording of illegal businesses (our own sentences in the shapes
/// listings use): each item draws a prohibited error.
#[test]
fn real_wording_of_virtual_currency_businesses_is_caught() {
    let items = [
        "USDT承兑服务",
        "代买代卖泰达币",
        "币币交易服务",
        "BTC闪兑",
        "海外USDT场外交易服务",
        "crypto exchange运营",
        "矿机租赁（比特币）",
        "算力中心矿机租赁",
        "代币销售咨询",
        "比特币技术咨询",
        "DeFi流动性挖矿平台运营",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("name: 某某比特币交易平台有限公司\nbusiness_scope:\n");
    for i in items {
        text.push_str(&format!("  - {i}\n"));
    }
    std::fs::write(dir.path().join("a.yaml"), text).unwrap();
    let (v, code) = json_check(&[], dir.path());
    assert_eq!(code, 1);
    let prohibited = |line: u64| {
        findings_in(&v, "a.yaml").iter().any(|f| {
            f["span"]["line"] == line && f["category"] == "prohibited" && f["severity"] == "error"
        })
    };
    assert!(prohibited(1), "the name: {v}");
    for (n, item) in items.iter().enumerate() {
        assert!(prohibited(3 + n as u64), "{item}: {v}");
    }
}

/// Lawful look-alikes draw no error, and a virtual-currency exchange is
/// reported once, as the prohibited business: the FX finding on its words
/// (货币兑换 inside 虚拟货币兑换) is folded into it. (以太坊智能合约开发 is
/// no derivative, but 以太坊 is virtual-currency content: NL0217.)
#[test]
fn lawful_look_alikes_stay_clean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "name: 某某科技有限公司\nbusiness_scope: [自助发币机销售, 人工智能云算力租赁服务, 为金融机构提供软件开发服务, 货币兑换机销售, 以太网交换机销售, 比特率测试仪器销售, 单用途预付卡发行（备案）]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        "name: 某某电力交易中心有限公司\nbusiness_scope: [电力交易组织, 碳排放权交易服务]\n---\nname: 某某科技有限公司\nbusiness_scope: [虚拟货币兑换]\n",
    )
    .unwrap();
    let (v, _) = json_check(&[], dir.path());
    let errors: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error" && f["document"] == 0)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let vc: Vec<String> = findings_in(&v, "b.yaml")
        .iter()
        .filter(|f| f["document"] == 1)
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(vc.contains(&"NL0201".to_string()), "{vc:?}");
    assert!(!vc.contains(&"NL0404".to_string()), "{vc:?}");
    let head = findings_in(&v, "b.yaml")
        .into_iter()
        .find(|f| f["rule"] == "NL0201")
        .unwrap();
    let related: Vec<&str> = head["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert!(related.contains(&"NL0404"), "{head}");
}

/// The rest of the list, on the built binary: a coin rig sale is a
/// risk signal, not mining; vouchers and the standard SAMR entry are not
/// finance; banking-institution business needs a 金融许可证.
#[test]
fn rig_sales_vouchers_standard_entries_and_banking_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "name: 某某科技有限公司\nbusiness_scope: [比特币矿机销售, 发行代币券（商场提货凭证）, 自有资金投资的资产管理服务]\n---\nname: 某某信托有限公司\nbusiness_scope: [资金信托]\n",
    )
    .unwrap();
    let (v, _) = json_check(&[], dir.path());
    let of = |doc: u64| -> Vec<(String, String)> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["document"] == doc)
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // 比特币 itself is virtual-currency content in a scope (NL0217); the
    // sale of its rigs is a risk signal, not mining.
    assert_eq!(
        of(0),
        vec![
            ("NL0104".to_string(), "warning".to_string()),
            ("NL0217".to_string(), "error".to_string())
        ],
        "{v}"
    );
    assert_eq!(
        of(1),
        vec![("NL0410".to_string(), "error".to_string())],
        "{v}"
    );
}

/// A filing copied from a business licence and the registration form, in
/// their own words (Chinese keys as printed), for a company, a partnership
/// and a sole trader: no unknown key, no finding.
#[test]
fn every_field_of_a_business_licence_and_the_form_is_known() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("licence.yaml"),
        "统一社会信用代码: \"91110000802100433B\"
名称: 北京某某科技有限公司
类型: 有限责任公司（自然人投资或控股）
法定代表人: 张某
经营范围: 一般项目：技术服务、技术开发、技术咨询。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）
注册资本: 人民币伍拾万元整
成立日期: 2019年04月02日
营业期限: 2019年04月02日至长期
住所: 北京市海淀区某某路1号
登记机关: 北京市海淀区市场监督管理局
核准日期: 2021年10月12日
联系电话: 010-12345678
邮政编码: \"100080\"
从业人数: 12
电子邮箱: a@example.com
股东:
  - 姓名: 张某
    出资额: 伍拾万元
    出资方式: 货币
董事: 张某
监事: 李某
经理: 张某
财务负责人: 王某
联络员: 王某
申请人: 张某
联系人: 王某
执行董事: 张某
董事长: 张某
认缴出资额: 伍拾万元
出资时间: 2040年12月31日前
副本数: 2
名称预先核准文号: 京名预核内字[2020]第123号
国别（地区）: 中国
证件类型: 居民身份证
证件号码: \"110101199001011234\"
党员人数: 3
住所所在地: 海淀区
---
名称: 某某咨询合伙企业（有限合伙）
类型: 有限合伙企业
股东（发起人）: 张某
执行事务合伙人: {名称: 某某投资管理有限公司, 委派代表: 赵某}
联系电话: [\"010-12345678\", \"13800000000\"]
出资额: 壹仟万元人民币
主要经营场所: 某市某路2号
合伙期限: 2020-01-01至2040-12-31
经营范围: [企业管理咨询]
---
名称: 某某商店
类型: 个人独资企业
投资人: 钱某
出资额: 10万元
住所（经营场所）: 某市某路3号
经营期限: 30年
经营范围: [日用百货销售]
---
name: 某某分公司
entity_type: 有限责任公司分公司
person_in_charge: 孙某
registration_authority: 某市市场监督管理局
approved_on: 2022-03-01
operating_from: 2022-03-01
operating_until: 长期
paid_in_capital: 贰佰伍拾万美元
employees: 5人
business_scope: [技术服务]
",
    )
    .unwrap();
    let (v, _) = json_check(&[], dir.path());
    let all = findings_in(&v, "licence.yaml");
    assert!(all.is_empty(), "{all:#?}");
    assert_eq!(v["summary"]["filings"], 4, "{v}");
}

#[test]
fn record_fields_are_type_checked_and_unknown_keys_still_warn() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "名称: 某某有限公司
经营范围: [技术服务]
核准日期: 2021-02-30
营业期限: 2039-04-01至2019-04-02
从业人数: 很多
实收资本: 壹拾拾万元
法定代表任: 张某
",
    )
    .unwrap();
    let (v, _) = json_check(&[], dir.path());
    let got: Vec<(String, String)> = findings_in(&v, "a.yaml")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for want in [
        ("NL0005", "2021-02-30"),
        ("NL0005", "2039-04-01至2019-04-02"),
        ("NL0006", "很多"),
        ("NL0006", "壹拾拾万元"),
        ("NL0001", "法定代表任"),
    ] {
        assert!(
            got.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not in {got:?}"
        );
    }
    assert_eq!(got.len(), 5, "{got:?}");
    // The misspelt key is told its spelling.
    let unknown = findings_in(&v, "a.yaml")
        .into_iter()
        .find(|f| f["rule"] == "NL0001")
        .unwrap();
    assert!(
        unknown["message"].as_str().unwrap().contains("法定代表人"),
        "{unknown}"
    );
}

#[test]
fn capital_in_capital_numerals_and_every_currency() {
    let dir = tempfile::tempdir().unwrap();
    let amounts = [
        "伍拾万元整",
        "壹仟万元人民币",
        "贰佰伍拾万美元",
        "叁亿元",
        "人民币壹佰万元正",
        "壹万零伍佰元",
        "100万澳门元",
        "100万英镑",
        "520万澳大利亚元",
        "100万加拿大元",
        "100万丹麦克郎",
        "100万港元",
        "100万港币",
    ];
    let mut text = String::new();
    for (i, a) in amounts.iter().enumerate() {
        text.push_str(&format!(
            "{}name: 某某{i}贸易有限公司\nregistered_capital: \"{a}\"\nbusiness_scope: [日用百货销售]\n",
            if i == 0 { "" } else { "---\n" }
        ));
    }
    for bad in ["壹拾拾万元", "伍万万元", "壹佰伍元"] {
        text.push_str(&format!(
            "---\nname: 某某贸易有限公司\nregistered_capital: {bad}\nbusiness_scope: [日用百货销售]\n"
        ));
    }
    std::fs::write(dir.path().join("capital.yaml"), text).unwrap();
    let (v, code) = json_check(&[], dir.path());
    assert_eq!(code, 1, "malformed numerals fail the run");
    let bad: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "NL0006")
        .collect();
    let matched: Vec<&str> = bad.iter().map(|f| f["matched"].as_str().unwrap()).collect();
    assert_eq!(matched, ["壹拾拾万元", "伍万万元", "壹佰伍元"], "{v}");
    // The message says where the numeral breaks, at the value (JSON
    // carries the loader's English; the reports show it in Chinese).
    assert!(
        bad[0]["message"]
            .as_str()
            .unwrap()
            .contains("malformed at character 3 `拾`"),
        "{}",
        bad[0]
    );
    assert_eq!(bad[0]["span"]["column"], 21, "{}", bad[0]);
}

#[test]
fn a_lower_case_uscc_is_an_error_with_the_fix_as_its_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "name: 某某有限公司\nuscc: 91110000802100433b\nbusiness_scope: [技术服务]\n",
    )
    .unwrap();
    let (v, code) = json_check(&[], dir.path());
    assert_eq!(code, 1);
    let f = findings_in(&v, "a.yaml");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["rule"], "NL0602");
    // The message itself names the fix (one-line formats show no help).
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("第18个字符“b”是小写字母，应为大写“B”"),
        "{}",
        f[0]
    );
    assert_eq!(
        f[0]["hint"],
        "write the USCC in capital letters: 91110000802100433B"
    );
    // And the human report shows it as the first help line.
    let out = neglist()
        .args(["check", "--format", "human"])
        .arg(dir.path().join("a.yaml"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("整改：统一社会信用代码使用大写字母：91110000802100433B"),
        "{text}"
    );
}

/// A long value is quoted in its message in part (the place covers all
/// of it): a hostile 2 000-character numeral made a 600 KB line.
#[test]
fn a_long_value_is_quoted_in_part() {
    let dir = tempfile::tempdir().unwrap();
    let numeral = "玖".repeat(2000);
    std::fs::write(
        dir.path().join("big.yaml"),
        format!("name: 某某有限公司\nbusiness_scope: [软件开发]\n注册资本: \"{numeral}万元\"\n"),
    )
    .unwrap();
    let out = neglist()
        .args(["check", "--no-config", "--format", "json"])
        .arg(dir.path().join("big.yaml"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "NL0006", "{v}");
    let message = f["message"].as_str().unwrap();
    assert!(message.chars().count() < 200, "{message}");
    assert!(message.contains("…"), "{message}");
    // (The place is the whole value, its quotes included.)
    assert!(
        f["span"]["length"].as_u64().unwrap() as usize >= numeral.len(),
        "{f}"
    );
}
