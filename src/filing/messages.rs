//! The loader's messages about the record fields and amounts (one place,
//! so that they can be translated; Chinese first).

use super::record::RecordError;
use crate::parse::date::DateError;
use crate::parse::money::MoneyError;

/// Registered (or paid-in) capital that cannot be read.
pub fn capital(key: &str, value: &str, e: &MoneyError) -> String {
    format!("{key}“{value}”无法读取：{}", e.zh())
}

/// A record field's value of the wrong type.
pub fn record(key: &str, value: &str, e: &RecordError) -> String {
    match e {
        RecordError::Date(DateError::Form) => format!(
            "“{key}”的值“{value}”不是日期或期限（应写作如“2021-10-12”“2021年10月12日”“2019年4月2日至长期”）"
        ),
        RecordError::Date(DateError::NoSuchDay) => {
            format!("“{key}”的值“{value}”中的日期不存在")
        }
        RecordError::EndsBeforeStart(from, end) => {
            format!("“{key}”的值“{value}”终止日 {end} 早于起始日 {from}")
        }
        RecordError::Count => format!("“{key}”的值“{value}”不是人数（非负整数，如“50”）"),
    }
}
