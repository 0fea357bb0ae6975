//! The built-in catalog a run uses is the one build.rs stored; these tests
//! hold it to a parse and check of the same rule text at run time, with the
//! real term normalizer (build.rs stands in a simpler one).

use neglist::dsl::{builtin_catalog, builtin_files, load_rules, stored_catalog};

#[test]
fn stored_catalog_equals_a_run_time_parse_of_the_rule_text() {
    let (parsed, _) = load_rules(&builtin_files()).expect("the built-in rules check");
    let stored = stored_catalog().expect("the stored catalog decodes");
    // Debug shows every field of every rule, source and term set, and each
    // rule's origin (path and text): equal text is an equal catalog.
    assert_eq!(format!("{stored:#?}"), format!("{parsed:#?}"));
    assert_eq!(format!("{:?}", builtin_catalog()), format!("{parsed:?}"));
}
