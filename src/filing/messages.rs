//! The loader's messages about the record fields and amounts, in one
//! place. Written in English like every loader message (JSON and SARIF
//! carry them as written); the reports show them in Chinese through
//! `texts::MESSAGES_ZH`, where each of these templates has its Chinese.

use super::record::RecordError;
use crate::parse::date::DateError;
use crate::parse::money::MoneyError;

/// A value as a message quotes it: at most 40 characters, so a message
/// stays a line however long the value (the place points at all of it).
fn quoted(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &value[..at]).into(),
        None => value.into(),
    }
}

/// Registered (or paid-in) capital that cannot be read.
pub fn capital(key: &str, value: &str, e: &MoneyError) -> String {
    let value = quoted(value);
    format!("`{key}` value `{value}` cannot be read: {}", e.en())
}

/// A record field's value of the wrong type.
pub fn record(key: &str, value: &str, e: &RecordError) -> String {
    let value = quoted(value);
    match e {
        RecordError::Date(DateError::Form) => format!(
            "`{key}` value `{value}` is not a date or a term like `2021-10-12`, `2021年10月12日` or `2019年4月2日至长期`"
        ),
        RecordError::Date(DateError::NoSuchDay) => {
            format!("`{key}` value `{value}` holds a day that does not exist")
        }
        RecordError::EndsBeforeStart(from, end) => {
            format!("`{key}` value `{value}` ends on {end}, before it starts on {from}")
        }
        RecordError::Count => {
            format!("`{key}` value `{value}` is not a number of people (a whole number like `50`)")
        }
    }
}
