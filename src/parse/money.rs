//! Registered capital: `1000万元人民币`, `1000万元`, `500万美元`, `1,000.5万元`,
//! `2亿元`, `50000元`, or a bare number meaning 万元 — and the spellings real
//! registers hold: brackets around the unit (`50(万元(人民币))`,
//! `20(万元(港币))`), full-width digits and brackets, `100万香港元`,
//! `300万元美元` (元 then the currency), 万新台币, 万欧元, 万日元, …

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, take_while1},
    combinator::{all_consuming, opt},
};

#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// Amount in 万 (ten thousands) of `currency`.
    pub wan: f64,
    /// ISO-like currency code: CNY, USD, HKD, EUR, JPY, GBP.
    pub currency: &'static str,
}

fn number(i: &str) -> IResult<&str, f64> {
    let (rest, digits) =
        take_while1(|c: char| c.is_ascii_digit() || c == '.' || c == ',').parse(i)?;
    match digits.replace(',', "").parse::<f64>() {
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

/// A named currency (not the bare 元, which is the unit of any of them).
fn currency(i: &str) -> IResult<&str, &'static str> {
    let (rest, c) = alt((
        nom::combinator::value("CNY", tag("人民币")),
        nom::combinator::value("USD", alt((tag("美元"), tag("美金")))),
        nom::combinator::value("HKD", alt((tag("港元"), tag("港币"), tag("香港元")))),
        nom::combinator::value("TWD", alt((tag("新台币"), tag("台币")))),
        nom::combinator::value("EUR", tag("欧元")),
        nom::combinator::value("JPY", tag("日元")),
        nom::combinator::value("GBP", tag("英镑")),
        nom::combinator::value("SGD", tag("新加坡元")),
        nom::combinator::value("AUD", tag("澳元")),
        nom::combinator::value("CAD", tag("加元")),
        nom::combinator::value("CHF", tag("瑞士法郎")),
        nom::combinator::value("KRW", tag("韩元")),
        // Currencies of registrations made before the euro.
        nom::combinator::value("DEM", tag("德国马克")),
        nom::combinator::value("FRF", tag("法国法郎")),
    ))
    .parse(i)?;
    // (人民币元, 新台币元: the unit after the name.)
    let (rest, _) = opt(tag("元")).parse(rest)?;
    Ok((rest, c))
}

/// The amount as the parser reads it: NFKC (full-width digits and
/// brackets), without blanks, brackets or a closing 整.
fn plain(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let s: String = raw
        .nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '[' | ']' | '【' | '】'))
        .collect();
    match s.strip_suffix('整') {
        Some(t) => t.to_string(),
        None => s,
    }
}

pub fn parse_money(raw: &str) -> Option<Money> {
    let s = plain(raw);
    let (_, (n, u, yuan, c)) = all_consuming((number, opt(unit), opt(tag("元")), opt(currency)))
        .parse(&s)
        .ok()?;
    let wan = match (u, yuan.is_some() || c.is_some()) {
        // A bare number is in 万元, as the filing format says.
        (None, false) => n,
        (None, true) => n / 10_000.0,
        (Some(u), _) => n * u,
    };
    Some(Money {
        wan,
        currency: c.unwrap_or("CNY"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            assert_eq!(parse_money(raw), Some(Money { wan, currency }), "{raw}");
        }
    }

    #[test]
    fn forms() {
        assert_eq!(
            parse_money("1000万元人民币"),
            Some(Money {
                wan: 1000.0,
                currency: "CNY"
            })
        );
        assert_eq!(
            parse_money("1000万元"),
            Some(Money {
                wan: 1000.0,
                currency: "CNY"
            })
        );
        assert_eq!(
            parse_money("500万美元"),
            Some(Money {
                wan: 500.0,
                currency: "USD"
            })
        );
        assert_eq!(parse_money("1,000.5万元").unwrap().wan, 1000.5);
        assert_eq!(parse_money("2亿元").unwrap().wan, 20_000.0);
        assert_eq!(parse_money("50000元").unwrap().wan, 5.0);
        assert_eq!(parse_money("300").unwrap().wan, 300.0);
        assert_eq!(parse_money("很多钱"), None);
        assert_eq!(parse_money("万元"), None);
        assert_eq!(parse_money("100万元人民币元美元"), None);
        assert_eq!(parse_money("1.2.3万元"), None);
    }
}
