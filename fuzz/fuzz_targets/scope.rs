//! The scope-string splitter: items are trimmed, ordered, non-overlapping
//! ranges on character boundaries, their conditions lie inside them; every
//! negation's words and what it governs are ranges on character boundaries,
//! the words inside what they govern.
#![no_main]
use libfuzzer_sys::fuzz_target;
use neglist::parse::scope::parse_scope;

fuzz_target!(|text: &str| {
    let mut last = 0;
    let parsed = parse_scope(text);
    for item in parsed.items {
        let r = item.range;
        assert!(last <= r.start && r.start < r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert_eq!(text[r.clone()].trim(), &text[r.clone()]);
        for c in &item.conditions {
            assert!(r.start <= c.start && c.end <= r.end, "{c:?} outside {r:?}");
        }
        for n in &item.negations {
            let (c, g) = (&n.cue, &n.governs);
            assert!(c.start <= c.end && g.start <= g.end && g.end <= text.len());
            assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            assert!(text.is_char_boundary(g.start) && text.is_char_boundary(g.end));
            assert!(g.start <= c.start && c.end <= g.end, "{c:?} outside {g:?}");
        }
        last = r.end;
    }
    for b in parsed.boilerplate {
        assert!(b.end <= text.len() && text.is_char_boundary(b.start) && text.is_char_boundary(b.end));
    }
});
