//! The USCC parser: any text; a code it accepts has the right form.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let u = neglist::parse::uscc::parse_uscc(text);
    if u.problem.is_none() {
        assert_eq!(text.trim().chars().count(), 18);
        assert!(u.region.is_some());
    }
});
