//! neglist's view of text, below every other stage: what a character is to
//! a reader ([`classes`]), the character references a registry's web page
//! decodes ([`charref`]), and the matcher's skeleton of a text
//! ([`normalize`]). The DSL front end (term checks), the scope parser
//! (which characters separate items) and the matcher share it, so it is a
//! crate of its own: the main crate's build script, which checks the
//! built-in rules, uses this same normalizer, not a stand-in.

pub mod charref;
pub mod classes;
pub mod normalize;
pub mod pairs;
