//! The scope-string splitter: items are trimmed, ordered, non-overlapping
//! ranges on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut last = 0;
    for item in neglist::parse::scope::parse_scope(text).items {
        let r = item.range;
        assert!(last <= r.start && r.start < r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert_eq!(text[r.clone()].trim(), &text[r.clone()]);
        last = r.end;
    }
});
