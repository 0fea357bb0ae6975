//! Differential: whenever the flat-filing fast path answers, its tree is
//! the full YAML parser's (values, styles, byte spans).
#![no_main]
use libfuzzer_sys::fuzz_target;
use neglist::filing::{flat::parse_flat, yaml::parse_documents};
use neglist::span::LineIndex;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    if let Some(docs) = parse_flat(src) {
        let full = parse_documents(src, &LineIndex::new(src));
        assert_eq!(format!("{docs:?}"), format!("{full:?}"), "{src:?}");
    }
});
