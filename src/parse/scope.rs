//! The business-scope (经营范围) string as registration systems store it:
//! `一般项目：…；…。（boilerplate）许可项目：…。（boilerplate）`, or the older
//! single-section form. Items are split on `；;、，,。` outside parentheses;
//! section headers mark which items are declared as licensed; the standard
//! parenthesised clauses are recognised as boilerplate, not items.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::tag,
    character::complete::{anychar, one_of},
    combinator::{consumed, map, recognize, value},
};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// No section header seen (old style, or a list item).
    Unsectioned,
    /// 一般项目
    General,
    /// 许可项目
    Licensed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeItem {
    /// Byte range of the item in the scope value, trimmed of blanks.
    pub range: Range<usize>,
    pub section: Section,
}

/// Phrases that only occur in the standard clauses registration systems
/// append to a scope; a parenthesised group that contains one of them is boilerplate.
const BOILERPLATE_MARKERS: &[&str] = &[
    "依法须经批准",
    "凭营业执照",
    "依法自主开展经营活动",
    "企业依法自主选择经营项目",
    "不得从事国家和本市产业政策禁止和限制类项目",
    "不得从事本市产业政策禁止和限制类项目",
    "具体经营项目以",
];

const SEPARATORS: &str = "；;、，,。";

#[derive(Debug, Clone)]
enum Tok {
    Header(Section),
    Paren,
    Sep,
    Text,
}

fn header(i: &str) -> IResult<&str, Section> {
    let colon = || alt((tag("："), tag(":")));
    alt((
        value(
            Section::General,
            (alt((tag("一般经营项目"), tag("一般项目"))), colon()),
        ),
        value(
            Section::Licensed,
            (alt((tag("许可经营项目"), tag("许可项目"))), colon()),
        ),
    ))
    .parse(i)
}

fn is_separator(c: char) -> bool {
    matches!(c, '；' | ';' | '、' | '，' | ',' | '。')
}

fn is_open(c: char) -> bool {
    c == '（' || c == '('
}
fn is_close(c: char) -> bool {
    c == '）' || c == ')'
}

/// A balanced parenthesised group, full- or half-width, nested; an
/// unbalanced one runs to the end of the string.
fn paren_group(i: &str) -> IResult<&str, &str> {
    let (_, first) = anychar(i)?;
    if !is_open(first) {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Char,
        )));
    }
    let mut depth = 0usize;
    for (at, c) in i.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
            if depth == 0 {
                let end = at + c.len_utf8();
                return Ok((&i[end..], &i[..end]));
            }
        }
    }
    Ok(("", i))
}

/// A run of item text: up to a separator, an opening parenthesis or a
/// section header.
fn text_run(i: &str) -> IResult<&str, &str> {
    let mut end = 0;
    for (at, c) in i.char_indices() {
        // (Headers start with 一 or 许: only try one there.)
        if is_separator(c)
            || is_open(c)
            || (at > 0 && matches!(c, '一' | '许') && header(&i[at..]).is_ok())
        {
            break;
        }
        end = at + c.len_utf8();
    }
    if end == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::TakeTill1,
        )));
    }
    Ok((&i[end..], &i[..end]))
}

fn token(i: &str) -> IResult<&str, (Tok, &str)> {
    alt((
        map(consumed(header), |(r, s)| (Tok::Header(s), r)),
        map(paren_group, |r| (Tok::Paren, r)),
        map(recognize(one_of(SEPARATORS)), |r| (Tok::Sep, r)),
        map(text_run, |r| (Tok::Text, r)),
        // A stray closing parenthesis: keep it as item text.
        map(recognize(anychar), |r| (Tok::Text, r)),
    ))
    .parse(i)
}

/// Splits a scope value into items. Items before any section header are
/// `Unsectioned`.
pub fn parse_scope(value: &str) -> Vec<ScopeItem> {
    let mut items = Vec::new();
    let mut section = Section::Unsectioned;
    let mut current: Option<Range<usize>> = None;
    let mut rest = value;
    let flush = |current: &mut Option<Range<usize>>, items: &mut Vec<ScopeItem>, section| {
        if let Some(r) = current.take()
            && let Some(r) = trim(value, r)
        {
            items.push(ScopeItem { range: r, section });
        }
    };
    while !rest.is_empty() {
        let at = value.len() - rest.len();
        let Ok((next, (tok, text))) = token(rest) else {
            break; // unreachable: the last alternative takes any char
        };
        let r = at..at + text.len();
        match tok {
            Tok::Header(s) => {
                flush(&mut current, &mut items, section);
                section = s;
            }
            Tok::Sep => flush(&mut current, &mut items, section),
            Tok::Paren => {
                // The markers are phrases only the standard clauses use, so a
                // group holding one is boilerplate wherever it stands (old
                // scopes append it to the last item without a full stop).
                if BOILERPLATE_MARKERS.iter().any(|m| text.contains(m)) {
                    flush(&mut current, &mut items, section);
                } else {
                    current = Some(current.map_or(r.clone(), |c| c.start..r.end));
                }
            }
            Tok::Text => current = Some(current.map_or(r.clone(), |c| c.start..r.end)),
        }
        rest = next;
    }
    flush(&mut current, &mut items, section);
    items
}

fn trim(value: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &value[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if t.is_empty() {
        None
    } else {
        Some(r.start + lead..r.start + lead + t.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(v: &str) -> Vec<(&str, Section)> {
        parse_scope(v)
            .into_iter()
            .map(|i| (&v[i.range], i.section))
            .collect()
    }

    #[test]
    fn registration_format() {
        let v = "一般项目：技术服务、技术开发；化工产品销售（不含许可类化工产品）。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）许可项目：第一类增值电信业务。（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）（不得从事国家和本市产业政策禁止和限制类项目的经营活动。）";
        assert_eq!(
            items(v),
            vec![
                ("技术服务", Section::General),
                ("技术开发", Section::General),
                ("化工产品销售（不含许可类化工产品）", Section::General),
                ("第一类增值电信业务", Section::Licensed),
            ]
        );
    }

    #[test]
    fn old_style_and_missing_full_stop() {
        let v =
            "技术开发；计算机软硬件销售（依法须经批准的项目，经相关部门批准后方可开展经营活动）";
        assert_eq!(
            items(v).iter().map(|x| x.0).collect::<Vec<_>>(),
            vec!["技术开发", "计算机软硬件销售"]
        );
        let v = "一般项目：软件开发许可项目：基础电信业务";
        assert_eq!(
            items(v),
            vec![
                ("软件开发", Section::General),
                ("基础电信业务", Section::Licensed)
            ]
        );
    }

    #[test]
    fn separators_inside_parentheses_do_not_split() {
        let v = "外汇(汇兑、结售汇)；虚拟货币挖矿";
        assert_eq!(
            items(v).iter().map(|x| x.0).collect::<Vec<_>>(),
            vec!["外汇(汇兑、结售汇)", "虚拟货币挖矿"]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for v in [
            "",
            "（",
            "）",
            "；；",
            "一般项目：",
            "(((",
            "a)b(c",
            "许可项目:x",
        ] {
            let _ = parse_scope(v);
        }
    }
}
