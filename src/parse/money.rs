//! Registered capital: `1000万元人民币`, `1000万元`, `500万美元`, `1,000.5万元`,
//! `2亿元`, `50000元`, or a bare number meaning 万元 — and the spellings real
//! registers hold: brackets around the unit (`50(万元(人民币))`,
//! `20(万元(港币))`), full-width digits and brackets, `100万香港元`,
//! `300万元美元` (元 then the currency), the currency first (`人民币1000万元`),
//! and the capital numerals of a business licence (`伍拾万元整`,
//! `人民币壹仟万元`, `贰佰伍拾万美元`, `叁亿元`).
//!
//! Chinese numerals are read strictly (a hand-written reader: the crates
//! that read them accept forms such as `壹拾拾万` or `壹佰伍` that a reader of
//! a licence could take two ways). Anything that is not one clear amount is
//! an error that says what is wrong, never a guess.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, take_while1},
    combinator::opt,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// Amount in 万 (ten thousands) of `currency`.
    pub wan: f64,
    /// ISO 4217 code (CNY, USD, HKD, …; DEM and FRF for registrations made
    /// before the euro).
    pub currency: &'static str,
}

/// The currencies registers write, by ISO 4217 code, with every spelling
/// met (longest spellings are tried first, so `澳门元` is not `澳元`).
pub const CURRENCIES: &[(&str, &[&str])] = &[
    ("CNY", &["人民币"]),
    ("USD", &["美元", "美金"]),
    ("HKD", &["港元", "港币", "香港元", "港幣"]),
    (
        "MOP",
        &["澳门元", "澳门币", "澳門元", "澳門幣", "澳门帕塔卡"],
    ),
    ("TWD", &["新台币", "台币", "新臺幣", "新台幣"]),
    ("EUR", &["欧元", "歐元"]),
    ("JPY", &["日元", "日圆"]),
    ("GBP", &["英镑", "英鎊"]),
    ("SGD", &["新加坡元"]),
    ("AUD", &["澳元", "澳大利亚元"]),
    ("CAD", &["加元", "加拿大元"]),
    ("NZD", &["新西兰元"]),
    ("CHF", &["瑞士法郎"]),
    ("SEK", &["瑞典克朗"]),
    ("DKK", &["丹麦克朗", "丹麦克郎"]),
    ("NOK", &["挪威克朗"]),
    ("KRW", &["韩元", "韩圆"]),
    ("RUB", &["卢布", "俄罗斯卢布"]),
    ("THB", &["泰铢"]),
    ("MYR", &["马来西亚林吉特", "林吉特"]),
    ("INR", &["印度卢比"]),
    // Currencies of registrations made before the euro.
    ("DEM", &["德国马克", "马克"]),
    ("FRF", &["法国法郎"]),
    ("NLG", &["荷兰盾"]),
    ("ITL", &["意大利里拉"]),
    ("BEF", &["比利时法郎"]),
    ("ATS", &["奥地利先令"]),
];

/// Why a capital could not be read. Its text is in one place (`en`); the
/// reports' Chinese for each is in `filing::texts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// Nothing that reads as an amount (`很多`, `1.2.3万元`).
    Form,
    /// Two different currencies (`100万元人民币元美元`).
    TwoCurrencies,
    /// A Chinese numeral that is malformed at this character (1-based
    /// among the numeral's characters).
    Numeral {
        at: usize,
        ch: char,
        problem: NumeralProblem,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumeralProblem {
    /// A unit after a unit of the same or a smaller size (`壹拾拾万`).
    UnitOrder,
    /// A large unit (万, 亿) repeated or out of order (`万万`, `壹万贰亿`).
    LargeUnitOrder,
    /// A unit with no digit before it (`壹佰拾万`).
    UnitWithoutDigit,
    /// Two digits together (`伍伍万`).
    DigitsTogether,
    /// A last digit with no unit whose place is not clear (`壹佰伍`: 150 or
    /// 105?).
    UnclearPlace,
    /// A 零 where none belongs (`零零`, `壹佰零`, `壹佰零伍拾`).
    MisplacedZero,
    /// More than 角 and 分 after 元, or them written wrong.
    Fraction,
    /// A numeral with no 元, 万 or 亿: no unit to read it in.
    NoUnit,
}

impl MoneyError {
    /// The problem in English.
    pub fn en(&self) -> String {
        match self {
            MoneyError::Form => {
                "is not an amount like `1000万元人民币`, `500万美元` or `伍拾万元整`".into()
            }
            MoneyError::TwoCurrencies => "names two different currencies".into(),
            MoneyError::Numeral { at, ch, problem } => {
                let what = match problem {
                    NumeralProblem::UnitOrder => "a unit repeated or out of order (`壹拾拾万`)",
                    NumeralProblem::LargeUnitOrder => "万 or 亿 repeated or out of order (`万万`)",
                    NumeralProblem::UnitWithoutDigit => "a unit with no digit before it",
                    NumeralProblem::DigitsTogether => "two digits with no unit between them",
                    NumeralProblem::UnclearPlace => {
                        "a last digit without a unit, whose place is not clear (`壹佰伍`: 150 or 105?)"
                    }
                    NumeralProblem::MisplacedZero => "a 零 where none belongs",
                    NumeralProblem::Fraction => "only 角 and 分 may follow 元",
                    NumeralProblem::NoUnit => "no 元, 万 or 亿 after the numeral",
                };
                format!("the Chinese numeral is malformed at character {at} `{ch}`: {what}")
            }
        }
    }
}

fn number(i: &str) -> IResult<&str, f64> {
    let (rest, digits) =
        take_while1(|c: char| c.is_ascii_digit() || c == '.' || c == ',').parse(i)?;
    let parsed = match digits.contains(',') {
        true => digits.replace(',', "").parse::<f64>(),
        false => digits.parse::<f64>(),
    };
    match parsed {
        Ok(v) if v.is_finite() => Ok((rest, v)),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Float,
        ))),
    }
}

fn unit(i: &str) -> IResult<&str, f64> {
    alt((
        nom::combinator::value(10_000.0, tag("亿")),
        nom::combinator::value(1.0, tag("万")),
    ))
    .parse(i)
}

/// A named currency (not the bare 元, which is the unit of any of them),
/// with an optional 元 after it (人民币元, 新台币元).
fn currency(i: &str) -> IResult<&str, &'static str> {
    // (Every capital value asks, often twice: the names by their first
    // character, so a value tries a few names, not all of them.)
    static BY_FIRST: std::sync::LazyLock<
        std::collections::HashMap<char, Vec<(&'static str, &'static str)>>,
    > = std::sync::LazyLock::new(|| {
        let mut m: std::collections::HashMap<char, Vec<_>> = Default::default();
        for (code, names) in CURRENCIES {
            for n in names.iter() {
                if let Some(c) = n.chars().next() {
                    m.entry(c).or_default().push((*code, *n));
                }
            }
        }
        m
    });
    let best = i
        .chars()
        .next()
        .and_then(|c| BY_FIRST.get(&c))
        .into_iter()
        .flatten()
        .filter(|(_, n)| i.starts_with(n))
        .max_by_key(|(_, n)| n.len())
        .copied();
    let Some((code, name)) = best else {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        )));
    };
    let rest = &i[name.len()..];
    let rest = rest
        .strip_prefix('元')
        .or_else(|| rest.strip_prefix('圆'))
        .unwrap_or(rest);
    Ok((rest, code))
}

/// The amount as the parser reads it: NFKC (full-width digits and
/// brackets), without blanks, brackets or a closing 整/正.
fn plain(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // (NFKC makes an amount no longer: sized once.)
    let mut s = String::with_capacity(raw.len());
    s.extend(
        raw.nfkc()
            .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '[' | ']' | '【' | '】')),
    );
    match s.strip_suffix('整').or_else(|| s.strip_suffix('正')) {
        Some(t) => t.to_string(),
        None => s,
    }
}

/// The one currency of a prefix and a suffix; two different ones are an
/// error.
fn one_currency(
    before: Option<&'static str>,
    after: Option<&'static str>,
) -> Result<&'static str, MoneyError> {
    match (before, after) {
        (Some(a), Some(b)) if a != b => Err(MoneyError::TwoCurrencies),
        (a, b) => Ok(a.or(b).unwrap_or("CNY")),
    }
}

pub fn parse_money(raw: &str) -> Result<Money, MoneyError> {
    let s = plain(raw);
    let (s, before) = match currency(&s) {
        Ok((rest, c)) => (rest, Some(c)),
        Err(_) => (s.as_str(), None),
    };
    if s.starts_with(|c: char| {
        digit_value(c).is_some() || small_unit(c).is_some() || large_unit(c).is_some()
    }) {
        return numeral_money(s, before);
    }
    let (rest, (n, u, yuan)) = (number, opt(unit), opt(alt((tag("元"), tag("圆")))))
        .parse(s)
        .map_err(|_| MoneyError::Form)?;
    let (rest, after) = opt(currency).parse(rest).map_err(|_| MoneyError::Form)?;
    if !rest.is_empty() {
        return Err(MoneyError::Form);
    }
    let currency = one_currency(before, after)?;
    let wan = match (u, yuan.is_some() || before.is_some() || after.is_some()) {
        // A bare number is in 万元, as the filing format says.
        (None, false) => n,
        (None, true) => n / 10_000.0,
        (Some(u), _) => n * u,
    };
    Ok(Money { wan, currency })
}

/// `numeral [元] [N角] [N分] [currency]`, after an optional currency.
fn numeral_money(s: &str, before: Option<&'static str>) -> Result<Money, MoneyError> {
    // (Sized once: `collect` would grow from a quarter of the bytes.)
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    chars.extend(s.chars());
    let end = chars
        .iter()
        .position(|c| {
            digit_value(*c).is_none() && small_unit(*c).is_none() && large_unit(*c).is_none()
        })
        .unwrap_or(chars.len());
    let yuan = read_numeral(&chars[..end])?;
    let mut at = end;
    let has_yuan = matches!(chars.get(at), Some('元' | '圆'));
    if has_yuan {
        at += 1;
    }
    // 角 and 分 after 元 (壹元伍角, 壹元零伍分).
    let mut fen = 0u64;
    if has_yuan {
        let start = at;
        if chars.get(at) == Some(&'零') {
            at += 1;
        }
        for (unit, worth) in [('角', 10u64), ('分', 1)] {
            if let (Some(d), Some(u)) = (chars.get(at), chars.get(at + 1))
                && *u == unit
                && let Some(v) = digit_value(*d).filter(|v| *v > 0)
            {
                fen += v * worth;
                at += 2;
            }
        }
        // A 零 that stands for nothing, or a digit with no 角/分.
        let zero_ok = chars.get(start) != Some(&'零') || fen > 0 && fen < 10;
        if !zero_ok || chars.get(at).is_some_and(|c| digit_value(*c).is_some()) {
            let bad = at.min(chars.len() - 1);
            return Err(MoneyError::Numeral {
                at: bad + 1,
                ch: chars[bad],
                problem: NumeralProblem::Fraction,
            });
        }
    }
    // 整 before the currency (伍拾万元整（人民币）).
    if has_yuan && matches!(chars.get(at), Some('整' | '正')) {
        at += 1;
    }
    let rest: String = chars[at..].iter().collect();
    let (rest, after) = opt(currency).parse(&rest).map_err(|_| MoneyError::Form)?;
    if !rest.is_empty() {
        return Err(MoneyError::Form);
    }
    let currency = one_currency(before, after)?;
    // A numeral is in 元 of its currency: it needs a unit that says so
    // (伍拾 alone could be 50 or, as bare numbers are, 50 万).
    let has_large = chars[..end].iter().any(|c| large_unit(*c).is_some());
    if !has_yuan && !has_large && after.is_none() {
        let last = end.saturating_sub(1);
        return Err(MoneyError::Numeral {
            at: last + 1,
            ch: chars[last],
            problem: NumeralProblem::NoUnit,
        });
    }
    Ok(Money {
        wan: (yuan as f64 + fen as f64 / 100.0) / 10_000.0,
        currency,
    })
}

/// A digit's value: capital (大写) and ordinary forms, simplified and
/// traditional.
fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '壹' | '一' => 1,
        '贰' | '貳' | '二' | '两' | '兩' => 2,
        '叁' | '參' | '三' => 3,
        '肆' | '四' => 4,
        '伍' | '五' => 5,
        '陆' | '陸' | '六' => 6,
        '柒' | '七' => 7,
        '捌' | '八' => 8,
        '玖' | '九' => 9,
        _ => return None,
    })
}

/// 拾, 佰, 仟 (and 十, 百, 千): units inside a group of four digits.
fn small_unit(c: char) -> Option<u64> {
    Some(match c {
        '拾' | '十' => 10,
        '佰' | '百' => 100,
        '仟' | '千' => 1000,
        _ => return None,
    })
}

fn large_unit(c: char) -> Option<u64> {
    Some(match c {
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// Reads a Chinese numeral (`伍拾万`, `壹亿零伍佰万`, `拾万`, `零`) up to
/// 9999亿9999万9999, strictly: units in falling order inside a group, one
/// digit before each unit, 零 only for a skipped place, and no last digit
/// whose place could be read two ways.
pub fn read_numeral(chars: &[char]) -> Result<u64, MoneyError> {
    let err = |i: usize, problem| MoneyError::Numeral {
        at: i + 1,
        ch: chars[i],
        problem,
    };
    if chars == ['零'] || chars == ['〇'] {
        return Ok(0);
    }
    if chars.is_empty() {
        return Err(MoneyError::Form);
    }
    let mut total = 0u64;
    // The last large unit seen (10^8 or 10^4), and the group being read.
    let mut last_large = u64::MAX;
    let mut group = 0u64;
    let mut last_small = 10_000u64; // none yet in this group
    let mut digit: Option<(usize, u64)> = None;
    let mut zero: Option<usize> = None;
    // A 零 that stood for a skipped 万 group (壹亿零壹仟), if one did.
    let mut group_skipped: Option<usize> = None;
    // (Whether the numeral has a group before this one, for a leading 零.)
    let mut before = false;
    for (i, &c) in chars.iter().enumerate() {
        if let Some(v) = digit_value(c) {
            if digit.is_some() {
                return Err(err(i, NumeralProblem::DigitsTogether));
            }
            if v == 0 {
                // 零 stands for skipped places: never twice, never first
                // in the numeral, and only inside or between groups.
                if zero.is_some() || (!before && last_small == 10_000) {
                    return Err(err(i, NumeralProblem::MisplacedZero));
                }
                zero = Some(i);
            } else {
                digit = Some((i, v));
            }
        } else if let Some(u) = small_unit(c) {
            if u >= last_small {
                return Err(err(i, NumeralProblem::UnitOrder));
            }
            let v = match digit.take() {
                Some((_, v)) => v,
                // 拾 alone at the very start is 壹拾 (拾万 = 100 000).
                None if u == 10 && i == 0 => 1,
                None => return Err(err(i, NumeralProblem::UnitWithoutDigit)),
            };
            // A 零 before this digit must stand for a skipped place, or,
            // right after 亿, for the whole 万 group skipped (壹亿零壹仟:
            // then no 万 may close this group).
            if let Some(z) = zero.take() {
                let skipped = if last_small == 10_000 {
                    1000
                } else {
                    last_small / 10
                };
                if u >= skipped {
                    if last_small == 10_000 && last_large == 100_000_000 {
                        group_skipped = Some(z);
                    } else {
                        return Err(err(z, NumeralProblem::MisplacedZero));
                    }
                }
            }
            group += v * u;
            last_small = u;
        } else if let Some(l) = large_unit(c) {
            if l >= last_large {
                return Err(err(i, NumeralProblem::LargeUnitOrder));
            }
            if let Some(z) = group_skipped.take() {
                return Err(err(z, NumeralProblem::MisplacedZero));
            }
            end_group(&mut group, last_small, &mut digit, &mut zero, before, &err)?;
            if group == 0 {
                return Err(err(i, NumeralProblem::UnitWithoutDigit));
            }
            total += group * l;
            group = 0;
            last_small = 10_000;
            last_large = l;
            before = true;
        } else {
            return Err(MoneyError::Form);
        }
    }
    end_group(&mut group, last_small, &mut digit, &mut zero, before, &err)?;
    Ok(total + group)
}

/// Ends a group: its last digit without a unit is its ones, if that place
/// is clear: after 拾, after a 零 that skips a place, or alone.
fn end_group(
    group: &mut u64,
    last_small: u64,
    digit: &mut Option<(usize, u64)>,
    zero: &mut Option<usize>,
    before: bool,
    err: &impl Fn(usize, NumeralProblem) -> MoneyError,
) -> Result<(), MoneyError> {
    match (digit.take(), zero.take()) {
        (Some((i, v)), z) => {
            let clear = match z {
                // 壹佰零伍: the 零 skips 拾.
                Some(_) => last_small >= 100 || (last_small == 10_000 && before),
                None => last_small == 10 || (last_small == 10_000 && !before),
            };
            if !clear {
                return Err(err(i, NumeralProblem::UnclearPlace));
            }
            *group += v;
        }
        (None, Some(z)) => return Err(err(z, NumeralProblem::MisplacedZero)),
        (None, None) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(raw: &str) -> Money {
        parse_money(raw).unwrap_or_else(|e| panic!("{raw}: {}", e.en()))
    }

    #[test]
    fn real_spellings() {
        for (raw, wan, currency) in [
            ("100万香港元", 100.0, "HKD"),
            ("50(万元(人民币))", 50.0, "CNY"),
            ("300万元美元", 300.0, "USD"),
            ("20(万元(港币))", 20.0, "HKD"),
            ("20（万元（港币））", 20.0, "HKD"),
            ("５０万元", 50.0, "CNY"),
            ("80万港币", 80.0, "HKD"),
            ("10万欧元", 10.0, "EUR"),
            ("1000万日元", 1000.0, "JPY"),
            ("500万新台币", 500.0, "TWD"),
            ("50(万美元)", 50.0, "USD"),
            ("100万元整", 100.0, "CNY"),
            ("3000 万元 人民币", 3000.0, "CNY"),
            ("1000万人民币元", 1000.0, "CNY"),
            ("40万德国马克", 40.0, "DEM"),
            ("520万澳大利亚元", 520.0, "AUD"),
            ("2897.5万加拿大元", 2897.5, "CAD"),
            ("3350万丹麦克郎", 3350.0, "DKK"),
            ("100万澳门元", 100.0, "MOP"),
            ("100万澳元", 100.0, "AUD"),
            ("100万英镑", 100.0, "GBP"),
            ("100万元港元", 100.0, "HKD"),
            ("人民币1000万元", 1000.0, "CNY"),
            ("美元500万元", 500.0, "USD"),
        ] {
            assert_eq!(ok(raw), Money { wan, currency }, "{raw}");
        }
    }

    #[test]
    fn capital_numerals() {
        for (raw, wan, currency) in [
            ("伍拾万元整", 50.0, "CNY"),
            ("壹仟万元人民币", 1000.0, "CNY"),
            ("贰佰伍拾万美元", 250.0, "USD"),
            ("叁亿元", 30_000.0, "CNY"),
            ("人民币伍拾万元整", 50.0, "CNY"),
            ("人民币壹佰万元正", 100.0, "CNY"),
            ("拾万元", 10.0, "CNY"),
            ("壹拾万元", 10.0, "CNY"),
            ("壹万零伍佰元", 1.05, "CNY"),
            ("壹亿零伍佰万元", 10_500.0, "CNY"),
            ("壹仟零伍万元", 1005.0, "CNY"),
            ("贰仟零壹拾万港元", 2010.0, "HKD"),
            ("〇元", 0.0, "CNY"),
            ("伍拾万圆整", 50.0, "CNY"),
            ("五十万元", 50.0, "CNY"),
            ("两百万元", 200.0, "CNY"),
            ("壹佰万澳门元", 100.0, "MOP"),
            ("伍佰万日元", 500.0, "JPY"),
            ("壹佰万新台币", 100.0, "TWD"),
            ("伍佰万欧元", 500.0, "EUR"),
            ("壹元伍角", 0.000_15, "CNY"),
            ("壹亿零壹仟元", 10_000.1, "CNY"),
            ("伍拾万元整（人民币）", 50.0, "CNY"),
            ("（人民币）伍拾万元整", 50.0, "CNY"),
        ] {
            let m = ok(raw);
            assert!((m.wan - wan).abs() < 1e-9, "{raw}: {}", m.wan);
            assert_eq!(m.currency, currency, "{raw}");
        }
    }

    #[test]
    fn malformed_numerals_say_where() {
        for (raw, at, problem) in [
            ("壹拾拾万元", 3, NumeralProblem::UnitOrder),
            ("壹万万元", 3, NumeralProblem::LargeUnitOrder),
            ("万万元", 1, NumeralProblem::UnitWithoutDigit),
            ("壹万贰亿元", 4, NumeralProblem::LargeUnitOrder),
            ("伍伍万元", 2, NumeralProblem::DigitsTogether),
            ("壹佰伍元", 3, NumeralProblem::UnclearPlace),
            ("壹万伍元", 3, NumeralProblem::UnclearPlace),
            ("壹佰零元", 3, NumeralProblem::MisplacedZero),
            ("壹佰零零伍元", 4, NumeralProblem::MisplacedZero),
            ("壹佰零伍拾元", 3, NumeralProblem::MisplacedZero),
            ("壹万零壹仟元", 3, NumeralProblem::MisplacedZero),
            ("壹亿零壹仟万元", 3, NumeralProblem::MisplacedZero),
            ("零伍万元", 1, NumeralProblem::MisplacedZero),
            ("佰万元", 1, NumeralProblem::UnitWithoutDigit),
            ("伍拾", 2, NumeralProblem::NoUnit),
            ("壹拾佰元", 3, NumeralProblem::UnitOrder),
        ] {
            match parse_money(raw) {
                Err(MoneyError::Numeral {
                    at: a, problem: p, ..
                }) => {
                    assert_eq!((a, p), (at, problem), "{raw}")
                }
                other => panic!("{raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn other_rejects() {
        assert!(parse_money("万元").is_err());
        for raw in ["很多钱", "1.2.3万元", "伍拾万元很多", "", "人民币", "元"] {
            assert_eq!(parse_money(raw).err(), Some(MoneyError::Form), "{raw}");
        }
        assert_eq!(
            parse_money("100万元人民币元美元").err(),
            Some(MoneyError::Form)
        );
        assert_eq!(
            parse_money("人民币100万美元").err(),
            Some(MoneyError::TwoCurrencies)
        );
        assert!(parse_money("壹元伍角伍").is_err());
        assert!(parse_money("壹元零元").is_err());
        // Every message names the place and is Chinese first.
        let e = parse_money("壹拾拾万元").unwrap_err();
        assert!(e.en().contains("character 3 `拾`"), "{}", e.en());
        assert!(e.en().contains("character 3"), "{}", e.en());
    }

    #[test]
    fn forms() {
        assert_eq!(
            ok("1000万元人民币"),
            Money {
                wan: 1000.0,
                currency: "CNY"
            }
        );
        assert_eq!(
            ok("1000万元"),
            Money {
                wan: 1000.0,
                currency: "CNY"
            }
        );
        assert_eq!(
            ok("500万美元"),
            Money {
                wan: 500.0,
                currency: "USD"
            }
        );
        assert_eq!(ok("1,000.5万元").wan, 1000.5);
        assert_eq!(ok("2亿元").wan, 20_000.0);
        assert_eq!(ok("50000元").wan, 5.0);
        assert_eq!(ok("300").wan, 300.0);
    }

    /// A number as a licence writes it in capital numerals (the standard
    /// form: 零 for each run of skipped places, 壹拾 written out).
    fn capital(n: u64) -> String {
        const D: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
        const U: [&str; 4] = ["仟", "佰", "拾", ""];
        if n == 0 {
            return "零".into();
        }
        let groups = [
            (n / 100_000_000, "亿"),
            (n / 10_000 % 10_000, "万"),
            (n % 10_000, ""),
        ];
        let mut out = String::new();
        let mut pending_zero = false;
        for (g, unit) in groups {
            if g == 0 {
                pending_zero = !out.is_empty();
                continue;
            }
            let digits = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
            for (k, d) in digits.into_iter().enumerate() {
                if d == 0 {
                    pending_zero = !out.is_empty();
                    continue;
                }
                if pending_zero {
                    out.push('零');
                    pending_zero = false;
                }
                out.push(D[d as usize]);
                out.push_str(U[k]);
            }
            out.push_str(unit);
            // (A group ending in zeros leaves the next one's 零 to the
            // digits it skips: 壹万零伍佰.)
            pending_zero = false;
        }
        out
    }

    #[test]
    fn capital_writer_is_standard() {
        assert_eq!(capital(500_000), "伍拾万");
        assert_eq!(capital(10_500), "壹万零伍佰");
        assert_eq!(capital(100_000_000), "壹亿");
        assert_eq!(capital(105_000_000), "壹亿零伍佰万");
        assert_eq!(capital(20_100_000), "贰仟零壹拾万");
        assert_eq!(capital(1_000_001), "壹佰万零壹");
        assert_eq!(capital(671_100_001_000), "陆仟柒佰壹拾壹亿零壹仟");
    }

    proptest! {
        /// Every amount written in capital numerals reads back as itself.
        #[test]
        fn capital_numerals_round_trip(n in 0u64..1_000_000_000_000, cur in 0usize..CURRENCIES.len()) {
            let (code, names) = CURRENCIES[cur];
            let text = format!("{}元{}整", capital(n), names[0]);
            let m = parse_money(&text).map_err(|e| TestCaseError::fail(format!("{text}: {}", e.en())))?;
            prop_assert_eq!(m.currency, code);
            prop_assert!((m.wan * 10_000.0 - n as f64).abs() < 0.5, "{} read as {}", text, m.wan);
        }

        /// A numeral with a unit doubled (壹拾拾万, 万万) is never read.
        #[test]
        fn doubled_units_are_rejected(n in 1u64..1_000_000_000_000, at in 0usize..64) {
            let text = capital(n);
            let chars: Vec<char> = text.chars().collect();
            let units: Vec<usize> = (0..chars.len())
                .filter(|&i| small_unit(chars[i]).is_some() || large_unit(chars[i]).is_some())
                .collect();
            prop_assume!(!units.is_empty());
            let i = units[at % units.len()];
            let mut doubled = chars.clone();
            doubled.insert(i, chars[i]);
            let doubled: String = doubled.into_iter().collect();
            prop_assert!(parse_money(&format!("{doubled}元")).is_err(), "{} was read", doubled);
        }

        /// Arbitrary text never panics, and what reads is not negative.
        #[test]
        fn any_text_is_read_or_refused(s in "[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整人民币美0-9.]{0,12}") {
            if let Ok(m) = parse_money(&s) {
                prop_assert!(m.wan >= 0.0 && m.wan.is_finite());
            }
        }
    }
}
