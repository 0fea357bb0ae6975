//! The scope-string splitter: items are trimmed, ordered, non-overlapping
//! ranges on character boundaries, their conditions lie inside them; what a
//! negation governs is a range on character boundaries that holds the
//! negation's own words.
#![no_main]
use libfuzzer_sys::fuzz_target;
use neglist::parse::scope::{governed_range, parse_scope};

fuzz_target!(|text: &str| {
    let mut last = 0;
    for item in parse_scope(text).items {
        let r = item.range;
        assert!(last <= r.start && r.start < r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert_eq!(text[r.clone()].trim(), &text[r.clone()]);
        for c in &item.conditions {
            assert!(r.start <= c.start && c.end <= r.end, "{c:?} outside {r:?}");
        }
        last = r.end;
    }
    for word in ["不含", "不得", "除外", "严禁"] {
        for (at, _) in text.match_indices(word) {
            let g = governed_range(text, at..at + word.len());
            assert!(g.start <= at && at + word.len() <= g.end && g.end <= text.len());
            assert!(text.is_char_boundary(g.start) && text.is_char_boundary(g.end));
        }
    }
});
