//! The business-scope (经营范围) string as registration systems store it:
//! `一般项目：…；…。（boilerplate）许可项目：…。（boilerplate）`, or the older
//! single-section form. Items are split on `；;、，,。` outside parentheses;
//! section headers mark which items are declared as licensed; the standard
//! parenthesised clauses are recognised as boilerplate, not items. An
//! unclosed bracket ends at the next item separator (`；;。`) or section
//! header, so one typo (or one planted `（`) cannot fold the rest of the
//! scope into a parenthesis; it is reported for the filer to fix.

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
    /// Parenthesised conditions inside the item (`（须在中国证券投资基金业协会
    /// 完成登记备案后方可从事经营活动）`, `（凭许可证经营）`): they name a
    /// register, a body or a condition, not a business line, so no term in
    /// them counts.
    pub conditions: Vec<Range<usize>>,
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

/// Whether a parenthesised group is one of the standard clauses. Every
/// marker starts with one of a few characters, so most groups are ruled
/// out by one pass over their characters.
fn is_boilerplate(group: &str) -> bool {
    group
        .chars()
        .any(|c| matches!(c, '依' | '凭' | '企' | '不' | '具'))
        && finders().iter().any(|f| f.find(group.as_bytes()).is_some())
}

/// A bracketed group as a reader sees it, if that differs from its text:
/// character references decoded, invisible characters and punctuation
/// dropped (the matcher's classes). The standard clauses and conditions
/// are recognised on it too (`parse_scope`), so a zero-width space or a
/// `&#x51C6;` inside `为准` does not turn a condition into a business line.
fn seen_as(group: &str) -> Option<String> {
    use crate::engine::normalize::{Class, class_of};
    let inner = group
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let plain = |c: char| c != '&' && matches!(class_of(c), Class::Word | Class::Boundary);
    if inner.chars().all(plain) {
        return None;
    }
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    while let Some(c) = inner[i..].chars().next() {
        let (c, len) = match c {
            '&' => super::charref::char_reference(&inner[i..]).unwrap_or(('&', 1)),
            c => (c, c.len_utf8()),
        };
        if matches!(class_of(c), Class::Word | Class::Boundary) {
            out.push(c);
        }
        i += len;
    }
    Some(out)
}

/// One substring searcher a marker, built once: every bracketed group of
/// every scope is searched for them.
fn finders() -> &'static [memchr::memmem::Finder<'static>] {
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            BOILERPLATE_MARKERS
                .iter()
                .map(|m| memchr::memmem::Finder::new(m.as_bytes()))
                .collect()
        });
    &FINDERS
}

/// Whether a parenthesised group states a condition of the item (what must
/// be done or held first) rather than part of the business: it opens with
/// 须/需/凭/应/经…/取得/持, or says …后方可… / …为准.
fn is_condition(group: &str) -> bool {
    let inner = group
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
        .trim();
    ["须", "需", "凭", "应", "经", "取得", "持有", "持"]
        .iter()
        .any(|p| inner.starts_with(p))
        || inner.contains("后方可")
        || inner.ends_with("为准")
}

/// The text a negation at `at` governs, in `value`: a prefix negation
/// (不含, 不得从事, 严禁 …) governs what follows it, across a 、，和及 list,
/// to the end of its clause (`；;。`, a section header) or of the bracket it
/// stands in; a postfix one (…除外) governs what precedes it, from the
/// start of its clause or bracket. This is the structure; which words
/// negate is the rules' vocabulary (the `negations` term set).
pub fn governed_range(value: &str, at: Range<usize>) -> Range<usize> {
    // (…除外 is the one negation that follows what it governs; matched on
    // the skeleton, its raw text may hold separators or references, 除〇外,
    // 除&#x5916;, but its last character reads 外.)
    let word = &value[at.clone()];
    let last = match word.rfind("&") {
        Some(i) if word.ends_with(';') => {
            super::charref::char_reference(&word[i..]).map(|(c, _)| c)
        }
        _ => word.chars().next_back(),
    };
    if last == Some('外') {
        let mut depth = 0usize;
        let mut start = 0;
        for (i, c) in value[..at.start].char_indices().rev() {
            if is_close(c) {
                depth += 1;
            } else if is_open(c) {
                if depth == 0 {
                    start = i + c.len_utf8();
                    break;
                }
                depth -= 1;
            } else if depth == 0 && ends_clause(value, i, c) {
                start = i + c.len_utf8();
                break;
            }
        }
        return start..at.end;
    }
    let mut depth = 0usize;
    for (i, c) in value[at.end..].char_indices() {
        let i = at.end + i;
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            if depth == 0 {
                return at.start..i;
            }
            depth -= 1;
        } else if depth == 0 && ends_clause(value, i, c) {
            return at.start..i;
        }
    }
    at.start..value.len()
}

/// A section header at the start of `s`: its section and length in bytes.
fn header(s: &str) -> Option<(Section, usize)> {
    const HEADERS: [(&str, Section); 4] = [
        ("一般经营项目", Section::General),
        ("一般项目", Section::General),
        ("许可经营项目", Section::Licensed),
        ("许可项目", Section::Licensed),
    ];
    HEADERS.iter().find_map(|(h, section)| {
        let rest = s.strip_prefix(h)?;
        let colon = ["：", ":"].iter().find(|c| rest.starts_with(**c))?;
        Some((*section, h.len() + colon.len()))
    })
}

fn is_separator(c: char) -> bool {
    matches!(c, '；' | ';' | '、' | '，' | ',' | '。')
}

/// Whether `before` ends with the body of an HTML character reference
/// (`&#x865A`, `&#34394`, `&nbsp`): the `;` after it closes the reference
/// (which the matcher decodes), it does not separate items.
fn ends_char_reference(before: &str) -> bool {
    let b = before.as_bytes();
    let body = b
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if body == 0 || body > 9 {
        return false;
    }
    let head = &b[..b.len() - body];
    head.ends_with(b"&#") || head.ends_with(b"&")
}

fn is_open(c: char) -> bool {
    c == '（' || c == '('
}
fn is_close(c: char) -> bool {
    c == '）' || c == ')'
}

/// Whether `c`, at byte `i` of `s`, ends a clause: `；` `。`, a `;` that
/// does not close a character reference, or the start of a section header.
fn ends_clause(s: &str, i: usize, c: char) -> bool {
    matches!(c, '；' | '。')
        || (c == ';' && !ends_char_reference(&s[..i]))
        || (matches!(c, '一' | '许') && header(&s[i..]).is_some())
}

/// Length of the parenthesised group (full- or half-width, nested) at the
/// start of `s`, and whether it is closed. An unclosed group ends before
/// the first item separator (`；;。`) or section header met outside any
/// inner group, else at the end.
fn paren_len(s: &str) -> (usize, bool) {
    let mut depth = 0usize;
    let mut cut = None;
    for (at, c) in s.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return (at + c.len_utf8(), true);
            }
        } else if depth == 1 && cut.is_none() && ends_clause(s, at, c) {
            cut = Some(at);
        }
    }
    (cut.unwrap_or(s.len()), false)
}

/// Length of the run of item text at the start of `s` (at least its first
/// character): up to a separator, an opening parenthesis or a header.
fn text_len(s: &str) -> usize {
    for (at, c) in s.char_indices().skip(1) {
        // (Headers start with 一 or 许: only try one there.)
        if is_separator(c) || is_open(c) || (matches!(c, '一' | '许') && header(&s[at..]).is_some())
        {
            return at;
        }
    }
    s.len()
}

/// A scope value split into items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedScope {
    pub items: Vec<ScopeItem>,
    /// Byte offsets of opening brackets that are never closed.
    pub unclosed: Vec<usize>,
    /// Bracketed groups taken for the standard clauses (not items). A
    /// filer can write a business line into one (`（比特币挖矿，凭营业执照
    /// 依法自主开展经营活动）`), so the prohibited rules still read them.
    pub boilerplate: Vec<Range<usize>>,
}

/// Splits a scope value into items. Items before any section header are
/// `Unsectioned`.
pub fn parse_scope(value: &str) -> ParsedScope {
    let mut items = Vec::new();
    let mut unclosed = Vec::new();
    let mut boilerplate = Vec::new();
    let mut section = Section::Unsectioned;
    let mut current: Option<Range<usize>> = None;
    let mut conditions: Vec<Range<usize>> = vec![];
    let flush = |current: &mut Option<Range<usize>>,
                 conditions: &mut Vec<Range<usize>>,
                 items: &mut Vec<ScopeItem>,
                 section| {
        if let Some(r) = current.take()
            && let Some(r) = trim(value, r)
        {
            items.push(ScopeItem {
                range: r,
                section,
                conditions: std::mem::take(conditions),
            });
        }
        conditions.clear();
    };
    let mut at = 0;
    while let Some(c) = value[at..].chars().next() {
        let rest = &value[at..];
        // (Headers start with 一 or 许: only try one there.)
        if let Some((s, len)) = matches!(c, '一' | '许').then(|| header(rest)).flatten() {
            flush(&mut current, &mut conditions, &mut items, section);
            section = s;
            at += len;
        } else if is_separator(c) && !(c == ';' && ends_char_reference(&value[..at])) {
            flush(&mut current, &mut conditions, &mut items, section);
            at += c.len_utf8();
        } else if is_open(c) {
            let (len, closed) = paren_len(rest);
            if !closed {
                unclosed.push(at);
            }
            // The group as written, and as a reader sees it if different.
            let group = &rest[..len];
            let seen = seen_as(group);
            let views = || std::iter::once(group).chain(seen.as_deref());
            // The markers are phrases only the standard clauses use, so a
            // group holding one is boilerplate wherever it stands (old
            // scopes append it to the last item without a full stop).
            if views().any(is_boilerplate) {
                flush(&mut current, &mut conditions, &mut items, section);
                boilerplate.push(at..at + len);
            } else {
                if closed && views().any(is_condition) {
                    conditions.push(at..at + len);
                }
                current = Some(current.map_or(at..at + len, |c| c.start..at + len));
            }
            at += len;
        } else {
            let len = text_len(rest);
            current = Some(current.map_or(at..at + len, |c| c.start..at + len));
            at += len;
        }
    }
    flush(&mut current, &mut conditions, &mut items, section);
    ParsedScope {
        items,
        unclosed,
        boilerplate,
    }
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
            .items
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
    fn an_unclosed_bracket_ends_at_the_next_item_separator() {
        let v = "技术开发（依法须经批准的项目；比特币挖矿；软件开发";
        let p = parse_scope(v);
        assert_eq!(
            p.items
                .iter()
                .map(|i| &v[i.range.clone()])
                .collect::<Vec<_>>(),
            vec!["技术开发", "比特币挖矿", "软件开发"]
        );
        assert_eq!(p.unclosed, vec![v.find('（').unwrap()]);
        let v = "销售（含（零售）；比特币挖矿";
        assert_eq!(
            items(v).iter().map(|x| x.0).collect::<Vec<_>>(),
            vec!["销售（含（零售）", "比特币挖矿"]
        );
        let v = "一般项目：销售（日用品许可项目：比特币挖矿";
        assert_eq!(
            items(v),
            vec![
                ("销售（日用品", Section::General),
                ("比特币挖矿", Section::Licensed)
            ]
        );
        // A closed group keeps its separators inside.
        let v = "化工产品销售（不含危险化学品；不含易制毒化学品）；软件开发";
        assert!(parse_scope(v).unclosed.is_empty());
        assert_eq!(items(v).len(), 2);
    }

    #[test]
    fn a_negation_governs_its_list_to_the_end_of_its_clause_or_bracket() {
        let gov = |v: &str, word: &str| {
            let at = v.find(word).unwrap();
            let r = governed_range(v, at..at + word.len());
            v[r].to_string()
        };
        let v = "未经金融等监管部门批准不得从事吸收存款、融资担保、代客理财；软件开发";
        assert_eq!(gov(v, "不得从事"), "不得从事吸收存款、融资担保、代客理财");
        let v = "比特币挖矿（不含危险化学品、易制毒化学品）；软件开发";
        assert_eq!(gov(v, "不含"), "不含危险化学品、易制毒化学品");
        let v = "化工产品销售（危险化学品、剧毒品除外），比特币挖矿";
        assert_eq!(gov(v, "除外"), "危险化学品、剧毒品除外");
        let v = "3、不得发放贷款。4、软件开发";
        assert_eq!(gov(v, "不得"), "不得发放贷款");
        let v = "软件开发（不得&#x4ECE;事虚拟货币做市）";
        assert_eq!(gov(v, "不得"), "不得&#x4ECE;事虚拟货币做市");
    }

    #[test]
    fn an_unclosed_bracket_is_not_cut_at_a_character_reference() {
        let v = "销售（含&#x865A;拟货币；软件开发";
        let p = parse_scope(v);
        assert_eq!(&v[p.items[0].range.clone()], "销售（含&#x865A;拟货币");
    }

    #[test]
    fn a_condition_in_brackets_is_not_business() {
        let v = "私募股权投资基金管理（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）；食品销售（凭许可证经营）；化工产品销售（不含许可类化工产品）";
        let p = parse_scope(v);
        let conds: Vec<&str> = p
            .items
            .iter()
            .flat_map(|i| i.conditions.iter().map(|r| &v[r.clone()]))
            .collect();
        assert_eq!(
            conds,
            vec![
                "（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）",
                "（凭许可证经营）"
            ]
        );
    }

    #[test]
    fn a_character_reference_is_not_split_at_its_semicolon() {
        let v = "技术开发;&#x865A;&#x62DF;货币交易;软件开发";
        assert_eq!(
            items(v).iter().map(|x| x.0).collect::<Vec<_>>(),
            vec!["技术开发", "&#x865A;&#x62DF;货币交易", "软件开发"]
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
