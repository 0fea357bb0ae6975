//! neglist.toml and waivers files: any text is read or refused with
//! located errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use neglist::config::Config;
use neglist::config::waivers::WaiverFile;
use std::path::{Path, PathBuf};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for e in Config::parse("neglist.toml".into(), text, PathBuf::from("/p")).err().unwrap_or_default() {
        assert!(e.span.end <= text.len().max(e.span.start));
        let _ = e.location();
    }
    if let Ok(c) = Config::parse("neglist.toml".into(), text, PathBuf::from("/p")) {
        let _ = Config::parse("again.toml".into(), &c.to_toml(), PathBuf::from("/p"));
    }
    let _ = WaiverFile::parse("w.toml".into(), text, Path::new("/p"));
});
