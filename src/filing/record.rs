//! The rest of a company's record: the fields printed on a business
//! licence (营业执照) and asked for by the registration form (设立登记申请书)
//! that no rule reads. They are known keys (no unknown-key warning), each
//! read only for its type where it has a clear one (dates as dates,
//! amounts as amounts, head counts as numbers); free text is still searched
//! by the prohibited rules, as text under any key is.
//!
//! Also the other spellings of the fields the rules do read (名称 for
//! 企业名称, 类型 for 企业类型, 出资额 for 注册资本, 主要经营场所 for 住所, …):
//! the licence of a partnership, a branch or a sole trader prints them so.

use super::Key;
use crate::parse::date::{Date, DateError, parse_date};

/// How a record field's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string (an authority, a registration number, an address).
    Text,
    /// A date (`2021-10-12`, `2021年10月12日`).
    Date,
    /// A term: `2019年4月2日至2039年4月1日`, `2019-04-02至长期`, `长期`, `30年`.
    Period,
    /// The end of a term: a date or 长期.
    DateOrOpen,
    /// A head count: a non-negative whole number (`50`, `50人`).
    Count,
    /// An amount, as registered capital is written.
    Money,
    /// Anything (a person's name, or a mapping of their details; a list
    /// of shareholders).
    Any,
}

/// (English key, Chinese key, other Chinese spellings, kind, description).
pub type RecordKey = (
    &'static str,
    &'static str,
    &'static [&'static str],
    Kind,
    &'static str,
);

pub const RECORD_KEYS: &[RecordKey] = &[
    // The business licence.
    (
        "legal_representative",
        "法定代表人",
        &[],
        Kind::Any,
        "legal representative (a company)",
    ),
    (
        "person_in_charge",
        "负责人",
        &[],
        Kind::Any,
        "person in charge (a branch)",
    ),
    (
        "managing_partner",
        "执行事务合伙人",
        &[],
        Kind::Any,
        "managing partner (a partnership)",
    ),
    (
        "appointed_representative",
        "委派代表",
        &[],
        Kind::Any,
        "representative appointed by a managing partner",
    ),
    (
        "operator",
        "经营者",
        &[],
        Kind::Any,
        "operator (an individual business)",
    ),
    (
        "chief_representative",
        "首席代表",
        &[],
        Kind::Any,
        "chief representative (a representative office)",
    ),
    (
        "operating_period",
        "营业期限",
        &["经营期限", "合伙期限"],
        Kind::Period,
        "term of operation: 2019年4月2日至2039年4月1日, 2019-04-02至长期, 长期, or 30年",
    ),
    (
        "operating_from",
        "营业期限自",
        &["经营期限自"],
        Kind::Date,
        "start of the term of operation",
    ),
    (
        "operating_until",
        "营业期限至",
        &["经营期限至"],
        Kind::DateOrOpen,
        "end of the term of operation: a date or 长期",
    ),
    (
        "registration_authority",
        "登记机关",
        &["发照机关"],
        Kind::Text,
        "registration authority",
    ),
    (
        "approved_on",
        "核准日期",
        &["登记日期", "发照日期", "发证日期"],
        Kind::Date,
        "date the registration was approved (printed under the authority's seal)",
    ),
    (
        "composition_form",
        "组成形式",
        &[],
        Kind::Text,
        "个人经营 or 家庭经营 (an individual business)",
    ),
    (
        "paid_in_capital",
        "实收资本",
        &["实缴资本", "实缴出资额"],
        Kind::Money,
        "paid-in capital, written as registered capital is",
    ),
    (
        "registration_number",
        "注册号",
        &["营业执照注册号"],
        Kind::Text,
        "registration number before the USCC (15 digits)",
    ),
    (
        "name_en",
        "英文名称",
        &["外文名称"],
        Kind::Text,
        "name in English",
    ),
    (
        "accounting_method",
        "核算方式",
        &[],
        Kind::Text,
        "独立核算 or 非独立核算 (a branch)",
    ),
    (
        "parent_company",
        "隶属企业",
        &["隶属单位", "总公司名称"],
        Kind::Text,
        "the company a branch belongs to",
    ),
    // The registration form.
    (
        "phone",
        "联系电话",
        &["电话", "联系方式"],
        Kind::Any,
        "telephone",
    ),
    (
        "postal_code",
        "邮政编码",
        &["邮编"],
        Kind::Text,
        "postal code",
    ),
    (
        "email",
        "电子邮箱",
        &["电子邮件", "邮箱"],
        Kind::Text,
        "e-mail address",
    ),
    (
        "employees",
        "从业人数",
        &["职工人数", "员工人数"],
        Kind::Count,
        "number of employees",
    ),
    (
        "shareholders",
        "股东",
        &[
            "投资人",
            "出资人",
            "发起人",
            "合伙人",
            "股东信息",
            "股东(发起人)",
        ],
        Kind::Any,
        "shareholders, investors or partners: names, or mappings with their contributions",
    ),
    ("directors", "董事", &["董事会成员"], Kind::Any, "directors"),
    (
        "supervisors",
        "监事",
        &["监事会成员"],
        Kind::Any,
        "supervisors",
    ),
    ("manager", "经理", &[], Kind::Any, "manager"),
    ("liaison", "联络员", &[], Kind::Any, "liaison officer"),
    (
        "finance_officer",
        "财务负责人",
        &[],
        Kind::Any,
        "chief financial officer",
    ),
    (
        "establishment_method",
        "设立方式",
        &[],
        Kind::Text,
        "发起设立 or 募集设立 (a joint-stock company)",
    ),
    (
        "business_premises",
        "生产经营地",
        &["经营场所地址"],
        Kind::Text,
        "place of business, when not the registered address",
    ),
    // More of the registration form (设立登记申请书) and its annexes.
    ("applicant", "申请人", &[], Kind::Any, "applicant"),
    ("contact", "联系人", &[], Kind::Any, "contact person"),
    (
        "executive_director",
        "执行董事",
        &[],
        Kind::Any,
        "executive director",
    ),
    (
        "chairman",
        "董事长",
        &[],
        Kind::Any,
        "chairman of the board",
    ),
    (
        "subscribed_capital",
        "认缴出资额",
        &["认缴资本"],
        Kind::Money,
        "capital subscribed, written as registered capital is",
    ),
    (
        "contribution_method",
        "出资方式",
        &[],
        Kind::Text,
        "form of contribution (货币, 实物, 知识产权…)",
    ),
    (
        "contribution_due",
        "出资时间",
        &["出资期限", "认缴出资时间"],
        Kind::Text,
        "when the contribution is due",
    ),
    (
        "copies",
        "副本数",
        &["执照副本数"],
        Kind::Count,
        "copies of the licence asked for",
    ),
    (
        "name_approval_number",
        "名称预先核准文号",
        &["名称预先核准通知书文号", "名称自主申报告知书编号"],
        Kind::Text,
        "number of the name approval",
    ),
    (
        "nationality",
        "国别(地区)",
        &["国别", "国籍"],
        Kind::Text,
        "country or region (of an investor)",
    ),
    (
        "id_type",
        "证件类型",
        &[],
        Kind::Text,
        "kind of identity document",
    ),
    (
        "id_number",
        "证件号码",
        &["身份证号码", "身份证号"],
        Kind::Text,
        "identity document number",
    ),
    (
        "party_members",
        "党员人数",
        &[],
        Kind::Count,
        "number of Communist Party members among the staff",
    ),
    (
        "address_area",
        "住所所在地",
        &["住所所在行政区划"],
        Kind::Text,
        "where the registered address lies (district)",
    ),
];

/// Other Chinese spellings of the fields the rules read, as licences and
/// forms print them.
pub(super) const ALIASES: &[(Key, &str)] = &[
    (Key::Name, "名称"),
    (Key::Name, "市场主体名称"),
    (Key::Name, "公司名称"),
    (Key::EntityType, "类型"),
    (Key::EntityType, "主体类型"),
    (Key::EntityType, "市场主体类型"),
    (Key::EntityType, "公司类型"),
    (Key::Capital, "出资额"),
    (Key::Capital, "出资总额"),
    (Key::Capital, "注册资金"),
    (Key::Capital, "资金数额"),
    (Key::Established, "注册日期"),
    (Key::Established, "成立时间"),
    (Key::Filed, "申请日期"),
    (Key::Address, "主要经营场所"),
    (Key::Address, "经营场所"),
    (Key::Address, "营业场所"),
    (Key::Address, "企业住所"),
    (Key::Address, "住所(经营场所)"),
];

/// Words that mean a term has no end.
const OPEN_END: &[&str] = &[
    "长期",
    "永久",
    "长期有效",
    "不约定期限",
    "无固定期限",
    "不限期",
];

/// What was wrong with a record value (the text is in `super::messages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    Date(DateError),
    /// A term whose end is before its start.
    EndsBeforeStart(Date, Date),
    /// Not a head count.
    Count,
}

/// A date, or an open end (None).
pub fn date_or_open(s: &str) -> Result<Option<Date>, RecordError> {
    let t = s.trim();
    if OPEN_END.contains(&t) {
        return Ok(None);
    }
    parse_date(t).map(Some).map_err(RecordError::Date)
}

/// A term: `长期`, `30年`, or `FROM至END` (also 到, ~, ～, —), optionally
/// after 自.
pub fn period(s: &str) -> Result<(), RecordError> {
    let t = s.trim();
    if OPEN_END.contains(&t) {
        return Ok(());
    }
    // A number of years (the form asks for one: 经营期限 30年).
    if let Some(n) = t.strip_suffix('年')
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        return Ok(());
    }
    let t = t.strip_prefix('自').unwrap_or(t);
    let Some((from, end)) = ["至", "到", "～", "~", "—", "－"]
        .iter()
        .find_map(|sep| t.split_once(sep))
    else {
        return Err(RecordError::Date(DateError::Form));
    };
    let from = parse_date(from.trim()).map_err(RecordError::Date)?;
    if let Some(end) = date_or_open(end)?
        && end < from
    {
        return Err(RecordError::EndsBeforeStart(from, end));
    }
    Ok(())
}

/// A head count: `50`, `50人`.
pub fn count(s: &str) -> Result<u64, RecordError> {
    let t = s.trim();
    let t = t.strip_suffix('人').unwrap_or(t).trim();
    t.parse::<u64>().map_err(|_| RecordError::Count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms() {
        for ok in [
            "长期",
            "2019年04月02日至长期",
            "2019-04-02至2039-04-01",
            "自2019年4月2日至2039年4月1日",
            "2019-04-02 至 不约定期限",
            "30年",
            "2019-04-02～2039-04-01",
        ] {
            assert_eq!(period(ok), Ok(()), "{ok}");
        }
        assert_eq!(period("很久"), Err(RecordError::Date(DateError::Form)));
        assert_eq!(
            period("2019-02-30至长期"),
            Err(RecordError::Date(DateError::NoSuchDay))
        );
        assert!(matches!(
            period("2039-04-01至2019-04-02"),
            Err(RecordError::EndsBeforeStart(..))
        ));
        assert_eq!(date_or_open("长期"), Ok(None));
        assert!(date_or_open("明年").is_err());
    }

    #[test]
    fn counts() {
        assert_eq!(count("50"), Ok(50));
        assert_eq!(count("50人"), Ok(50));
        assert_eq!(count("-3"), Err(RecordError::Count));
        assert_eq!(count("很多"), Err(RecordError::Count));
    }

    #[test]
    fn every_spelling_is_one_field() {
        let mut seen = std::collections::HashSet::new();
        let core = super::super::KEYS.iter().flat_map(|(_, e, z)| [*e, *z]);
        let aliases = ALIASES.iter().map(|(_, a)| *a);
        let record = RECORD_KEYS
            .iter()
            .flat_map(|(e, z, more, _, _)| [*e, *z].into_iter().chain(more.iter().copied()));
        for k in core.chain(aliases).chain(record) {
            assert!(seen.insert(k), "{k} is spelt twice");
            // Keys are compared after `key_form`: a spelling it changes
            // (full-width brackets, capitals) could never match.
            assert_eq!(super::super::key_form(k), k, "{k}");
        }
    }
}
