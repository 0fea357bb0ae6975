//! The unified social credit code (统一社会信用代码), GB 32100-2015:
//! 18 characters from a 31-character set (no I, O, S, V, Z); characters 3–8
//! are the registering authority's GB/T 2260 region code; the 18th is a
//! check character, C18 = (−Σ Ci·Wi) mod 31 with Wi = 3^(i−1) mod 31.

use nom::{
    IResult, Parser,
    bytes::complete::take_while_m_n,
    character::complete::satisfy,
    combinator::{all_consuming, recognize},
    multi::count,
};

pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccProblem {
    /// Not 18 characters long.
    Length(usize),
    /// A character outside the 31-character set, at this 0-based char index.
    Character { index: usize, ch: char },
    /// Characters 3–8 are not six digits.
    Region,
    /// The 18th character is not the computed check character.
    CheckDigit { expected: char, found: char },
    /// Lower-case letters (the first at this 0-based char index): the
    /// standard's character set is upper case only, so the code is
    /// malformed, but the fix is plain. `upper` is the code in upper case,
    /// `upper_valid` whether that passes every check.
    Lowercase {
        index: usize,
        ch: char,
        upper: String,
        upper_valid: bool,
    },
}

impl UsccProblem {
    /// The problem in Chinese, for rule messages (which are Chinese).
    pub fn zh(&self) -> String {
        match self {
            UsccProblem::Length(n) => format!("有{n}个字符，应为18个"),
            UsccProblem::Character { index, ch } => {
                let hint = match ch {
                    'O' => "（不使用字母O，是否应为数字0？）",
                    'I' => "（不使用字母I，是否应为数字1？）",
                    'S' | 'V' | 'Z' => "（不使用S、V、Z）",
                    _ => "",
                };
                format!("第{}个字符“{ch}”不在代码字符集内{hint}", index + 1)
            }
            UsccProblem::Region => "第3–8位应为六位数字的行政区划码".into(),
            UsccProblem::CheckDigit { expected, found } => {
                format!("校验码为“{found}”，按前17位计算应为“{expected}”")
            }
            // (The fix in the message too: one-line formats show no help.)
            UsccProblem::Lowercase { index, ch, .. } => format!(
                "第{}个字符“{ch}”是小写字母，应为大写“{}”",
                index + 1,
                ch.to_ascii_uppercase()
            ),
        }
    }

    /// How to fix the code, when it is plain: the code in upper case. In
    /// English like the loader's messages; the reports show it in Chinese
    /// through `filing::texts`.
    pub fn hint(&self) -> Option<String> {
        match self {
            UsccProblem::Lowercase {
                upper, upper_valid, ..
            } => Some(if *upper_valid {
                format!("write the USCC in capital letters: {upper}")
            } else {
                format!(
                    "write the USCC in capital letters: {upper} (in capitals it is still no valid code: check the original)"
                )
            }),
            _ => None,
        }
    }
}

impl std::fmt::Display for UsccProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UsccProblem::Length(n) => write!(f, "has {n} characters; a USCC has 18"),
            UsccProblem::Character { index, ch } => {
                let hint = match ch {
                    'O' => " (the letter O is not used; did you mean the digit 0?)",
                    'I' => " (the letter I is not used; did you mean the digit 1?)",
                    'S' | 'V' | 'Z' => " (S, V and Z are not used)",
                    _ => "",
                };
                write!(
                    f,
                    "character {} `{ch}` is not in the USCC character set{hint}",
                    index + 1
                )
            }
            UsccProblem::Region => write!(f, "characters 3–8 must be a six-digit region code"),
            UsccProblem::CheckDigit { expected, found } => write!(
                f,
                "check character is `{found}`, but the first 17 characters give `{expected}`"
            ),
            UsccProblem::Lowercase { index, ch, .. } => write!(
                f,
                "character {} `{ch}` is a lower-case letter; a USCC uses capital letters",
                index + 1
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uscc {
    /// Characters 1–2: registering department and kind of body (`91`
    /// enterprise, `92` sole trader, `93` cooperative, `53` foundation, …),
    /// when both are in the code's character set.
    pub kind: Option<String>,
    /// The region code (characters 3–8), when they are six digits.
    pub region: Option<String>,
    pub problem: Option<UsccProblem>,
}

/// Each ASCII character's value in CHARSET, or 255 if it is not in it: a
/// table lookup, as this runs for every character of every USCC.
static VALUES: [u8; 128] = {
    let mut t = [255u8; 128];
    let set = CHARSET.as_bytes();
    let mut i = 0;
    while i < set.len() {
        t[set[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn value_of(c: char) -> Option<u32> {
    match VALUES.get(c as usize) {
        Some(&v) if v != 255 => Some(u32::from(v)),
        _ => None,
    }
}

/// The check character for the first 17 characters (all in the set).
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value_of(c)? * w;
    }
    let v = (31 - sum % 31) % 31;
    CHARSET.chars().nth(v as usize)
}

fn code_char(i: &str) -> IResult<&str, char> {
    satisfy(|c| value_of(c).is_some()).parse(i)
}

/// `[set]{2} digit{6} [set]{10}`.
fn shape(i: &str) -> IResult<&str, &str> {
    all_consuming(recognize((
        count(code_char, 2),
        take_while_m_n(6, 6, |c: char| c.is_ascii_digit()),
        count(code_char, 10),
    )))
    .parse(i)
}

/// Parses a code as written (surrounding blanks ignored; upper case required,
/// as the standard defines it).
pub fn parse_uscc(raw: &str) -> Uscc {
    let code = raw.trim();
    let n = code.chars().count();
    let region = code
        .get(2..8)
        .filter(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string);
    let kind = code
        .get(..2)
        .filter(|k| k.chars().all(|c| value_of(c).is_some()))
        .map(str::to_string);
    let problem = if n != 18 {
        Some(UsccProblem::Length(n))
    } else if let Some((index, ch)) = code
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_ascii_lowercase())
    {
        // Still an error (GB 32100-2015's set has capital letters only),
        // with the fix in the hint.
        let upper = code.to_ascii_uppercase();
        let upper_valid = parse_uscc(&upper).problem.is_none();
        Some(UsccProblem::Lowercase {
            index,
            ch,
            upper,
            upper_valid,
        })
    } else if let Some((index, ch)) = code
        .chars()
        .enumerate()
        .find(|(_, c)| value_of(*c).is_none())
    {
        Some(UsccProblem::Character { index, ch })
    } else if shape(code).is_err() {
        Some(UsccProblem::Region)
    } else {
        let expected = check_char(&code[..17]).expect("all in set");
        let found = code[17..].chars().next().expect("18 chars");
        (expected != found).then_some(UsccProblem::CheckDigit { expected, found })
    };
    Uscc {
        kind,
        region,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_good_codes() {
        for c in [
            "91310110666007217T",
            "914403001922038216",
            "91440300708461136T",
            "91110000802100433B",
            "91370829MA94AUJX45",
            "911101087415895969",
            "91110108330373248B",
            "91440300MA50000050",
            "91440300MA5000024Y",
        ] {
            assert_eq!(parse_uscc(c).problem, None, "{c}");
        }
        assert_eq!(
            parse_uscc("91370829MA94AUJX45").region.as_deref(),
            Some("370829")
        );
    }

    #[test]
    fn known_bad_codes() {
        assert_eq!(
            parse_uscc("914403001922038217").problem,
            Some(UsccProblem::CheckDigit {
                expected: '6',
                found: '7'
            })
        );
        assert_eq!(
            parse_uscc("91110108717809965C").problem,
            Some(UsccProblem::CheckDigit {
                expected: 'J',
                found: 'C'
            })
        );
        assert_eq!(
            parse_uscc("9144030019220382").problem,
            Some(UsccProblem::Length(16))
        );
        assert!(matches!(
            parse_uscc("91440300192203821O").problem,
            Some(UsccProblem::Character { index: 17, ch: 'O' })
        ));
        assert_eq!(
            parse_uscc("9144AB0019220382160").problem,
            Some(UsccProblem::Length(19))
        );
        assert_eq!(
            parse_uscc("9144AB001922038216").problem,
            Some(UsccProblem::Region)
        );
    }

    #[test]
    fn lower_case_is_an_error_with_the_fix() {
        let p = parse_uscc("9144030019220382x6").problem.unwrap();
        assert_eq!(p.zh(), "第17个字符“x”是小写字母，应为大写“X”");
        // (A lowercase check character, the common case in real registers.)
        let p = parse_uscc("91110000802100433b").problem.unwrap();
        assert!(matches!(
            p,
            UsccProblem::Lowercase {
                index: 17,
                ch: 'b',
                upper_valid: true,
                ..
            }
        ));
        assert_eq!(
            p.hint().as_deref(),
            Some("write the USCC in capital letters: 91110000802100433B")
        );
        // Upper case would not help: the hint says so.
        let p = parse_uscc("91110000802100433c").problem.unwrap();
        assert!(p.hint().unwrap().contains("still no valid code"));
        // Other problems have no hint; a wrong length is reported first.
        assert_eq!(
            parse_uscc("914403001922038217").problem.unwrap().hint(),
            None
        );
        assert_eq!(
            parse_uscc("9144030019220382x").problem,
            Some(UsccProblem::Length(17))
        );
    }
}
