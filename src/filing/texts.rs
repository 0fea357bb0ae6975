//! The loader's words in Chinese (the codes' titles and help, and the
//! messages the loader writes), in one table per kind, so a translation is
//! found in one place. `LoadCode` keeps its English texts; a code missing
//! here falls back to them.

use super::LoadCode;
use crate::lang::Lang;

/// code, title, help.
const CODES_ZH: &[(&str, &str, &str)] = &[
    (
        "NL0000",
        "无法检查的文件或文档",
        "修正该文件（编码、YAML 语法、大小）；在能读取之前，它不算通过",
    ),
    (
        "NL0001",
        "申报中的未知键",
        "使用申报格式的键（英文或中文）；拼错的键意味着其值不会按该字段检查",
    ),
    (
        "NL0002",
        "同一字段既用英文键又用中文别名申报",
        "保留两个键中的一个；本工具不猜测哪个值是真正要申报的",
    ),
    (
        "NL0003",
        "值的形式不对",
        "见申报格式：例如经营范围是字符串或字符串列表，许可证是映射的列表",
    ),
    (
        "NL0004",
        "申报缺少企业名称",
        "添加 `name:`（或 `企业名称:`），写明登记名称",
    ),
    (
        "NL0005",
        "日期格式错误或该日不存在",
        "日期写作 `2021-10-12` 或 `2021年10月12日`，并核对该日是否存在",
    ),
    (
        "NL0006",
        "无法读取的值（数字、金额，或无法定位的文字）",
        "数字写作普通数字，注册资本写作如 `1000万元人民币`",
    ),
    (
        "NL0007",
        "没有写明理由的豁免注释（不生效）",
        "在 `--` 之后写明理由，例如 `# neglist: allow NL0401 -- 支付业务许可证 Z2024110000123`；没有理由的例外不能存档",
    ),
    (
        "NL0008",
        "豁免注释所列规则并未在该值上报告",
        "删除该豁免，或移到它所针对的值所在行（或其上一行）；失效的豁免会悄悄掩盖以后的问题",
    ),
    (
        "NL0009",
        "无法识别的 `# neglist:` 注释",
        "写作 `# neglist: allow <规则> -- <理由>`，规则用 `neglist rules` 列出的代码或名称",
    ),
    (
        "NL0010",
        "豁免文件中的豁免已过期",
        "该问题重新报告：续期豁免（新的到期日、批准人）或修正申报",
    ),
    (
        "NL0011",
        "去掉空白、全半角和大小写差异后才识别的键",
        "按申报格式的写法书写键（如 `business_scope` 或 `经营范围`）；本次仍按该键读取",
    ),
    (
        "NL0012",
        "经营范围中未闭合的括号",
        "补上或删除该括号；其后的项目已按项目检查（括号视为在下一个 `；` 或 `。` 处结束）",
    ),
    (
        "NL0013",
        "申报缺少经营范围",
        "添加 `business_scope:`（或 `经营范围:`，或旧表的 `许可经营项目:` / `一般经营项目:`），写明登记的经营范围；经营范围缺失或为空的申报无法检查",
    ),
    (
        "NL0014",
        "申报的许可证不计入（未持有、申请中、已注销、他人的或已过期）",
        "只申报企业持有且在判断日有效的许可证，写明名称（`type: 金融许可证`，并写 `valid_until`）；需要许可证的规则视该证为没有",
    ),
];

impl LoadCode {
    fn zh(&self) -> Option<&'static (&'static str, &'static str, &'static str)> {
        CODES_ZH.iter().find(|(c, _, _)| *c == self.code)
    }

    /// The code's title in `lang`.
    pub fn title_in(&self, lang: Lang) -> &'static str {
        match (lang, self.zh()) {
            (Lang::Zh, Some((_, t, _))) => t,
            _ => self.title,
        }
    }

    /// How to fix, in `lang`.
    pub fn help_in(&self, lang: Lang) -> &'static str {
        match (lang, self.zh()) {
            (Lang::Zh, Some((_, _, h))) => h,
            _ => self.help,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_chinese_texts() {
        for c in super::super::builtin_codes() {
            assert!(c.zh().is_some(), "{} has no Chinese title and help", c.code);
            assert!(c.title_in(Lang::Zh).chars().any(crate::lang::is_cjk));
        }
    }
}
