//! Dates as filings write them: `2021-10-12` or `2021年10月12日` (month and
//! day may have one digit). A date that does not exist is an error.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::tag,
    character::complete::digit1,
    combinator::{all_consuming, map_res},
};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse_date(&s).map_err(|_| serde::de::Error::custom(format!("not a date: {s}")))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not in either accepted form.
    Form,
    /// Well-formed but no such day (e.g. 2021-02-30).
    NoSuchDay,
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            Ok(Date { year, month, day })
        } else {
            Err(DateError::NoSuchDay)
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for "today".
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            year: (if m <= 2 { y + 1 } else { y }) as i32,
            month: m,
            day: d,
        }
    }

    /// The calendar day in China (UTC+8) at `unix_secs` seconds after
    /// 1970-01-01T00:00:00Z. The law's days are Beijing days: a filing
    /// checked at 07:00 in Beijing (23:00 UTC the day before) is checked on
    /// the Beijing date. A fixed offset is exact: China has had no daylight
    /// saving time since 1991.
    pub fn in_china(unix_secs: i64) -> Date {
        const CHINA_OFFSET_SECS: i64 = 8 * 3600;
        Date::from_days_since_epoch((unix_secs + CHINA_OFFSET_SECS).div_euclid(86_400))
    }

    /// Today in China (see [`Date::in_china`]), from the system clock.
    pub fn today() -> Date {
        let now = std::time::SystemTime::now();
        let secs = match now.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            Err(e) => -(e.duration().as_secs() as i64),
        };
        Date::in_china(secs)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        parse_date(s)
    }
}

fn num(i: &str) -> IResult<&str, u32> {
    map_res(digit1, str::parse::<u32>).parse(i)
}

fn iso(i: &str) -> IResult<&str, (u32, u32, u32)> {
    let (i, (y, _, m, _, d)) = (num, tag("-"), num, tag("-"), num).parse(i)?;
    Ok((i, (y, m, d)))
}

fn chinese(i: &str) -> IResult<&str, (u32, u32, u32)> {
    let (i, (y, _, m, _, d, _)) = (num, tag("年"), num, tag("月"), num, tag("日")).parse(i)?;
    Ok((i, (y, m, d)))
}

pub fn parse_date(raw: &str) -> Result<Date, DateError> {
    let s = raw.trim();
    let (_, (y, m, d)) = all_consuming(alt((iso, chinese)))
        .parse(s)
        .map_err(|_| DateError::Form)?;
    let year_digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    if year_digits != 4 {
        return Err(DateError::Form);
    }
    Date::new(y as i32, m, d)
}

/// Which day a filing is judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// Every filing as of one day (`--as-of DATE`; by default today). A
    /// filing made before a rule came into force is an existing
    /// registration: reported all the same, as one to rectify.
    Day(Date),
    /// Each filing as of its own `filed_on`, else today (`--as-of filed`): a
    /// historical audit — should it have been accepted then?
    Filed,
}

impl std::fmt::Display for AsOf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AsOf::Day(d) => write!(f, "{d}"),
            AsOf::Filed => f.write_str("filed"),
        }
    }
}

/// `2021-10-12`, `2021年10月12日`, or `filed`.
pub fn parse_as_of(s: &str) -> Option<AsOf> {
    if s.trim() == "filed" {
        return Some(AsOf::Filed);
    }
    parse_date(s).ok().map(AsOf::Day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms() {
        let d = Date {
            year: 2021,
            month: 10,
            day: 12,
        };
        assert_eq!(parse_date("2021-10-12"), Ok(d));
        assert_eq!(parse_date("2021年10月12日"), Ok(d));
        assert_eq!(
            parse_date("2024年2月29日").unwrap().to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn today_is_the_day_in_china() {
        let d = |s: &str| parse_date(s).unwrap();
        // 2026-12-05T16:00:00Z is midnight in Beijing.
        let midnight = 1_796_486_400;
        assert_eq!(Date::in_china(midnight), d("2026-12-06"));
        assert_eq!(Date::in_china(midnight - 1), d("2026-12-05"));
        // 23:30 UTC is already the next morning in China.
        assert_eq!(Date::in_china(midnight + 7 * 3600 + 1800), d("2026-12-06"));
        assert_eq!(Date::in_china(0), d("1970-01-01"));
        assert_eq!(Date::in_china(-8 * 3600 - 1), d("1969-12-31"));
        // New year: 2026-12-31T16:00:00Z is 2027-01-01 in Beijing.
        assert_eq!(Date::in_china(1_798_732_800), d("2027-01-01"));
        assert_eq!(Date::in_china(1_798_732_799), d("2026-12-31"));
    }

    #[test]
    fn impossible_and_malformed() {
        assert_eq!(parse_date("2021-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2021年2月29日"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2021-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("21-10-12"), Err(DateError::Form));
        assert_eq!(parse_date("2021/10/12"), Err(DateError::Form));
        assert_eq!(parse_date("2021-10-12x"), Err(DateError::Form));
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_785).to_string(),
            "2026-11-28"
        );
    }
}
