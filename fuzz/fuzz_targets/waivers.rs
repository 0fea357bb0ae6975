//! One file checked and triaged (waiver comments found, matched, reported):
//! any bytes; every finding's and waived finding's span cuts out exactly
//! its `matched` text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use neglist::pipeline::{CheckOptions, check_source};
use neglist::parse::date::Date;
use neglist::triage::{Settings, Triage};

#[path = "builtin.rs"]
mod builtin;

fuzz_target!(|data: &[u8]| {
    let rules = builtin::rules();
    let today = Date { year: 2026, month: 11, day: 28 };
    let mut triage = Triage::new(&rules.catalog, Settings::none(today)).unwrap();
    let mut report = check_source(rules, "f.yaml".into(), data.to_vec(), &CheckOptions::default());
    triage.apply(&mut report);
    if let Some(file) = &report.source {
        let waived = report.waived.iter().map(|w| &w.located);
        for f in report.findings.iter().chain(waived) {
            let s = &f.span;
            assert_eq!(&file.src[s.offset..s.offset + s.length], f.matched);
        }
    }
});
