//! The configuration's and the waivers file's messages in Chinese, in one
//! table (see `lang::translate`): messages, labels and help as
//! `config::read`, `config`, `config::waivers` and the rule selectors of
//! `triage` write them.

use crate::lang::Lang;

const MESSAGES_ZH: &[(&str, &str)] = &[
    // Reading the file.
    ("cannot read {} {}: {}", "无法读取{0} {1}：{2}"),
    ("the configuration", "配置文件"),
    ("the waivers file", "豁免文件"),
    (
        "it is larger than the {}-byte limit for this kind of file",
        "超过此类文件 {0} 字节的上限",
    ),
    (
        "it is not valid UTF-8 (first bad byte at offset {})",
        "不是有效的 UTF-8（第一个错误字节在偏移 {0} 处）",
    ),
    ("not valid TOML: {}", "不是有效的 TOML：{0}"),
    ("here", "此处"),
    // Keys.
    ("unknown key `{}` in {}", "{1}中的未知键 `{0}`"),
    (
        "did you mean `{}`? The keys of {} are: {}",
        "是否想写 `{0}`？{1}的键有：{2}",
    ),
    ("the keys of {} are: {}", "{0}的键有：{1}"),
    (
        "`{}` is not a setting of `waivers.inline`: use \"allow\", \"forbid\" or \"require-approver\"",
        "`{0}` 不是 `waivers.inline` 的取值：可用 \"allow\"、\"forbid\" 或 \"require-approver\"",
    ),
    ("unknown setting", "未知的取值"),
    ("not a known key", "未知的键"),
    ("neglist.toml", "neglist.toml "),
    ("a waivers file", "豁免文件"),
    ("a `[[waiver]]`", "`[[waiver]]` "),
    // Values.
    (
        "`{}` must be a string, not {}",
        "`{0}` 必须是字符串，不能是 {1}",
    ),
    ("expected a string", "应为字符串"),
    (
        "`{}` must be a list of strings, not {}",
        "`{0}` 必须是字符串列表，不能是 {1}",
    ),
    ("expected a list of strings", "应为字符串列表"),
    (
        "`{}` must be a date like 2026-06-30, not {}",
        "`{0}` 必须是如 2026-06-30 的日期，不能是 {1}",
    ),
    ("expected a date", "应为日期"),
    (
        "`{}` is not a date (use 2026-06-30 or 2026年6月30日, a day that exists)",
        "`{0}` 不是日期（写作 2026-06-30 或 2026年6月30日，且该日存在）",
    ),
    ("not a date", "不是日期"),
    (
        "each `{}` must be a table, not {}",
        "每个 `{0}` 都必须是表，不能是 {1}",
    ),
    ("expected a table", "应为表"),
    (
        "`{}` must be written as `[[{}]]` tables, not {}",
        "`{0}` 必须写作 `[[{1}]]` 表，不能是 {2}",
    ),
    ("expected an array of tables", "应为表的数组"),
    (
        "`{}` does not exist (paths here are relative to this file's directory, {})",
        "`{0}` 不存在（这里的路径相对于本文件所在目录 {1}）",
    ),
    ("no such file or directory", "没有该文件或目录"),
    (
        "`{}` is not a severity: use \"error\", \"warning\" or \"note\"",
        "`{0}` 不是严重性：请用 \"error\"、\"warning\" 或 \"note\"",
    ),
    ("not a severity", "不是严重性"),
    (
        "`severity` must be a table of rule = \"error\" | \"warning\" | \"note\", not {}",
        "`severity` 必须是 规则 = \"error\" | \"warning\" | \"note\" 的表，不能是 {0}",
    ),
    ("not a glob: {}", "不是通配模式：{0}"),
    (
        "`{}` is not an encoding neglist reads: use \"utf-8\" or \"gb18030\"",
        "`{0}` 不是 neglist 能读取的编码：请用 \"utf-8\" 或 \"gb18030\"",
    ),
    ("unknown encoding", "未知的编码"),
    (
        "`{}` is not a language neglist speaks: use \"zh\" or \"en\"",
        "`{0}` 不是 neglist 支持的语言：请用 \"zh\" 或 \"en\"",
    ),
    ("unknown language", "未知的语言"),
    // Waivers file.
    ("this waiver has no {}", "该豁免缺少 {0}"),
    ("incomplete waiver", "豁免不完整"),
    (
        "a waiver needs rule, path, reason, approver and expires: an exception on the record says what, where, why, who and until when",
        "豁免需要 rule、path、reason、approver 和 expires：存档的例外要写明什么、在哪里、为什么、谁批准、到何时",
    ),
    (
        "this must not be empty (invisible characters do not count)",
        "此项不能为空（不可见字符不算）",
    ),
    // Rule selectors.
    ("the rule selection", "规则选择"),
    (
        "`{}` is not a rule, code prefix or category",
        "`{0}` 不是规则、代码前缀或类别",
    ),
    ("unknown", "未知"),
    (
        "did you mean `{}`? `neglist rules` lists the rule codes and names",
        "是否想写 `{0}`？`neglist rules` 列出规则代码和名称",
    ),
    (
        "use a rule code (NL0101), a code prefix (NL01), a rule name, a category (prohibited, license-required, risk, data) or ALL; `neglist rules` lists them",
        "请用规则代码（NL0101）、代码前缀（NL01）、规则名称、类别（prohibited、license-required、risk、data）或 ALL；`neglist rules` 列出它们",
    ),
    // TOML value kinds.
    ("string", "字符串"),
    ("integer", "整数"),
    ("float", "小数"),
    ("boolean", "布尔值"),
    ("datetime", "日期时间"),
    ("array", "数组"),
    ("table", "表"),
];

/// A configuration or waivers-file message, label or help in `lang`.
pub fn localize(message: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    crate::lang::translate(&[MESSAGES_ZH], message, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_messages_are_translated() {
        assert_eq!(
            localize("unknown key `selct` in neglist.toml", Lang::Zh),
            "neglist.toml 中的未知键 `selct`"
        );
        assert_eq!(
            localize(
                "`as_of` must be a date like 2026-06-30, not integer",
                Lang::Zh
            ),
            "`as_of` 必须是如 2026-06-30 的日期，不能是 整数"
        );
    }

    /// Every English template is still written by the configuration code.
    #[test]
    fn every_template_is_still_written_somewhere() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("read.rs"),
            include_str!("waivers.rs"),
            include_str!("../triage/mod.rs"),
            include_str!("../cli/setup.rs"),
        ]
        .concat();
        // (TOML's names of value kinds are the toml crate's words.)
        let kinds = [
            "string", "integer", "float", "boolean", "datetime", "array", "table",
        ];
        for (en, _) in MESSAGES_ZH.iter().filter(|(en, _)| !kinds.contains(en)) {
            let part = en
                .split("{}")
                .map(|p| p.trim_matches(['`', ' ', '(', ')', ';', ':', '"']))
                .max_by_key(|p| p.len())
                .unwrap();
            let part = part.replace('"', "\\\"");
            assert!(sources.contains(&part), "no longer written: {en}");
        }
    }
}
