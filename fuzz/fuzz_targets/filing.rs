//! The filing loader: any text → filings or located errors; every span it
//! reports lies on character boundaries inside the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use neglist::filing::{Loaded, SourceFile, load};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceFile::new("f.yaml".into(), text.to_string());
    for doc in load(&file) {
        let span = match &doc {
            Loaded::Filing(f) => f.span.clone(),
            Loaded::Unreadable(u) => u.span.clone(),
        };
        assert!(span.start <= span.end && span.end <= text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
});
