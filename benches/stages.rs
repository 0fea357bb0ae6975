//! The hot stages, one filing at a time: `cargo bench --bench stages`.
//! (The end-to-end comparison with ripgrep is bench/compare.sh.)

use criterion::{Criterion, criterion_group, criterion_main};
use neglist::dsl::{builtin_files, load_rules};
use neglist::engine::{RuleSet, evaluate};
use neglist::filing::{Loaded, SourceFile, load};
use neglist::parse::date::parse_date;
use neglist::parse::scope::parse_scope;
use std::hint::black_box;

const SCOPE: &str = "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务；数据处理和存储支持服务；广告设计、代理；会议及展览服务；企业管理咨询；市场营销策划；物业管理；非居住房地产租赁；货物进出口；技术进出口；供应链管理服务；日用百货销售；家用电器销售；五金产品零售；建筑材料销售；电子产品销售；计算机软硬件及辅助设备零售；比特币矿机托管。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）许可项目：第一类增值电信业务。（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）";

fn filing() -> String {
    format!(
        "name: \"深圳某某信息技术有限公司\"\nuscc: \"914403001922038216\"\nentity_type: \"有限责任公司\"\nregistered_capital: \"1000万元人民币\"\nestablished_on: \"2019-04-02\"\nfiled_on: \"2021-10-12\"\naddress: \"深圳市南山区某某路100号\"\nindustry: \"I6510\"\nbusiness_scope: \"{SCOPE}\"\n"
    )
}

fn rules() -> RuleSet {
    let (catalog, _) = load_rules(&builtin_files()).expect("built-in rules load");
    RuleSet::compile(catalog).expect("rules compile")
}

fn stages(c: &mut Criterion) {
    let rules = rules();
    let text = filing();
    let file = SourceFile::new("bench.yaml".into(), text.clone());
    let day = parse_date("2021-10-12").unwrap();

    c.bench_function("load one filing (YAML → Filing with spans)", |b| {
        b.iter(|| load(black_box(&file)))
    });
    c.bench_function("parse a registration-format scope", |b| {
        b.iter(|| parse_scope(black_box(SCOPE)))
    });
    c.bench_function("match all terms in a scope string", |b| {
        b.iter(|| rules.scan(black_box(SCOPE)))
    });
    let docs = load(&file);
    let Some(Loaded::Filing(f)) = docs.first() else {
        panic!("the bench filing loads")
    };
    c.bench_function("evaluate all rules on a loaded filing", |b| {
        b.iter(|| evaluate(&rules, &file, black_box(f), day, None))
    });
    c.bench_function("whole filing: bytes → findings", |b| {
        b.iter(|| {
            let file = SourceFile::new("bench.yaml".into(), black_box(text.clone()));
            let mut n = 0;
            for d in load(&file) {
                if let Loaded::Filing(f) = d {
                    n += evaluate(&rules, &file, &f, day, None).len();
                }
            }
            n
        })
    });
    c.bench_function("compile the built-in rules (start-up)", |b| {
        b.iter(|| {
            let (catalog, _) = load_rules(&builtin_files()).unwrap();
            RuleSet::compile_for(catalog, neglist::engine::Workload::Few).unwrap()
        })
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
