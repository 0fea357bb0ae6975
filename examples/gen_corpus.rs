//! Generates a synthetic registry of filings for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --filings 100000 --out /tmp/corpus --seed 1
//! cargo run --release --example gen_corpus -- --filings 100000 --out /tmp/one.yaml --mode single
//! cargo run --release --example gen_corpus -- --filings 100000 --out /tmp/corpus.ndjson --mode ndjson
//! ```
//!
//! Filings follow the filing format: registration-format scope strings of
//! 10–30 items drawn from a few hundred ordinary business lines, valid
//! USCCs, real region codes, dates. About 2% of filings carry a planted
//! violation of each built-in category (prohibited, license-required, risk,
//! data), some carry near-misses (矿山开采, 保险柜, 数字人民币…), and ~10% of
//! files hold several documents. Files are 1–2 KB, sharded 1 000 a folder.
//! The same seed gives the same corpus.

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [usize; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

const REGIONS: &[&str] = &[
    "110105", "110108", "120101", "130102", "140105", "150102", "210102", "220102", "230102",
    "310104", "310115", "320102", "320505", "330106", "330212", "340104", "350203", "360102",
    "370102", "370829", "410105", "420106", "430102", "440106", "440305", "450103", "460106",
    "500103", "510104", "520102", "530102", "610113", "620102", "630104", "640104", "650102",
];
const CITY: &[&str] = &[
    "北京", "上海", "深圳", "杭州", "成都", "武汉", "西安", "南京", "苏州", "济南", "郑州", "长沙",
];
const WORD: &[&str] = &[
    "华", "信", "达", "安", "泰", "恒", "瑞", "博", "创", "新", "源", "盛", "宏", "嘉", "志", "远",
    "联", "科", "智", "汇", "通", "明", "启", "鼎", "诚", "和", "佳", "锦", "晨", "润",
];
const TRADE: &[&str] = &[
    "科技",
    "信息技术",
    "网络科技",
    "商贸",
    "贸易",
    "实业",
    "建设工程",
    "物流",
    "文化传媒",
    "餐饮管理",
    "电子",
    "机械设备",
    "环保科技",
    "医疗器械",
    "农业发展",
    "教育咨询",
];
const FORM: &[&str] = &["有限公司", "有限责任公司", "股份有限公司"];

/// Ordinary business lines, as registration systems write them.
const LINES: &[&str] = &[
    "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "软件开发",
    "信息系统集成服务",
    "信息技术咨询服务",
    "数据处理和存储支持服务",
    "计算机系统服务",
    "网络技术服务",
    "人工智能应用软件开发",
    "区块链技术相关软件和服务",
    "互联网数据服务",
    "物联网技术服务",
    "广告设计、代理",
    "广告制作",
    "会议及展览服务",
    "组织文化艺术交流活动",
    "企业管理咨询",
    "市场营销策划",
    "信息咨询服务（不含许可类信息咨询服务）",
    "劳务服务（不含劳务派遣）",
    "家政服务",
    "物业管理",
    "非居住房地产租赁",
    "住房租赁",
    "停车场服务",
    "建筑物清洁服务",
    "园林绿化工程施工",
    "专业设计服务",
    "工程管理服务",
    "普通机械设备安装服务",
    "建筑工程机械与设备租赁",
    "货物进出口",
    "技术进出口",
    "国内贸易代理",
    "供应链管理服务",
    "普通货物仓储服务（不含危险化学品等需许可审批的项目）",
    "国内货物运输代理",
    "装卸搬运",
    "包装服务",
    "礼仪服务",
    "摄影扩印服务",
    "票务代理服务",
    "旅客票务代理",
    "健康咨询服务（不含诊疗服务）",
    "养老服务",
    "体育用品及器材零售",
    "日用百货销售",
    "文具用品零售",
    "办公用品销售",
    "化妆品零售",
    "服装服饰零售",
    "鞋帽零售",
    "针纺织品销售",
    "家用电器销售",
    "五金产品零售",
    "建筑材料销售",
    "轻质建筑材料销售",
    "金属结构销售",
    "涂料销售（不含危险化学品）",
    "化工产品销售（不含许可类化工产品）",
    "专用化学产品销售（不含危险化学品）",
    "环境保护专用设备制造",
    "环保咨询服务",
    "水污染治理",
    "大气污染治理",
    "固体废物治理",
    "农副产品销售",
    "食用农产品零售",
    "新鲜水果零售",
    "谷物种植",
    "蔬菜种植",
    "花卉种植",
    "园艺产品种植",
    "畜牧渔业饲料销售",
    "宠物食品及用品零售",
    "珠宝首饰零售",
    "工艺美术品及礼仪用品销售（象牙及其制品除外）",
    "乐器零售",
    "玩具销售",
    "音响设备销售",
    "照相机及器材销售",
    "电子产品销售",
    "通讯设备销售",
    "计算机软硬件及辅助设备零售",
    "网络设备销售",
    "安防设备销售",
    "仪器仪表销售",
    "电气设备销售",
    "机械设备销售",
    "汽车零配件零售",
    "新能源汽车整车销售",
    "电池销售",
    "光伏设备及元器件销售",
    "风力发电技术服务",
    "合同能源管理",
    "节能管理服务",
    "租赁服务（不含许可类租赁服务）",
    "机械设备租赁",
    "办公设备租赁服务",
    "翻译服务",
    "教育咨询服务（不含涉许可审批的教育培训活动）",
    "业务培训（不含教育培训、职业技能培训等需取得许可的培训）",
    "咨询策划服务",
    "社会经济咨询服务",
    "商务代理代办服务",
    "人力资源服务（不含职业中介活动、劳务派遣服务）",
    "企业形象策划",
    "数字文化创意软件开发",
    "数字内容制作服务（不含出版发行）",
    "动漫游戏开发",
    "互联网销售（除销售需要许可的商品）",
    "食品销售（仅销售预包装食品）",
    "餐饮管理",
    "酒店管理",
    "洗染服务",
    "美发饰品销售",
    "医用口罩零售",
    "第一类医疗器械销售",
    "第二类医疗器械销售",
    "消毒剂销售（不含危险化学品）",
    "卫生用品和一次性使用医疗用品销售",
    "金属材料销售",
    "有色金属合金销售",
    "塑料制品销售",
    "橡胶制品销售",
    "纸制品销售",
    "木材销售",
    "家具销售",
    "家居用品销售",
    "厨具卫具及日用杂品零售",
    "灯具销售",
    "照明器具销售",
    "集成电路设计",
    "集成电路芯片设计及服务",
    "电子元器件制造",
    "电子专用材料研发",
    "工业设计服务",
    "工程和技术研究和试验发展",
    "自然科学研究和试验发展",
    "检验检测服务",
    "计量服务",
    "标准化服务",
    "认证咨询",
    "知识产权服务（专利代理服务除外）",
    "版权代理",
    "采购代理服务",
    "招投标代理服务",
    "物业服务评估",
    "城市绿化管理",
    "市政设施管理",
    "环境卫生公共设施安装服务",
];

/// Lines that must be refused, one family a category.
const PROHIBITED: &[&str] = &[
    "比特币挖矿",
    "虚拟货币交易平台运营",
    "矿机托管",
    "USDT场外交易",
    "区块链代币发行",
    "加密资产托管",
    "稳定币支付系统开发",
];
const LICENSED: &[&str] = &[
    "小额贷款",
    "第三方支付服务",
    "外币兑换",
    "证券投资咨询",
    "保险代理",
    "融资担保",
    "典当",
    "企业征信服务",
];
const NEAR_MISS: &[&str] = &[
    "矿山开采",
    "矿机销售",
    "数据挖掘服务",
    "挖矿木马检测与清除",
    "数字人民币应用技术开发",
    "虚拟现实设备制造",
    "虚拟电厂运营服务",
    "商用密码产品销售",
    "保险柜销售",
    "非融资担保服务",
    "物业资产管理",
    "网络游戏运营",
];

struct Args {
    filings: usize,
    out: PathBuf,
    seed: u64,
    mode: String,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        filings: 1000,
        out: PathBuf::from("corpus"),
        seed: 1,
        mode: "dir".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--filings" => a.filings = value()?.parse().map_err(|e| format!("--filings: {e}"))?,
            "--out" => a.out = PathBuf::from(value()?),
            "--seed" => a.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--mode" => a.mode = value()?,
            "-h" | "--help" => {
                return Err("usage: gen_corpus --filings N --out PATH [--seed S] [--mode dir|single|ndjson]".into());
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if !["dir", "single", "ndjson"].contains(&a.mode.as_str()) {
        return Err(format!(
            "--mode must be dir, single or ndjson, not {}",
            a.mode
        ));
    }
    Ok(a)
}

fn uscc(rng: &mut ChaCha8Rng, region: &str, corrupt: bool) -> String {
    let mut s = String::from("91");
    s.push_str(region);
    s.push_str("MA");
    for _ in 0..7 {
        s.push(CHARSET[rng.random_range(0..CHARSET.len())] as char);
    }
    let sum: usize = s
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| CHARSET.iter().position(|&x| x == c).unwrap() * w)
        .sum();
    let mut check = (31 - sum % 31) % 31;
    if corrupt {
        check = (check + 1) % 31;
    }
    s.push(CHARSET[check] as char);
    s
}

/// One filing's fields, in the order they are written.
struct Filing {
    fields: Vec<(&'static str, String)>,
    energy: Option<u32>,
}

fn filing(rng: &mut ChaCha8Rng) -> Filing {
    let region = *REGIONS.choose(rng).unwrap();
    let mut name = String::new();
    name.push_str(CITY.choose(rng).unwrap());
    for _ in 0..2 {
        name.push_str(WORD.choose(rng).unwrap());
    }
    name.push_str(TRADE.choose(rng).unwrap());
    name.push_str(FORM.choose(rng).unwrap());

    let n = rng.random_range(10..=30);
    let mut general: Vec<&str> = LINES.choose_multiple(rng, n).copied().collect();
    let mut licensed: Vec<&str> = vec![];
    let roll = |rng: &mut ChaCha8Rng, p: f64| rng.random_bool(p);
    if roll(rng, 0.02) {
        general.push(PROHIBITED.choose(rng).unwrap());
    }
    if roll(rng, 0.02) {
        licensed.push(LICENSED.choose(rng).unwrap());
    }
    if roll(rng, 0.05) {
        general.push(NEAR_MISS.choose(rng).unwrap());
    }
    let risk = roll(rng, 0.02);
    let mut energy = None;
    if risk {
        general.push("数据中心运营");
        energy = Some(rng.random_range(60_000..200_000));
    }
    let bad_data = roll(rng, 0.02);
    if roll(rng, 0.3) {
        licensed.push("第一类增值电信业务");
    }
    let mut scope = format!(
        "一般项目：{}。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
        general.join("；")
    );
    if !licensed.is_empty() {
        let _ = write!(
            scope,
            "许可项目：{}。（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）",
            licensed.join("；")
        );
    }
    let year = rng.random_range(2005..=2024);
    let established = format!(
        "{year}-{:02}-{:02}",
        rng.random_range(1..=12),
        rng.random_range(1..=28)
    );
    let filed = format!(
        "{}-{:02}-{:02}",
        rng.random_range((year + 1).max(2021)..=2025),
        rng.random_range(1..=12),
        rng.random_range(1..=28)
    );
    // Data errors: a wrong check character, or a filing dated before the
    // company existed.
    let corrupt_uscc = bad_data && rng.random_bool(0.5);
    let mut fields = vec![
        ("name", name),
        (
            "uscc",
            uscc(rng, if risk { "650102" } else { region }, corrupt_uscc),
        ),
        ("entity_type", "有限责任公司".to_string()),
        (
            "registered_capital",
            format!("{}万元人民币", rng.random_range(10..5000)),
        ),
        (
            "established_on",
            if bad_data && !corrupt_uscc {
                "2027-01-01".into()
            } else {
                established
            },
        ),
        ("filed_on", filed),
        (
            "address",
            format!(
                "{}市某某区某某路{}号{}栋{}室",
                CITY.choose(rng).unwrap(),
                rng.random_range(1..999),
                rng.random_range(1..30),
                rng.random_range(101..2999)
            ),
        ),
        ("industry", if risk { "I6450" } else { "I6510" }.to_string()),
        ("business_scope", scope),
    ];
    if risk {
        fields.push(("region", "650102".into()));
    }
    Filing { fields, energy }
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap() // a JSON string is a valid YAML double-quoted scalar
}

fn write_yaml(f: &Filing, out: &mut String) {
    for (k, v) in &f.fields {
        let _ = writeln!(out, "{k}: {}", yaml_string(v));
    }
    if let Some(kwh) = f.energy {
        let _ = writeln!(out, "energy:\n  daily_kwh: {kwh}");
    }
}

fn write_json(f: &Filing, out: &mut String) {
    let mut m = serde_json::Map::new();
    for (k, v) in &f.fields {
        m.insert((*k).to_string(), serde_json::Value::String(v.clone()));
    }
    if let Some(kwh) = f.energy {
        m.insert("energy".into(), serde_json::json!({ "daily_kwh": kwh }));
    }
    out.push_str(&serde_json::Value::Object(m).to_string());
    out.push('\n');
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut rng = ChaCha8Rng::seed_from_u64(a.seed);
    // How filings are grouped into files has its own generator, so that
    // every mode writes the same filings in the same order.
    let mut layout = ChaCha8Rng::seed_from_u64(a.seed ^ 0x5eed_f11e);
    let mut run = || -> std::io::Result<(usize, usize)> {
        let (mut files, mut bytes) = (0, 0);
        let mut left = a.filings;
        match a.mode.as_str() {
            "dir" => {
                std::fs::create_dir_all(&a.out)?;
                while left > 0 {
                    // ~10% of files hold 2–3 documents.
                    let docs = if layout.random_bool(0.1) {
                        layout.random_range(2..=3).min(left)
                    } else {
                        1
                    };
                    let mut text = String::new();
                    for d in 0..docs {
                        if d > 0 {
                            text.push_str("---\n");
                        }
                        write_yaml(&filing(&mut rng), &mut text);
                    }
                    let shard = a.out.join(format!("{:04}", files / 1000));
                    if files % 1000 == 0 {
                        std::fs::create_dir_all(&shard)?;
                    }
                    std::fs::write(shard.join(format!("{files:07}.yaml")), &text)?;
                    files += 1;
                    bytes += text.len();
                    left -= docs;
                }
            }
            mode => {
                if let Some(dir) = a.out.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                let mut w = BufWriter::new(std::fs::File::create(&a.out)?);
                let mut text = String::new();
                for i in 0..a.filings {
                    text.clear();
                    let f = filing(&mut rng);
                    if mode == "single" {
                        if i > 0 {
                            text.push_str("---\n");
                        }
                        write_yaml(&f, &mut text);
                    } else {
                        write_json(&f, &mut text);
                    }
                    w.write_all(text.as_bytes())?;
                    bytes += text.len();
                }
                w.flush()?;
                files = 1;
            }
        }
        Ok((files, bytes))
    };
    match run() {
        Ok((files, bytes)) => eprintln!(
            "wrote {} filings in {files} file(s), {:.1} MB, to {}",
            a.filings,
            bytes as f64 / 1e6,
            a.out.display()
        ),
        Err(e) => {
            eprintln!("error writing {}: {e}", a.out.display());
            std::process::exit(1);
        }
    }
}
