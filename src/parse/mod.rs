//! Field parsers (nom): the business-scope string, the USCC, dates, money.
//! Each works on a decoded value and returns byte ranges into it; the filing
//! loader maps those ranges back to the file.

pub mod date;
pub mod money;
pub mod region;
pub mod scope;
pub mod uscc;
