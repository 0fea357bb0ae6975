//! Registered capital: `1000万元人民币`, `1000万元`, `500万美元`, `1,000.5万元`,
//! `2亿元`, `50000元`, or a bare number meaning 万元.

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

fn currency(i: &str) -> IResult<&str, &'static str> {
    alt((
        nom::combinator::value(
            "CNY",
            alt((tag("元人民币"), tag("人民币元"), tag("人民币"), tag("元"))),
        ),
        nom::combinator::value("USD", alt((tag("美元"), tag("美金")))),
        nom::combinator::value("HKD", alt((tag("港元"), tag("港币")))),
        nom::combinator::value("EUR", tag("欧元")),
        nom::combinator::value("JPY", tag("日元")),
        nom::combinator::value("GBP", tag("英镑")),
    ))
    .parse(i)
}

pub fn parse_money(raw: &str) -> Option<Money> {
    let s = raw.trim();
    let (_, (n, u, c)) = all_consuming((number, opt(unit), opt(currency)))
        .parse(s)
        .ok()?;
    let wan = match (u, c) {
        // A bare number is in 万元, as the filing format says.
        (None, None) => n,
        (None, Some(_)) => n / 10_000.0,
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
        assert_eq!(parse_money("1.2.3万元"), None);
    }
}
