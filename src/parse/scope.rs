//! The business-scope (经营范围) string as registration systems store it:
//! `一般项目：…；…。（boilerplate）许可项目：…。（boilerplate）`, or the older
//! single-section form, as a reader sees its structure:
//!
//! - **Items** are split on every mark a reader takes for an item separator
//!   outside brackets: `；;、，,。` and their look-alikes (`､ ﹑ ︑ ﹔ ﹐`),
//!   `/` and `／` between words (not inside `A/B-2`), `・`, line breaks, and
//!   list numbering (`1.` `2．` `①` `（3）`).
//! - **Section headers** (`一般项目：`, `许可项目：`) mark which items are
//!   declared as licensed.
//! - **Standard clauses** (`（除依法须经批准的项目外，凭营业执照依法自主开展
//!   经营活动）`) are recognised as boilerplate only when every clause of the
//!   group is one: a group that carries anything else is business text.
//! - **Conditions** (`（凭许可证经营）`, `（须在…备案后方可…）`) are proven by
//!   their wording: every clause of the group states what must be held or
//!   done first (a condition verb and an approval noun, `…后方可…`,
//!   `…为准`). `（需求分析、小额贷款）` is business, not a condition.
//! - **Negations** are proven by their construction, never by a word found
//!   anywhere: a bracket that opens with a negation (`（不含X、Y）`) or
//!   closes with one (`（X、Y除外）`); an item headed by one (`不得从事X`),
//!   up to a `的` that makes it a modifier (`不含危险化学品的化工产品销售`
//!   negates 危险化学品 only); `除…外`, which may name several items
//!   (`除X、Y外`); `以上…不含…` and `不得从事X、Y等…业务`, whose lists the
//!   construction spans. A negation word inside another word (不含糖 at the
//!   head of an item is still a head; 拆除外墙 is no `除…外`, 除尘 no `除`)
//!   proves nothing, and no negation reaches across an item separator that
//!   no construction spans.
//!
//! An unclosed bracket ends at the next item separator (`；;。`) or section
//! header, so one typo (or one planted `（`) cannot fold the rest of the
//! scope into a parenthesis; it is reported for the filer to fix.
//!
//! Every step is linear in the length of the value: brackets are matched
//! once with a stack, and each list construction scans forward only as far
//! as the next construction of its kind.

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

/// What one negation construction governs (byte ranges in the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negation {
    /// The negation's own words (`不含`, `除`, `除外`, `不得`).
    pub cue: Range<usize>,
    /// The text it excludes.
    pub governs: Range<usize>,
    /// Whether its construction is complete. A negation opening a bracket
    /// that is never closed (truncated text, or a planted `（不含`) is
    /// read, but proves nothing: a prohibited rule reports its words as
    /// if it were not there.
    pub proven: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeItem {
    /// Byte range of the item in the scope value, trimmed of blanks.
    pub range: Range<usize>,
    pub section: Section,
    /// Whether the section is the catalogue's (`一般项目：` / `许可项目：`,
    /// since 2022) rather than an older header (`一般经营项目：`), whose
    /// items were sorted by the rules of their time.
    pub catalogue_section: bool,
    /// Parenthesised conditions inside the item (`（须在中国证券投资基金业协会
    /// 完成登记备案后方可从事经营活动）`, `（凭许可证经营）`): they name a
    /// register, a body or a condition, not a business line.
    pub conditions: Vec<Range<usize>>,
    /// The negation constructions that govern text of this item (one that
    /// spans several items is listed with each).
    pub negations: Vec<Negation>,
    /// Whether it is separated from the next item only by a mark the
    /// matcher reads through inside a word (`/`, `・`, a line break, list
    /// numbering): a term written across it (`虚拟/货币`) is still a term.
    pub joined_next: bool,
}

/// A scope value split into items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedScope {
    pub items: Vec<ScopeItem>,
    /// Byte offsets of opening brackets that are never closed.
    pub unclosed: Vec<usize>,
    /// Bracketed groups every clause of which is a standard clause (not
    /// items). The prohibited rules still read them.
    pub boilerplate: Vec<Range<usize>>,
}

// ------------------------------------------------------------ vocabulary
// The scope grammar's own words: they say how a scope is built, not what
// business it names (that is the rules' vocabulary).

/// Negations that open a bracket or head an item: what follows is excluded.
const HEAD_NEGATIONS: &[&str] = &[
    "不包括",
    "不包含",
    "不涉及",
    "不从事",
    "不经营",
    "不对外",
    "不属于",
    "不含",
    "不得",
    "不准",
    "不可",
    "禁止",
    "严禁",
];
/// Negations that govern what follows wherever they stand in an item: modal
/// prohibitions, which no ordinary word contains (不得不, 不得已 aside).
const MODAL_NEGATIONS: &[&str] = &["不得", "严禁", "不准", "不对外"];
/// Words before a head negation that leave it the head (`但不含`, `其中不得`).
const NEGATION_LEADS: &[&str] = &["但是", "但", "其中", "并且", "并", "且", "均", "另"];
/// Words that begin with a negation's characters but are no negation (the
/// grammar's lexicon, like the cue words themselves): a place, a kind of
/// goods, a measure. `（非洲区域…）`, `（不含税…）`, `除湿设备` negate nothing.
const NOT_NEGATIONS: &[&str] = &[
    "非洲",
    "非标",
    "非遗",
    "非晶",
    "非织造",
    "非金属",
    "非处方",
    "非开挖",
    "不含税",
    "不含糖",
    "除湿",
    "除尘",
    "除臭",
    "除草",
    "除锈",
    "除螨",
    "除雪",
    "除冰",
    "除甲醛",
    "除四害",
    "除渣",
    "除垢",
    "除虫",
    "除味",
    "除霜",
    "禁止类",
    "严禁烟火",
    "不得低于",
    "不得少于",
    "不得超过",
    "不得高于",
    "不得小于",
    "不得大于",
];
/// Words after `除…外，` that make it "besides", not "except"
/// (`除软件开发外，还从事…`).
const BESIDES: &[&str] = &["还", "也", "另", "亦", "同时", "并"];
/// Words that end what an item-level negation governs: a conjunction
/// joins a second line the negation's construction does not name
/// (`不含糖饮料销售及吸收公众存款`).
const CONJUNCTIONS: &[&str] = &["以及", "及", "和", "与", "并", "或", "兼", "暨", "另"];

/// Whether a cue at the start of `s` is a word of `NOT_NEGATIONS` instead.
fn not_a_negation(s: &str) -> bool {
    NOT_NEGATIONS.iter().any(|w| s.starts_with(w))
}

/// Where an item-level negation starting at `from` in `s` stops, at the
/// latest: a conjunction or a blank outside brackets.
fn conjunction_end(s: &str, from: usize, base: usize, groups: &[Range<usize>]) -> Option<usize> {
    s[from..].char_indices().find_map(|(i, c)| {
        let k = from + i;
        (outside(groups, base + k)
            && (c.is_whitespace() || CONJUNCTIONS.iter().any(|w| s[k..].starts_with(w))))
        .then_some(k)
    })
}

/// Words that open an `以上…不含…` construction.
const SUMMARY_LEADS: &[&str] = &["以上", "上述"];
/// Verbs of carrying on business after a negation: `禁止经营X、Y等业务` names
/// a list, `禁止吸烟标识牌制作` does not.
const DOING: &[&str] = &["从事", "经营", "开展", "进行", "参与", "办理"];
/// Endings of the item that closes a `不得从事X、Y等…业务` list.
const LIST_ENDS: &[&str] = &["业务", "活动", "项目", "行为", "服务", "经营"];

/// Phrases of the standard clauses registration systems append to a scope.
/// A group is boilerplate when every clause of it is made of these (and
/// the connectives 的和及或、).
const STANDARD_PHRASES: &[&str] = &[
    "除依法须经批准的项目外",
    "依法须经批准的项目",
    "凭营业执照依法自主开展经营活动",
    "依法自主开展经营活动",
    "经相关部门批准后方可开展经营活动",
    "经相关部门批准后依批准的内容开展经营活动",
    "具体经营项目以相关部门批准文件或许可证件为准",
    "具体经营项目以审批结果为准",
    "具体经营项目以相关部门批准文件为准",
    "具体经营项目以许可证件为准",
    "不得从事国家和本市产业政策禁止和限制类项目的经营活动",
    "不得从事本市产业政策禁止和限制类项目的经营活动",
    "企业依法自主选择经营项目",
    "市场主体依法自主选择经营项目",
    "开展经营活动",
];
/// A group is only tested for boilerplate if it holds one of these.
const BOILERPLATE_MARKERS: &[&str] = &[
    "依法须经批准",
    "凭营业执照",
    "依法自主开展经营活动",
    "自主选择经营项目",
    "禁止和限制类项目",
    "具体经营项目以",
];

/// Verbs that open a condition (what must be held or done first) and the
/// nouns of what is held: a condition clause has both.
const CONDITION_VERBS: &[&str] = &[
    "须", "需", "凭", "应当", "应", "经", "取得", "持有", "持", "在", "依法",
];
const APPROVAL_NOUNS: &[&str] = &[
    "许可", "批准", "审批", "备案", "登记", "执照", "资质", "资格", "核准", "同意", "证",
];

fn finder_set(words: &'static [&'static str]) -> Vec<memchr::memmem::Finder<'static>> {
    words
        .iter()
        .map(|m| memchr::memmem::Finder::new(m.as_bytes()))
        .collect()
}

/// Whether `s` holds one of the boilerplate markers (one searcher each,
/// built once: every bracketed group of every scope is searched).
fn has_marker(s: &str) -> bool {
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| finder_set(BOILERPLATE_MARKERS));
    s.contains(['依', '凭', '自', '禁', '具'])
        && FINDERS.iter().any(|f| f.find(s.as_bytes()).is_some())
}

/// The clauses of a bracketed group's interior.
fn clauses(inner: &str) -> impl Iterator<Item = &str> {
    inner
        .split(['，', ',', '；', ';', '。', '、', '：', ':'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// Whether every clause of a group is a standard clause: made only of
/// standard phrases and connectives. Anything else in it is business text,
/// so `（比特币挖矿，凭营业执照依法自主开展经营活动）` is not boilerplate.
fn is_boilerplate(inner: &str) -> bool {
    has_marker(inner)
        && clauses(inner).all(|c| {
            let mut rest = c;
            'strip: while !rest.is_empty() {
                for p in STANDARD_PHRASES {
                    if let Some(r) = rest.strip_prefix(p) {
                        rest = r;
                        continue 'strip;
                    }
                }
                let mut chars = rest.chars();
                match chars.next() {
                    Some('的' | '和' | '及' | '或' | '并' | '且') => rest = chars.as_str(),
                    _ => return false,
                }
            }
            true
        })
}

/// Whether every clause of a group states a condition: a condition verb
/// with an approval noun (`凭许可证经营`, `须经批准`), `…后方可…`, or
/// `…为准`.
fn is_condition(inner: &str) -> bool {
    let mut any = false;
    for c in clauses(inner) {
        any = true;
        let verb = CONDITION_VERBS.iter().any(|v| c.starts_with(v))
            && APPROVAL_NOUNS.iter().any(|n| c.contains(n));
        // (`有效期至2017年…`: how long what is held is valid.)
        let after = c.contains('后') && c.contains("后方可");
        if !(verb || after || c.ends_with("为准") || c.starts_with("有效期")) {
            return false;
        }
    }
    any
}

/// A bracketed group as a reader sees it, if that differs from its text:
/// character references decoded, invisible characters and punctuation
/// dropped (the matcher's classes). Standard clauses and conditions are
/// recognised on it too, so a zero-width space or a `&#x51C6;` inside `为准`
/// does not turn a condition into a business line.
fn seen_as(inner: &str) -> Option<String> {
    use crate::text::normalize::{Class, class_of};
    let plain = |c: char| {
        ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || (c != '&' && matches!(class_of(c), Class::Word | Class::Boundary))
    };
    if inner.chars().all(plain) {
        return None;
    }
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    while let Some(c) = inner[i..].chars().next() {
        let (c, len) = match c {
            '&' => crate::text::charref::char_reference(&inner[i..]).unwrap_or(('&', 1)),
            c => (c, c.len_utf8()),
        };
        if matches!(class_of(c), Class::Word | Class::Boundary) {
            out.push(c);
        }
        i += len;
    }
    Some(out)
}

// ------------------------------------------------------------- characters

/// Brackets a reader takes for brackets: round, square and lenticular,
/// full- and half-width.
pub fn is_open(c: char) -> bool {
    matches!(c, '（' | '(' | '［' | '[' | '【' | '〔')
}
pub fn is_close(c: char) -> bool {
    matches!(c, '）' | ')' | '］' | ']' | '】' | '〕')
}
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}
fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
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
    // `x` and the digits of a numeric reference, or a name.
    if body == 0
        || body > (1 + crate::text::charref::MAX_DIGITS).max(crate::text::charref::MAX_NAME)
    {
        return false;
    }
    let head = &b[..b.len() - body];
    head.ends_with(b"&#") || head.ends_with(b"&")
}

/// A section header at the start of `s`: its section and length in bytes.
fn header(s: &str) -> Option<(Section, bool, usize)> {
    // (The catalogue's own headers, since 2022, and the older ones, whose
    // sections followed the rules of their time.)
    // (Traditional forms too, and every colon a reader takes for one.)
    const HEADERS: [(&str, Section, bool); 8] = [
        ("一般经营项目", Section::General, false),
        ("一般經營項目", Section::General, false),
        ("一般项目", Section::General, true),
        ("一般項目", Section::General, true),
        ("许可经营项目", Section::Licensed, false),
        ("許可經營項目", Section::Licensed, false),
        ("许可项目", Section::Licensed, true),
        ("許可項目", Section::Licensed, true),
    ];
    const COLONS: [char; 5] = ['：', ':', '∶', '﹕', '︰'];
    HEADERS.iter().find_map(|(h, section, catalogue)| {
        let rest = s.strip_prefix(h)?;
        let after = rest.trim_start_matches([' ', '\u{3000}']);
        let colons = after.trim_start_matches(COLONS);
        if colons.len() == after.len() {
            return None;
        }
        Some((*section, *catalogue, s.len() - colons.len()))
    })
}

/// Whether `c`, at byte `i` of `s`, ends a clause: `；` `。` (and their
/// look-alikes), a `;` that does not close a character reference, a line
/// break, or the start of a section header.
fn ends_clause(s: &str, i: usize, c: char) -> bool {
    matches!(
        c,
        '；' | '。' | '﹔' | '\n' | '\r' | '\u{2028}' | '\u{2029}'
    ) || (c == ';' && !ends_char_reference(&s[..i]))
        || (matches!(c, '一' | '许' | '許') && header_may_start(s, i) && header(&s[i..]).is_some())
}

/// Whether a section header may start at byte `at`: not where the word
/// before it makes `许可项目` a phrase (`不得包含需许可项目：`, `其他的一般项目`
/// name no section). Old scopes write a header right after an item, with
/// no full stop (`软件开发许可项目：…`), so a word before it is no bar.
fn header_may_start(value: &str, at: usize) -> bool {
    const PHRASE: [char; 8] = ['需', '的', '及', '类', '等', '含', '非', '涉'];
    value[..at]
        .chars()
        .next_back()
        .is_none_or(|p| !PHRASE.contains(&p))
}

/// The length of the run of item text at `at` (its first character always
/// in it): up to a character that may start structure. Sets `hot` if the
/// run holds one of 不禁严除外等. Ideographs are compared as their three
/// UTF-8 bytes, not decoded: this is the loop over most of every scope.
fn text_run(value: &str, at: usize, hot: &mut bool) -> usize {
    let b = value.as_bytes();
    let mut j = at;
    while j < b.len() {
        let x = b[j];
        if (0xE4..=0xE9).contains(&x) && j + 2 < b.len() {
            // (One compare of the character's three bytes, not a list scan:
            // this runs for every ideograph of every scope.)
            match u32::from_be_bytes([0, x, b[j + 1], b[j + 2]]) {
                // 一 许 (a header may start there) and 丶 (typed for 、: a
                // separator).
                0xE4B880 | 0xE8AEB8 | 0xE8A8B1 | 0xE4B8B6 if j > at => break,
                // 不 禁 严 除 外 等: an item construction may start here.
                0xE4B88D | 0xE7A681 | 0xE4B8A5 | 0xE999A4 | 0xE5A496 | 0xE7AD89 => *hot = true,
                _ => {}
            }
            j += 3;
            continue;
        }
        let Some(c) = value[j..].chars().next() else {
            break;
        };
        if j > at && may_be_structure(c) {
            break;
        }
        j += c.len_utf8();
    }
    j - at
}

/// Whether `s` holds one of the characters every negation cue of a bracket
/// is written with (不禁严除外非, the heads, tails and modals alike). Compared
/// as UTF-8 bytes: it runs on every bracket of every scope.
fn may_negate(s: &str) -> bool {
    s.as_bytes().windows(3).any(|w| {
        matches!(
            u32::from_be_bytes([0, w[0], w[1], w[2]]),
            0xE4B88D | 0xE7A681 | 0xE4B8A5 | 0xE999A4 | 0xE5A496 | 0xE99D9E
        )
    })
}

/// Whether `c` may start a header, a separator or a bracket (what the
/// splitter must look at; every other character is item text).
fn may_be_structure(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, ';' | ',' | '/' | '(' | '[' | '\n' | '\r') || c.is_ascii_digit();
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return matches!(c, '一' | '许' | '許' | '丶');
    }
    true
}

/// Whether an item separator is one the matcher reads through inside a
/// word (it drops marks and white space between two characters of a term).
fn is_soft(c: char) -> bool {
    matches!(
        c,
        '/' | '／' | '・' | '･' | '丶' | '\n' | '\r' | '\u{2028}' | '\u{2029}'
    ) || is_digit(c)
        || ('\u{2460}'..='\u{249B}').contains(&c)
}

/// The item separator at byte `at` of `value` (whose character is `c`), if
/// there is one: its length in bytes.
fn separator_len(value: &str, at: usize, c: char) -> Option<usize> {
    let len = c.len_utf8();
    match c {
        '；' | '、' | '，' | ',' | '。' | '､' | '﹑' | '︑' | '﹔' | '﹐' | '︐' | '・' | '･'
        | '丶' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => Some(len),
        // (A `;` closing a character reference is part of it.)
        ';' => (!ends_char_reference(&value[..at])).then_some(len),
        // A slash between words separates them; inside a Latin run
        // (`A/B-2`, `4G/5G`) it is part of a model name.
        '/' | '／' => {
            let before = value[..at].chars().next_back();
            let after = value[at + len..].chars().next();
            (!(before.is_some_and(is_latin) && after.is_some_and(is_latin))).then_some(len)
        }
        // List numbering: ① … ⒛.
        '\u{2460}'..='\u{249B}' => Some(len),
        // `1.` `2．` at the start of an item or after a non-Latin
        // character, before a non-digit: list numbering, not `3.5`.
        c if is_digit(c) => {
            if value[..at].chars().next_back().is_some_and(is_latin) {
                return None;
            }
            let digits: usize = value[at..]
                .chars()
                .take_while(|c| is_digit(*c))
                .map(char::len_utf8)
                .sum();
            let rest = &value[at + digits..];
            let mark = rest.chars().next().filter(|c| matches!(c, '.' | '．'))?;
            let next = rest[mark.len_utf8()..].chars().next();
            (digits <= 6 && next.is_some_and(|n| !is_digit(n) && !n.is_whitespace()))
                .then_some(digits + mark.len_utf8())
        }
        _ => None,
    }
}

/// Every bracket pair of `value`, as (open, one past close) byte offsets in
/// order of the open bracket, found with one stack pass; and the opening
/// brackets that are never closed.
fn match_brackets(value: &str) -> (Vec<(usize, usize)>, Vec<usize>) {
    let mut stack = vec![];
    let mut pairs = vec![];
    // Byte-wise, a character at a time by its lead byte (the value is read
    // whole once a bracket is met): every bracket `is_open` / `is_close`
    // knows is ASCII or three bytes led by E3 or EF.
    let b = value.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let (open, len) = match x {
            b'(' | b'[' => (Some(true), 1),
            b')' | b']' => (Some(false), 1),
            0xE3 | 0xEF if i + 2 < b.len() => {
                match u32::from_be_bytes([0, x, b[i + 1], b[i + 2]]) {
                    // （ ［ 【 〔
                    0xEFBC88 | 0xEFBCBB | 0xE38090 | 0xE38094 => (Some(true), 3),
                    // ） ］ 】 〕
                    0xEFBC89 | 0xEFBCBD | 0xE38091 | 0xE38095 => (Some(false), 3),
                    _ => (None, 3),
                }
            }
            0xF0.. => (None, 4),
            0xE0.. => (None, 3),
            0xC0.. => (None, 2),
            _ => (None, 1),
        };
        match open {
            Some(true) => stack.push(i),
            Some(false) => {
                if let Some(o) = stack.pop() {
                    pairs.push((o, i + len));
                }
            }
            None => {}
        }
        i += len;
    }
    pairs.sort_unstable();
    (pairs, stack)
}

/// The bracket pairs that lie inside `within` (pairs in order of opening).
fn nested(pairs: &[(usize, usize)], within: Range<usize>) -> &[(usize, usize)] {
    let from = pairs.partition_point(|p| p.0 < within.start);
    let to = pairs.partition_point(|p| p.0 < within.end);
    &pairs[from..to]
}

/// Length of the group opening at `at`: to its closing bracket, or, if it
/// is never closed, to the first clause end outside any inner group.
fn group_len(value: &str, at: usize, pairs: &[(usize, usize)]) -> (usize, bool) {
    if let Ok(i) = pairs.binary_search_by_key(&at, |p| p.0) {
        return (pairs[i].1 - at, true);
    }
    let mut i = at + value[at..].chars().next().map_or(1, char::len_utf8);
    while let Some(c) = value[i..].chars().next() {
        if is_open(c)
            && let Ok(p) = pairs.binary_search_by_key(&i, |p| p.0)
        {
            i = pairs[p].1;
            continue;
        }
        if ends_clause(value, i, c) {
            return (i - at, false);
        }
        i += c.len_utf8();
    }
    (value.len() - at, false)
}

fn trim(value: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &value[r.clone()];
    let t = s.trim_start();
    let lead = s.len() - t.len();
    let t = t.trim_end();
    if t.is_empty() {
        None
    } else {
        Some(r.start + lead..r.start + lead + t.len())
    }
}

/// A bracketed group's interior range (without its brackets).
fn interior(value: &str, group: Range<usize>, closed: bool) -> Range<usize> {
    let open = value[group.clone()]
        .chars()
        .next()
        .map_or(0, char::len_utf8);
    let close = if closed {
        value[group.clone()]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8)
    } else {
        0
    };
    group.start + open..group.end - close
}

/// The negation a bracketed group's interior states, if any: one that
/// opens it (`不含…`, `除…`, `非…`) or closes it (`…除外`, `…以外`). It
/// governs the whole interior.
/// The negations of a bracket's interior, clause by clause: each clause
/// (between top-level `，；,;。`) may open with one, close with one or hold
/// a modal one, and governs no more than itself; `除…外` followed by a
/// clause that opens with 还/也/另… is "besides" and negates nothing.
fn group_negations(value: &str, inner: Range<usize>) -> Vec<Negation> {
    let mut clauses = vec![];
    let mut start = inner.start;
    let mut depth = 0usize;
    for (i, c) in value[inner.clone()].char_indices() {
        let at = inner.start + i;
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && matches!(c, '，' | ',' | '；' | ';' | '。') {
            clauses.push(start..at);
            start = at + c.len_utf8();
        }
    }
    clauses.push(start..inner.end);
    let mut out = vec![];
    for (k, clause) in clauses.iter().enumerate() {
        let Some(n) = group_negation(value, clause.clone()) else {
            continue;
        };
        if &value[n.cue.clone()] == "除" {
            let next = clauses
                .get(k + 1)
                .map_or("", |c| value[c.clone()].trim_start());
            if BESIDES.iter().any(|w| next.starts_with(w)) {
                continue;
            }
        }
        out.push(n);
    }
    out
}

/// The negation one clause of a bracket states, if any.
fn group_negation(value: &str, inner: Range<usize>) -> Option<Negation> {
    let s = &value[inner.clone()];
    // (Blanks and stray marks before the head are passed over: `（○不含`.)
    let rest = s.trim_start_matches(stray);
    let mut at = inner.start + (s.len() - rest.len());
    let mut rest = rest;
    if let Some(l) = NEGATION_LEADS.iter().find(|l| rest.starts_with(**l)) {
        at += l.len();
        rest = &rest[l.len()..];
    }
    // (`（以上项目不含…）`: the summary lead before the negation.)
    if SUMMARY_LEADS.iter().any(|l| rest.starts_with(l))
        && let Some(k) = HEAD_NEGATIONS.iter().filter_map(|c| rest.find(c)).min()
    {
        at += k;
        rest = &rest[k..];
    }
    let head = HEAD_NEGATIONS
        .iter()
        .copied()
        .chain(["除", "非"])
        .find(|n| rest.starts_with(n))
        .filter(|_| !not_a_negation(rest));
    if let Some(n) = head {
        // It governs its own clause of the bracket: `（除软件开发外，还包括…）`
        // names no more than 软件开发, and `除…外，还…` is "besides".
        let clause_end = clause_end_in(value, at, inner.end);
        if n == "除" {
            let after =
                value[clause_end..inner.end].trim_start_matches(['，', ',', '；', ';', ' ']);
            if BESIDES.iter().any(|w| after.starts_with(w)) {
                return None;
            }
        }
        return Some(Negation {
            cue: at..at + n.len(),
            governs: inner.start..clause_end,
            proven: true,
        });
    }
    let t = trim_end(s);
    if let Some(e) = ["除外", "以外"].iter().find(|e| t.ends_with(**e)) {
        let end = inner.start + t.len();
        // …除外 governs its own clause: `（含X，国家禁止的除外）` keeps X.
        let start = value[inner.start..end - e.len()]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '，' | ',' | '；' | ';'))
            .map_or(inner.start, |(k, c)| inner.start + k + c.len_utf8());
        return Some(Negation {
            cue: end - e.len()..end,
            governs: start..inner.end,
            proven: true,
        });
    }
    // A modal prohibition inside (`（未经金融监管部门批准，不得从事吸收存款、
    // 融资担保等金融业务）`) governs the rest of the bracket.
    modal_negation(s, 0, &[]).map(|c| Negation {
        cue: inner.start + c.start..inner.start + c.end,
        governs: inner.start + c.start..inner.end,
        proven: true,
    })
}

/// The end of the clause starting at `from` within a bracket ending at
/// `end`: the first `，；,;。` outside inner brackets, else `end`.
fn clause_end_in(value: &str, from: usize, end: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in value[from..end].char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && matches!(c, '，' | ',' | '；' | ';' | '。') {
            return from + i;
        }
    }
    end
}

/// `s` without the blanks, stray marks and clause ends after its last word
/// (`…除外*）` ends with 除外 to a reader).
fn trim_end(s: &str) -> &str {
    s.trim_end_matches(|c: char| stray(c) || matches!(c, '。' | '；' | ';' | '，' | ','))
}

/// A character a reader passes over at the edge of a group or an item:
/// blanks, stray marks, a slash or a dot between words.
fn stray(c: char) -> bool {
    c.is_whitespace() || passed_over(c)
}

/// A raw item as the splitter found it, before negations are read.
struct Raw {
    range: Range<usize>,
    section: Section,
    /// Whether `section` comes from a catalogue header (一般项目 / 许可项目).
    catalogue: bool,
    conditions: Vec<Range<usize>>,
    negations: Vec<Negation>,
    /// Its bracketed groups (value ranges, in order).
    groups: Vec<Range<usize>>,
    /// Whether a list separator (`、`) ended it.
    list_sep: bool,
    /// Whether a separator the matcher reads through (`/`, a line break,
    /// list numbering) ended it.
    soft: bool,
    /// Whether its text outside brackets holds a character an item-level
    /// construction starts or ends with (不 禁 严 除 外 等): only then is it
    /// read for one.
    hot: bool,
}

/// Values longer than this are parsed as written, without a reader's view
/// (whose offset tables cost 8 bytes a byte): a negation spelt with
/// invisible characters or references there is simply not recognised, so
/// its words are reported.
const MAX_VIEWED: usize = 1 << 20;

/// A scope value as a reader sees it: character references decoded,
/// invisible characters dropped; with, for each of its byte offsets, where
/// that character starts and ends in the value as written.
struct ReaderView {
    text: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl ReaderView {
    /// The view of `value`, if it differs from `value` (and is not too long).
    fn of(value: &str) -> Option<ReaderView> {
        use crate::text::normalize::{Class, class_of};
        if value.len() > MAX_VIEWED || !needs_view(value) {
            return None;
        }
        let mut v = ReaderView {
            text: String::with_capacity(value.len()),
            starts: Vec::with_capacity(value.len() + 1),
            ends: Vec::with_capacity(value.len() + 1),
        };
        v.ends.push(0);
        let mut i = 0;
        while let Some(c) = value[i..].chars().next() {
            let (d, len) = match c {
                '&' => crate::text::charref::char_reference(&value[i..]).unwrap_or(('&', 1)),
                c => (c, c.len_utf8()),
            };
            // (Line breaks are white space to the classes, separators here.)
            let invisible = class_of(d) == Class::Invisible && !matches!(d, '\n' | '\r');
            let stray = passed_over(d)
                && v.text.chars().next_back().is_some_and(|p| {
                    next_visible(&value[i + len..]).is_some_and(|n| cue_pair(p, n))
                });
            if !invisible && !stray {
                for _ in 0..d.len_utf8() {
                    v.starts.push(i as u32);
                }
                v.text.push(d);
                let last = v.ends.len();
                v.ends.resize(last + d.len_utf8(), (i + len) as u32);
            }
            i += len;
        }
        v.starts.push(value.len() as u32);
        Some(v)
    }

    fn start(&self, at: usize) -> usize {
        self.starts[at] as usize
    }
    fn end(&self, at: usize) -> usize {
        self.ends[at] as usize
    }
    fn range(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let s = self.start(r.start);
            return s..s;
        }
        self.start(r.start)..self.end(r.end)
    }
}

/// A character that is certainly a plain word character: an ideograph of
/// the basic CJK block, or an ASCII letter or digit (the bulk of any scope:
/// tested first, so the class table is looked up only for the rest).
fn plain(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_ascii_alphanumeric()
}

/// Punctuation or a symbol that is not part of the scope's structure
/// (brackets, separators): a reader passes over it inside a word.
fn is_mark(c: char) -> bool {
    use crate::text::normalize::{Class, class_of};
    class_of(c) == Class::Separator
        && !is_open(c)
        && !is_close(c)
        && !matches!(c, '/' | '／' | '・' | '･' | '《' | '》')
}

/// A mark a reader passes over between two characters of a word: stray
/// punctuation, and the slash and dots the matcher also reads through.
fn passed_over(c: char) -> bool {
    !plain(c) && (is_mark(c) || matches!(c, '/' | '／' | '・' | '･'))
}

/// Whether `a` then `b` stand side by side in a word of the scope grammar
/// (a negation, 以上, 除外): a mark between them is passed over (不．含).
fn cue_pair(a: char, b: char) -> bool {
    HEAD_NEGATIONS
        .iter()
        .chain(MODAL_NEGATIONS)
        .chain(SUMMARY_LEADS)
        .chain(LIST_ENDS)
        .chain(&["除外", "以外", "外的"])
        .any(|w| {
            let mut cs = w.chars();
            let mut prev = cs.next();
            for c in cs {
                if prev == Some(a) && c == b {
                    return true;
                }
                prev = Some(c);
            }
            false
        })
}

/// The next character of `s` a reader sees: past invisible characters,
/// with a character reference read as its character.
fn next_visible(s: &str) -> Option<char> {
    use crate::text::normalize::{Class, class_of};
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let (d, len) = match c {
            '&' => crate::text::charref::char_reference(&s[i..]).unwrap_or(('&', 1)),
            c => (c, c.len_utf8()),
        };
        if class_of(d) != Class::Invisible {
            return Some(d);
        }
        i += len;
    }
    None
}

/// Whether a reader sees `value` otherwise than as written: it holds a
/// character reference, an invisible character, or a mark between two
/// characters of a grammar word. (One pass; plain characters cost a range
/// test.)
fn needs_view(value: &str) -> bool {
    use crate::text::normalize::{Class, class_of};
    let b = value.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        // (Ideographs, the bulk of a scope, are three bytes led by E4–E9:
        // passed over without decoding.)
        if (0xE4..=0xE9).contains(&x) {
            i += 3;
            continue;
        }
        if x.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // (So is the structure's own punctuation, 、。，；：（）【】: neither
        // invisible nor passed over.)
        if matches!(x, 0xE3 | 0xEF)
            && i + 2 < b.len()
            && matches!(
                u32::from_be_bytes([0, x, b[i + 1], b[i + 2]]),
                0xE38081
                    | 0xE38082
                    | 0xEFBC8C
                    | 0xEFBC9B
                    | 0xEFBC9A
                    | 0xEFBC88
                    | 0xEFBC89
                    | 0xE38090
                    | 0xE38091
            )
        {
            i += 3;
            continue;
        }
        let Some(c) = value[i..].chars().next() else {
            break;
        };
        if c == '&' || class_of(c) == Class::Invisible {
            return true;
        }
        if passed_over(c) {
            // (A few marks back at most: a long run of marks stays linear.)
            let prev = value[..i].chars().rev().take(8).find(|p| !passed_over(*p));
            if let Some(p) = prev
                && next_visible(&value[i + c.len_utf8()..]).is_some_and(|n| cue_pair(p, n))
            {
                return true;
            }
        }
        i += c.len_utf8();
    }
    false
}

/// Splits a scope value into items, as a reader sees its structure (a
/// `&#x3001;` is a `、`; a zero-width space inside `不含` leaves it 不含).
/// Ranges are in the value as written. Items before any section header are
/// `Unsectioned`.
pub fn parse_scope(value: &str) -> ParsedScope {
    let Some(v) = ReaderView::of(value) else {
        return parse_seen(value);
    };
    let mut p = parse_seen(&v.text);
    for item in &mut p.items {
        item.range = v.range(item.range.clone());
        for c in &mut item.conditions {
            *c = v.range(c.clone());
        }
        for n in &mut item.negations {
            n.cue = v.range(n.cue.clone());
            n.governs = v.range(n.governs.clone());
        }
    }
    for b in &mut p.boilerplate {
        *b = v.range(b.clone());
    }
    for u in &mut p.unclosed {
        *u = v.start(*u);
    }
    p
}

/// `parse_scope` on the text a reader sees.
fn parse_seen(value: &str) -> ParsedScope {
    // (Matched when the first bracket is met: most values have none.)
    let mut pairs: Option<Vec<(usize, usize)>> = None;
    // (About one item a dozen bytes: room for most scopes at once.)
    let mut raws: Vec<Raw> = Vec::with_capacity(value.len() / 12 + 4);
    let mut unclosed = Vec::new();
    let mut boilerplate = Vec::new();
    let mut section = Section::Unsectioned;
    let mut catalogue = false;
    let mut current: Option<Range<usize>> = None;
    let mut conditions: Vec<Range<usize>> = vec![];
    let mut negations: Vec<Negation> = vec![];
    let mut groups: Vec<Range<usize>> = vec![];
    let mut hot = false;
    let mut flush = |current: &mut Option<Range<usize>>,
                     conditions: &mut Vec<Range<usize>>,
                     negations: &mut Vec<Negation>,
                     groups: &mut Vec<Range<usize>>,
                     hot: &mut bool,
                     (section, catalogue): (Section, bool),
                     (list_sep, soft): (bool, bool)| {
        if let Some(r) = current.take()
            && let Some(r) = trim(value, r)
        {
            raws.push(Raw {
                range: r,
                section,
                catalogue,
                conditions: std::mem::take(conditions),
                negations: std::mem::take(negations),
                groups: std::mem::take(groups),
                list_sep,
                soft,
                hot: std::mem::take(hot),
            });
        } else if let Some(last) = raws.last_mut() {
            // (An empty item, `、；`, ends the list all the same; a soft
            // separator joins only to the next item.)
            last.list_sep &= list_sep;
            last.soft = false;
        }
        conditions.clear();
        negations.clear();
        groups.clear();
        *hot = false;
    };
    let mut at = 0;
    while let Some(c) = value[at..].chars().next() {
        // (Headers start with 一 or 许: only try one there.)
        if let Some((s, cat, len)) = (matches!(c, '一' | '许' | '許')
            && header_may_start(value, at))
        .then(|| header(&value[at..]))
        .flatten()
        {
            flush(
                &mut current,
                &mut conditions,
                &mut negations,
                &mut groups,
                &mut hot,
                (section, catalogue),
                (false, false),
            );
            section = s;
            catalogue = cat;
            at += len;
        } else if let Some(len) = separator_len(value, at, c) {
            let list = matches!(c, '、' | '､' | '﹑' | '︑');
            let soft = is_soft(c);
            flush(
                &mut current,
                &mut conditions,
                &mut negations,
                &mut groups,
                &mut hot,
                (section, catalogue),
                (list, soft),
            );
            at += len;
        } else if is_open(c) {
            let pairs = pairs.get_or_insert_with(|| match_brackets(value).0);
            let (len, closed) = group_len(value, at, pairs);
            if !closed {
                unclosed.push(at);
            }
            let group = at..at + len;
            let inner = interior(value, group.clone(), closed);
            let text = &value[inner.clone()];
            let seen = seen_as(text);
            let views = || std::iter::once(text).chain(seen.as_deref());
            if closed && !text.is_empty() && text.chars().all(is_digit) {
                // `（1）`: list numbering.
                flush(
                    &mut current,
                    &mut conditions,
                    &mut negations,
                    &mut groups,
                    &mut hot,
                    (section, catalogue),
                    (false, true),
                );
            } else if views().any(is_boilerplate) {
                // Standard clauses stand apart wherever they are (old
                // scopes append them to the last item without a full stop).
                flush(
                    &mut current,
                    &mut conditions,
                    &mut negations,
                    &mut groups,
                    &mut hot,
                    (section, catalogue),
                    (false, false),
                );
                boilerplate.push(group);
            } else {
                // (A negation first: most groups are `（不含…）`. Every cue
                // holds one of 不禁严除外非, so a group without them has none.)
                let found = if views().any(may_negate) {
                    group_negations(value, inner.clone())
                } else {
                    vec![]
                };
                if !found.is_empty() {
                    for mut n in found {
                        n.proven = closed;
                        negations.push(n);
                    }
                } else if closed && views().any(is_condition) {
                    conditions.push(group.clone());
                } else {
                    // Brackets inside it (`（非金融性投资（不含理财…））`).
                    // (Direct children only: deeper ones lie inside them,
                    // and reading each would be quadratic in the nesting.)
                    let mut child_end = 0;
                    for &(o, c) in nested(pairs, inner.clone()) {
                        if o < child_end {
                            continue;
                        }
                        child_end = c;
                        negations.extend(group_negations(value, interior(value, o..c, true)));
                    }
                }
                groups.push(group.clone());
                current = Some(current.map_or(group.clone(), |c| c.start..group.end));
            }
            at += len;
        } else {
            // A run of item text: up to the next character that may start
            // structure (most of a scope; one pass, no per-character work).
            let len = text_run(value, at, &mut hot);
            current = Some(current.map_or(at..at + len, |c| c.start..at + len));
            at += len;
        }
    }
    flush(
        &mut current,
        &mut conditions,
        &mut negations,
        &mut groups,
        &mut hot,
        (section, catalogue),
        (false, false),
    );
    let items = read_negations(value, raws);
    ParsedScope {
        items,
        unclosed,
        boilerplate,
    }
}

/// Whether byte `k` of the value lies outside every bracketed group of an
/// item (`groups`, in order): item-level constructions are read there.
fn outside(groups: &[Range<usize>], k: usize) -> bool {
    let i = groups.partition_point(|g| g.start <= k);
    i == 0 || groups[i - 1].end <= k
}

/// Where a negation at `cue` (an offset in the item `s`) stops governing:
/// at a `的` outside brackets that makes it a modifier of what follows
/// (`不含危险化学品的化工产品销售`), else at the end of the item.
fn modifier_end(s: &str, base: usize, cue_end: usize, groups: &[Range<usize>]) -> (usize, bool) {
    match s[cue_end..]
        .char_indices()
        .find(|(i, c)| *c == '的' && outside(groups, base + cue_end + i))
    {
        Some((i, _)) if cue_end + i + '的'.len_utf8() < s.len() => (cue_end + i, false),
        _ => (s.len(), true),
    }
}

/// The head of an item: after list numbering and blanks.
fn head_offset(s: &str) -> usize {
    let t = s.trim_start_matches(|c: char| {
        is_digit(c) || stray(c) || matches!(c, '.' | '．' | ')' | '）')
    });
    s.len() - t.len()
}

/// Reads the item-level negation constructions and attaches every
/// negation to the items it governs.
fn read_negations(value: &str, raws: Vec<Raw>) -> Vec<ScopeItem> {
    let mut raws = raws;
    let mut items: Vec<ScopeItem> = raws
        .iter_mut()
        .map(|r| ScopeItem {
            range: r.range.clone(),
            section: r.section,
            catalogue_section: r.catalogue,
            conditions: std::mem::take(&mut r.conditions),
            negations: std::mem::take(&mut r.negations),
            joined_next: r.soft,
        })
        .collect();
    let raws = raws;
    let n = raws.len();
    let text = |i: usize| &value[raws[i].range.clone()];
    // For each item, the nearest item at or after it, reached through list
    // separators only, that closes a `除…外` (ends with 外) or a `…等…业务`
    // list: computed right to left, so each list is walked once.
    // (For 除…外: the item and the end of its 外, in the value.)
    let mut wai: Vec<Option<(usize, usize)>> = vec![None; n];
    let mut deng: Vec<Option<usize>> = vec![None; n];
    for i in (0..n).rev() {
        let chained = raws[i].list_sep && i + 1 < n && raws[i + 1].section == raws[i].section;
        if !raws[i].hot {
            // (No 外 and no 等 outside brackets: it closes no list.)
            if chained {
                wai[i] = wai[i + 1];
                deng[i] = deng[i + 1];
            }
            continue;
        }
        let t = trim_end(text(i));
        let r = raws[i].range.clone();
        // (An item ending …除外 is a negation of its own, not the close of
        // a 除 list: 除尘设备、比特币挖矿、危险化学品除外 names no list.)
        let closes = if t.ends_with('外') && !t.ends_with("除外") {
            Some(r.end)
        } else if !t.contains('外') {
            None
        } else {
            t.match_indices("外的")
                .map(|(k, _)| r.start + k)
                .find(|k| outside(&raws[i].groups, *k))
                .map(|k| k + '外'.len_utf8())
        };
        wai[i] = match closes {
            Some(end) => Some((i, end)),
            None if chained => wai[i + 1],
            None => None,
        };
        // (An item that opens a negation of its own starts its own list:
        // a list before it does not run on through it.)
        let h = &text(i)[head_offset(text(i))..];
        let opens = modal_negation(text(i), r.start, &raws[i].groups).is_some()
            || HEAD_NEGATIONS
                .iter()
                .any(|c| h.starts_with(c) && !not_a_negation(h));
        deng[i] = if t.contains('等') && LIST_ENDS.iter().any(|e| t.ends_with(e)) {
            Some(i)
        } else if chained && !opens {
            deng[i + 1]
        } else {
            None
        };
    }
    // Negations that span items, to attach once all are read.
    let mut spanning: Vec<(Negation, usize, usize)> = vec![];
    let mut i = 0;
    while i < n {
        let r = raws[i].range.clone();
        let s = text(i);
        // (Every item-level construction holds one of 不禁严除外 outside
        // brackets: most items, 技术开发, hold none.)
        if !raws[i].hot {
            i += 1;
            continue;
        }
        let groups = &raws[i].groups[..];
        let out = |k: usize| outside(groups, r.start + k);
        let head = head_offset(s);
        let h = &s[head..];
        let mut skip_to = i + 1;
        // 除…外: 除 heads the item, and this item or a later one of its
        // list ends with 外 (除A、B外) or has 外 before a `的` (除A外的B).
        if h.starts_with('除') && !h.starts_with("除外") {
            let cue = r.start + head..r.start + head + '除'.len_utf8();
            // (`除X外，还从事Y` is "besides X": no negation.)
            let besides = wai[i].is_some_and(|(k, _)| {
                raws.get(k + 1).is_some_and(|next| {
                    BESIDES.iter().any(|w| text(k + 1).starts_with(w))
                        && next.section == raws[k].section
                })
            });
            if let Some((k, end)) = wai[i].filter(|_| !besides) {
                spanning.push((
                    Negation {
                        cue,
                        governs: r.start + head..end,
                        proven: true,
                    },
                    i,
                    k,
                ));
                skip_to = k + 1;
            }
        }
        // A head negation (不含…, 不得从事…), or a modal one anywhere in the
        // item (未经批准不得从事…): it governs to the end of the item, or up
        // to the `的` that makes it a modifier.
        let lead = NEGATION_LEADS
            .iter()
            .find(|l| h.starts_with(**l))
            .map_or(0, |l| l.len());
        let summary = SUMMARY_LEADS.iter().any(|l| h.starts_with(l));
        let head_cue = HEAD_NEGATIONS
            .iter()
            .find(|c| h[lead..].starts_with(**c))
            .filter(|_| !not_a_negation(&h[lead..]))
            .map(|c| head + lead..head + lead + c.len());
        let cue = head_cue.or_else(|| {
            modal_negation(s, r.start, groups).or_else(|| {
                summary
                    .then(|| {
                        HEAD_NEGATIONS
                            .iter()
                            .filter_map(|c| s.find(c).map(|k| k..k + c.len()))
                            .filter(|c| out(c.start) && !not_a_negation(&s[c.start..]))
                            .min_by_key(|c| c.start)
                    })
                    .flatten()
            })
        });
        if let Some(c) = cue {
            let (end, to_item_end) = modifier_end(s, r.start, c.end, groups);
            // (Nor past a conjunction or a blank: 不含糖饮料销售及吸收公众存款.)
            let (end, to_item_end) = match conjunction_end(s, c.end, r.start, groups) {
                Some(k) if k < end => (k, false),
                _ => (end, to_item_end),
            };
            let cue = r.start + c.start..r.start + c.end;
            if summary && to_item_end {
                // 以上…不含X、Y: the list named runs on through 、.
                let mut k = i;
                while k + 1 < n && raws[k].list_sep {
                    k += 1;
                }
                spanning.push((
                    Negation {
                        cue: cue.clone(),
                        governs: cue.start..raws[k].range.end,
                        proven: true,
                    },
                    i,
                    k,
                ));
                skip_to = skip_to.max(k + 1);
            } else if let Some(k) = (to_item_end
                && raws[i].list_sep
                && i + 1 < n
                // (Only a negation of doing names such a list: 不得从事,
                // 禁止经营; 禁止吸烟标识牌制作 is a sign, not a prohibition.)
                && (MODAL_NEGATIONS.iter().any(|m| s[c.start..].starts_with(m))
                    || DOING.iter().any(|d| s[c.end..].trim_start().starts_with(d))))
            .then(|| deng[i + 1])
            .flatten()
            {
                // 不得从事X、Y等金融业务: the list up to its 等.
                spanning.push((
                    Negation {
                        cue: cue.clone(),
                        governs: cue.start..raws[k].range.end,
                        proven: true,
                    },
                    i,
                    k,
                ));
                skip_to = skip_to.max(k + 1);
            } else {
                items[i].negations.push(Negation {
                    cue: cue.clone(),
                    governs: cue.start..r.start + end,
                    proven: true,
                });
            }
        } else {
            // X除外: its own item (a list before it is named only by 除…外).
            let t = trim_end(s);
            if let Some(e) = ["除外", "以外"].iter().find(|e| t.ends_with(**e)) {
                let end = r.start + t.len();
                items[i].negations.push(Negation {
                    cue: end - e.len()..end,
                    governs: r.clone(),
                    proven: true,
                });
            }
        }
        i = skip_to.max(i + 1);
        // (Items skipped over were governed whole; their own bracket
        // negations are already attached.)
    }
    for (neg, from, to) in spanning {
        for item in &mut items[from..=to] {
            item.negations.push(neg.clone());
        }
    }
    items
}

/// A modal negation (不得, 严禁, 不准, 不对外) outside brackets in an item,
/// not inside 不得不 / 不得已 or a word ending in 不得 (舍不得, 怪不得).
fn modal_negation(s: &str, base: usize, groups: &[Range<usize>]) -> Option<Range<usize>> {
    // (Every modal negation starts with 不 or 严: most items hold neither.)
    if !s.contains(['不', '严']) {
        return None;
    }
    MODAL_NEGATIONS
        .iter()
        .filter_map(|m| {
            s.match_indices(m).map(|(k, _)| k..k + m.len()).find(|r| {
                outside(groups, base + r.start)
                    && !not_a_negation(&s[r.start..])
                    && !(m.starts_with("不得")
                        && (s[r.end..].starts_with(['不', '已'])
                            || s[..r.start].ends_with([
                                '舍', '怪', '巴', '恨', '免', '由', '顾', '记', '认', '要', '了',
                                '说', '见', '使', '晓', '懂', '值',
                            ])))
            })
        })
        .min_by_key(|r| r.start)
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
    fn a_header_inside_a_phrase_is_no_header() {
        let items = |v: &str| {
            parse_scope(v)
                .items
                .iter()
                .map(|i| (v[i.range.clone()].to_string(), i.section))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            items("以下经营范围不得包含需许可项目：摄影扩印服务"),
            [(
                "以下经营范围不得包含需许可项目：摄影扩印服务".to_string(),
                Section::Unsectioned
            )]
        );
        assert_eq!(
            items("软件开发许可项目：快递服务"),
            [
                ("软件开发".to_string(), Section::Unsectioned),
                ("快递服务".to_string(), Section::Licensed)
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

    /// What each negation governs, as text, in order.
    fn governed(v: &str) -> Vec<&str> {
        let mut out: Vec<&str> = vec![];
        for i in parse_scope(v).items {
            for n in i.negations {
                let g = &v[n.governs];
                if !out.contains(&g) {
                    out.push(g);
                }
            }
        }
        out
    }

    #[test]
    fn a_bracket_that_opens_or_closes_with_a_negation_is_negated() {
        let v = "比特币挖矿（不含危险化学品、易制毒化学品）；软件开发";
        assert_eq!(governed(v), vec!["不含危险化学品、易制毒化学品"]);
        let v = "化工产品销售（危险化学品、剧毒品除外），比特币挖矿";
        assert_eq!(governed(v), vec!["危险化学品、剧毒品除外"]);
        let v = "投资咨询（除证券、期货、证券投资基金外）";
        assert_eq!(governed(v), vec!["除证券、期货、证券投资基金外"]);
        let v = "有限责任公司（非银行）";
        assert_eq!(governed(v), vec!["非银行"]);
        // (A bracket's negation governs its own clause.)
        let v = "股金服务（不对外吸储，不支付固定回报）";
        assert_eq!(governed(v), vec!["不对外吸储"]);
        let v = "技术服务（除软件开发外，还包括吸收公众存款）";
        assert_eq!(governed(v), Vec::<&str>::new());
        let v = "投资咨询（含吸收公众存款、发放贷款，国家禁止的除外）";
        assert_eq!(governed(v), vec!["国家禁止的除外"]);
        let v = "个人消费担保（以上担保项目不含融资性担保）";
        assert_eq!(governed(v), vec!["以上担保项目不含融资性担保"]);
        let v = "实业投资［未经批准不得从事吸收存款、融资担保］；软件开发";
        assert_eq!(governed(v), vec!["不得从事吸收存款、融资担保"]);
        let v = "房屋租赁（未经金融监管部门批准，不得从事吸收存款、融资担保等金融业务）";
        assert_eq!(governed(v), vec!["不得从事吸收存款、融资担保等金融业务"]);
    }

    #[test]
    fn a_bracket_never_closed_proves_nothing_and_inner_brackets_are_read() {
        let v = "软件开发（不得从事比特币挖矿";
        let n = &parse_scope(v).items[0].negations;
        assert_eq!(n.len(), 1);
        assert!(!n[0].proven);
        let v = "投资（非金融性项目投资（不含投融资理财，不得从事非法集资）；餐饮服务";
        let n: Vec<(&str, bool)> = parse_scope(v).items[0]
            .negations
            .iter()
            .map(|n| (&v[n.governs.clone()], n.proven))
            .collect();
        assert_eq!(
            n,
            vec![(
                "非金融性项目投资（不含投融资理财，不得从事非法集资）",
                false
            )]
        );
        let v = "投资（项目投资（不含投融资理财）、咨询）";
        let n: Vec<&str> = parse_scope(v).items[0]
            .negations
            .iter()
            .map(|n| &v[n.governs.clone()])
            .collect();
        assert_eq!(n, vec!["不含投融资理财"]);
    }

    #[test]
    fn a_head_negation_governs_its_item_and_no_further() {
        let v = "不涉及许可的技术服务、USDT场外交易、比特币挖矿";
        assert_eq!(governed(v), vec!["不涉及许可"]);
        let v = "禁止吸烟标识牌制作、比特币挖矿";
        assert_eq!(governed(v), vec!["禁止吸烟标识牌制作"]);
        // (Nor does it name a list that ends …等…业务; and a list of its
        // own does not run on through an item that opens another.)
        let v = "不得从事吸收存款、比特币挖矿、未经批准不得从事吸收存款、融资担保等金融业务";
        assert_eq!(
            governed(v),
            vec!["不得从事吸收存款", "不得从事吸收存款、融资担保等金融业务"]
        );
        let v = "禁止吸烟标识牌制作、比特币挖矿、吸收存款等金融业务";
        assert_eq!(governed(v), vec!["禁止吸烟标识牌制作"]);
        let v = "禁止经营比特币挖矿、吸收存款等金融业务";
        assert_eq!(governed(v), vec!["禁止经营比特币挖矿、吸收存款等金融业务"]);
        // (不含糖 is "sugar-free": no negation at all.)
        let v = "不含糖饮料销售、吸收公众存款、发放贷款";
        assert_eq!(governed(v), Vec::<&str>::new());
        let v = "不含危险化学品及吸收公众存款";
        assert_eq!(governed(v), vec!["不含危险化学品"]);
        let v = "除比特币挖矿外，还从事软件开发";
        assert_eq!(governed(v), Vec::<&str>::new());
        for v in [
            "投资咨询（非洲区域吸收公众存款）",
            "投资咨询（不含税发放贷款）",
            "投资咨询（除湿设备融资及发放贷款）",
            "技术服务（禁止类项目咨询及发放贷款）",
            "投资咨询（不得低于年化8%的吸收公众存款）",
        ] {
            assert_eq!(governed(v), Vec::<&str>::new(), "{v}");
        }
        let v = "不含危险化学品的化工产品销售；比特币挖矿";
        assert_eq!(governed(v), vec!["不含危险化学品"]);
        let v = "3、不得发放贷款。4、软件开发";
        assert_eq!(governed(v), vec!["不得发放贷款"]);
        let v = "未经金融等监管部门批准不得从事吸收存款；软件开发";
        assert_eq!(governed(v), vec!["不得从事吸收存款"]);
    }

    #[test]
    fn a_negation_word_inside_another_word_is_none() {
        for v in [
            "比特币挖矿及建筑拆除外墙清洗",
            "除尘设备销售、比特币挖矿",
            "非标设备制造",
            "舍不得餐饮管理",
            "境外旅游（国内外）",
        ] {
            assert_eq!(governed(v), Vec::<&str>::new(), "{v}");
        }
    }

    #[test]
    fn list_constructions_span_the_items_they_name() {
        let v = "除吸收公众存款、发放贷款外的金融信息服务、比特币挖矿";
        assert_eq!(governed(v), vec!["除吸收公众存款、发放贷款外"]);
        let v = "不得从事吸收存款、融资担保、代客理财等金融业务；比特币挖矿";
        assert_eq!(
            governed(v),
            vec!["不得从事吸收存款、融资担保、代客理财等金融业务"]
        );
        let v = "软件开发。以上经营范围不含吸收存款、发放贷款；比特币挖矿";
        assert_eq!(governed(v), vec!["不含吸收存款、发放贷款"]);
        // Without a construction that spans them, the items after a
        // negated one are items.
        let v = "不得从事吸收存款、比特币挖矿";
        assert_eq!(governed(v), vec!["不得从事吸收存款"]);
        let v = "比特币挖矿、危险化学品除外";
        assert_eq!(governed(v), vec!["危险化学品除外"]);
    }

    #[test]
    fn separators_a_reader_sees_split_items() {
        for v in [
            "比特币兑换服务､网络游戏开发",
            "比特币兑换服务﹑网络游戏开发",
            "比特币兑换服务︑网络游戏开发",
            "比特币兑换服务/网络游戏开发",
            "比特币兑换服务／网络游戏开发",
            "比特币兑换服务・网络游戏开发",
            "比特币兑换服务\n网络游戏开发",
            "1.比特币兑换服务2.网络游戏开发",
            "①比特币兑换服务②网络游戏开发",
            "（1）比特币兑换服务（2）网络游戏开发",
        ] {
            assert_eq!(
                items(v).iter().map(|x| x.0).collect::<Vec<_>>(),
                vec!["比特币兑换服务", "网络游戏开发"],
                "{v}"
            );
        }
        // Not inside a Latin model name or a number.
        assert_eq!(items("A/B-2型号设备").len(), 1);
        assert_eq!(items("3.5吨以下货车销售").len(), 1);
    }

    #[test]
    fn a_group_is_boilerplate_only_if_every_clause_is_standard() {
        let v = "软件开发。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）";
        assert_eq!(parse_scope(v).boilerplate.len(), 1);
        assert_eq!(items(v).len(), 1);
        let v = "软件开发。（比特币挖矿业务，凭营业执照依法自主开展经营活动）";
        assert!(parse_scope(v).boilerplate.is_empty());
        assert_eq!(items(v).len(), 2);
        let v = "软件开发（小额贷款，具体经营项目以审批结果为准）";
        assert!(parse_scope(v).boilerplate.is_empty());
    }

    #[test]
    fn a_condition_is_proven_by_its_wording() {
        for v in [
            "软件开发（需求分析、小额贷款）",
            "技术服务（经营保险代理业务）",
            "技术服务（应收账款保理、小额贷款）",
            "软件开发（须比特币挖矿）",
        ] {
            let p = parse_scope(v);
            assert!(p.items[0].conditions.is_empty(), "{v}");
        }
    }

    #[test]
    fn deeply_repeated_shapes_stay_linear() {
        // (Not a timing test: each of these once took quadratic work; they
        // must finish and give the structure they always did.)
        let v = "不含、".repeat(20_000);
        assert_eq!(parse_scope(&v).items.len(), 20_000);
        let v = "（；".repeat(20_000);
        assert_eq!(parse_scope(&v).unclosed.len(), 20_000);
        let v = "、除外".repeat(20_000);
        assert!(parse_scope(&v).items.len() >= 20_000);
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
