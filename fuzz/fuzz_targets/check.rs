//! The whole check of one file with the built-in rules: any bytes; every
//! finding's span cuts out exactly its `matched` text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use neglist::pipeline::{CheckOptions, check_source};

#[path = "builtin.rs"]
mod builtin;

fuzz_target!(|data: &[u8]| {
    let rules = builtin::rules();
    let report = check_source(rules, "f.yaml".into(), data.to_vec(), &CheckOptions::default());
    if let Some(file) = &report.source {
        for f in &report.findings {
            let s = &f.span;
            assert_eq!(&file.src[s.offset..s.offset + s.length], f.matched);
        }
    }
});
