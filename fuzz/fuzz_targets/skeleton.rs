//! The skeleton matcher on any text: the normalized view maps back to the
//! text in order and on character boundaries; every hit cuts out text
//! whose own skeleton holds a term of the same set; and the text as a
//! filing's scope (double-quoted, every character escaped as YAML or as
//! JSON) gives findings whose spans cut out exactly their matched text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use neglist::pipeline::{CheckOptions, check_ndjson, check_source};

#[path = "builtin.rs"]
mod builtin;

fuzz_target!(|text: &str| {
    let rules = builtin::rules();
    let norm = rules.normalizer.normalize(text);
    let mut last = 0;
    for (i, c) in norm.text.char_indices() {
        let r = norm.original(i, i + c.len_utf8());
        assert!(r.start < r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert!(r.start >= last || r.end == last);
        last = r.end;
    }
    for h in rules.scan(text) {
        assert!(text.is_char_boundary(h.range.start) && text.is_char_boundary(h.range.end));
        let cut = &text[h.range.clone()];
        assert!(
            rules.scan(cut).iter().any(|g| g.set == h.set),
            "{cut:?} does not hold its own term"
        );
    }
    let scope = serde_json::to_string(text).unwrap();
    let yaml = format!("name: 某某公司\nbusiness_scope: {scope}\n");
    let r = check_source(rules, "f.yaml".into(), yaml.clone().into_bytes(), &CheckOptions::default());
    if let Some(file) = &r.source {
        for f in &r.findings {
            let s = &f.span;
            assert_eq!(&file.src[s.offset..s.offset + s.length], f.matched);
        }
    }
    let line = format!("{{\"name\":\"某某公司\",\"business_scope\":{scope}}}\n");
    check_ndjson(rules, "f.ndjson", line.as_bytes(), &CheckOptions::default(), |r| {
        for f in &r.findings {
            let s = &f.span;
            assert_eq!(&line[s.offset..s.offset + s.length], f.matched);
        }
    });
});
