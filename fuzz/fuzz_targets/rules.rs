//! The rule language: any text → parse, check, compile; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok((catalog, _)) = neglist::dsl::load_rules(&[("f.rules".into(), text.into())]) {
            let _ = neglist::engine::RuleSet::compile(catalog);
        }
    }
});
