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
        "NL0015",
        "设置禁止在申报文件中写豁免注释（未生效）",
        "本系统的设置（neglist.toml 中 waivers.inline = \"forbid\"）不允许在申报文件中豁免规则：删除该注释，由审核部门在豁免文件中登记例外（含理由、批准人和到期日）",
    ),
    (
        "NL0016",
        "豁免注释没有写明设置要求的批准人（未生效）",
        "在理由后写明批准人，如 `# neglist: allow NL0401 -- 支付业务许可证 Z2024110000123；批准人：合规部 王敏`（设置 waivers.inline = \"require-approver\"）",
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

/// The messages the loader (and the waiver checks) write, English as the
/// library writes them (`{}` a value) → Chinese (`{0}`, `{1}` … the values
/// in order). Reports show a message through [`localize`]; JSON, NDJSON
/// and SARIF keep the message as written, so what a program reads does not
/// depend on the reader's language. A value that is itself one of these
/// phrases (`a mapping`) is translated too. A message not in the table is
/// shown as written.
const MESSAGES_ZH: &[(&str, &str)] = &[
    // Reading the file.
    (
        "file is UTF-16 (it starts with a UTF-16 byte-order mark); filings must be UTF-8",
        "文件是 UTF-16 编码（以 UTF-16 字节序标记开头）；申报文件必须是 UTF-8",
    ),
    (
        "file contains NUL bytes: it is binary, not a YAML filing",
        "文件含 NUL 字节：是二进制文件，不是 YAML 申报",
    ),
    (
        "file is not valid UTF-8 (first bad byte at offset {}){}",
        "文件不是有效的 UTF-8（第一个错误字节在偏移 {0} 处）{1}",
    ),
    (
        "; it looks like GBK/GB18030, the usual encoding of Chinese registration-system exports (check it with `--encoding gb18030`, or convert it with `iconv -f GB18030 -t UTF-8`)",
        "；看起来是 GBK/GB18030（登记系统导出文件的常见编码），可用 `--encoding gb18030` 检查，或用 `iconv -f GB18030 -t UTF-8` 转换",
    ),
    (
        "file is neither UTF-8 nor valid GB18030",
        "文件既不是 UTF-8，也不是有效的 GB18030",
    ),
    (
        "file decodes as GB18030, but its characters cannot be mapped back to its bytes",
        "文件可按 GB18030 解码，但字符无法对应回原字节",
    ),
    (
        "file is over the {}-byte limit for one filing file (raise it with --max-file-size)",
        "文件超过单个申报文件 {0} 字节的上限（可用 --max-file-size 调高）",
    ),
    (
        "line {} is over the {}-byte limit for one filing",
        "第 {0} 行超过单份申报 {1} 字节的上限",
    ),
    ("cannot read file: {}", "无法读取文件：{0}"),
    ("cannot read input: {}", "无法读取输入：{0}"),
    ("cannot read while walking: {}", "遍历目录时无法读取：{0}"),
    (
        "symlink loop: this directory links back to one of its ancestors",
        "符号链接循环：该目录链接回其上级目录",
    ),
    (
        "it is {}; filings are read from regular files only",
        "它是{0}；申报只从普通文件读取",
    ),
    ("a FIFO (named pipe)", "命名管道（FIFO）"),
    ("a character device", "字符设备"),
    ("not a regular file", "不是普通文件"),
    // YAML and JSON (the parser's own detail, after the colon, is its own).
    ("file has no YAML document in it", "文件中没有 YAML 文档"),
    ("invalid YAML: {}", "YAML 语法错误：{0}"),
    ("invalid JSON: {}", "JSON 语法错误：{0}"),
    (
        "a value with the YAML tag `{}`, which neglist does not read (it reads text as written): remove the tag",
        "值带有 YAML 标签 `{0}`，neglist 不读取标签（只按写出的文字读取）：请删除该标签",
    ),
    // The JSON reader's own details (json.rs).
    (
        "more after the value (one filing a line)",
        "值之后还有内容（每行一份申报）",
    ),
    (
        "expected a value (an NDJSON line is one JSON object, not YAML)",
        "此处应为一个值（NDJSON 每行是一个 JSON 对象，不是 YAML）",
    ),
    ("the line ends before its value", "该行在值之前结束"),
    ("expected a key in double quotes", "此处应为双引号括起的键"),
    ("expected `:` after a key", "键之后应为 `:`"),
    ("expected `,` or `}`", "此处应为 `,` 或 `}`"),
    ("expected `,` or `]`", "此处应为 `,` 或 `]`"),
    (
        "a control character in a string must be escaped",
        "字符串中的控制字符必须转义",
    ),
    ("the string is not closed", "字符串没有闭合"),
    (
        "a bad \\u escape (or a lone surrogate)",
        "错误的 \\u 转义（或落单的代理项）",
    ),
    ("an unknown escape", "未知的转义"),
    ("a malformed number", "格式错误的数字"),
    (
        "`{}` repeats the field already given as `{}` at line {}, column {} (`{}` and `{}` are the same field)",
        "`{0}` 与第 {2} 行第 {3} 列已给出的 `{1}` 重复（`{4}` 和 `{5}` 是同一字段）",
    ),
    (
        "filing type `{}` is not one of 设立 (establishment), 变更 (change), 注销 (deregistration), 年报 (annual report)",
        "申报类型 `{0}` 不是 设立、变更、注销、年报 之一",
    ),
    (
        "broken symlink: what it points to cannot be read: {}",
        "失效的符号链接：无法读取其指向的文件：{0}",
    ),
    ("unexpected end of YAML stream", "YAML 意外结束"),
    (
        "nesting deeper than {} levels; a filing is never this deep",
        "嵌套超过 {0} 层；申报不会这么深",
    ),
    (
        "more than {} keys and values in one document; a filing has a few dozen",
        "一个文档中的键和值超过 {0} 个；申报通常只有几十个",
    ),
    (
        "duplicate key `{}` (first defined at line {}, column {}); YAML forbids duplicate keys",
        "重复的键 `{0}`（首次出现在第 {1} 行第 {2} 列）；YAML 不允许重复的键",
    ),
    (
        "duplicate key `{}` (first defined at column {}); a filing gives each key once",
        "重复的键 `{0}`（首次出现在第 {1} 列）；申报中每个键只写一次",
    ),
    (
        "alias refers to an unknown anchor",
        "别名引用了不存在的锚点",
    ),
    (
        "aliases expand to more than {} nodes or {} bytes of text; refusing to expand (\"billion laughs\")",
        "别名展开后超过 {0} 个节点或 {1} 字节；拒绝展开（“billion laughs”攻击）",
    ),
    (
        "a merge key (`<<`) takes a mapping or a list of mappings, found {}",
        "合并键（`<<`）只接受映射或映射的列表，实际是{0}",
    ),
    (
        "an NDJSON line must hold exactly one filing",
        "NDJSON 每行必须恰好是一份申报",
    ),
    (
        "document is empty; a filing is a mapping of keys to values",
        "文档为空；申报是键到值的映射",
    ),
    (
        "document is {}, not a mapping; a filing is a mapping of keys to values",
        "文档是{0}，不是映射；申报是键到值的映射",
    ),
    ("a scalar", "单个值"),
    ("a mapping", "映射"),
    ("a list", "列表"),
    // Keys and values.
    (
        "a key must be a plain string, found {}",
        "键必须是普通字符串，实际是{0}",
    ),
    (
        "unknown key `{}`; did you mean `{}`? ({})",
        "未知的键 `{0}`；是否想写 `{1}`？（{2}）",
    ),
    (
        "unknown key `{}`; did you mean `{}`?",
        "未知的键 `{0}`；是否想写 `{1}`？",
    ),
    (
        "unknown key `{}`; expected one of {}",
        "未知的键 `{0}`；应为以下之一：{1}",
    ),
    ("unknown key `{}`; {}", "未知的键 `{0}`；{1}"),
    ("its text is read as business scope", "其文字按经营范围检查"),
    ("its text is read as a name", "其文字按名称检查"),
    (
        "only its text is searched for prohibited business",
        "只在其文字中查找禁止的业务",
    ),
    (
        "{} more unknown keys from here on are not listed one by one; their text is still searched for prohibited business",
        "从此处起另有 {0} 个未知的键不再逐一列出；其文字仍会查找禁止的业务",
    ),
    (
        "filing has no `name` (`企业名称`)",
        "申报没有 `name`（企业名称）",
    ),
    (
        "filing has no business scope (`business_scope` / `经营范围`): the scope rules have nothing to read, and an unread scope is not a clean one",
        "申报没有经营范围（`business_scope` / 经营范围）：经营范围规则无从检查，未检查的经营范围不算通过",
    ),
    (
        "could not locate the characters of a value under `{}` in the file; it is not checked (please report this)",
        "无法在文件中定位 `{0}` 下某个值的字符；该值未检查（请报告此问题）",
    ),
    (
        "could not locate the characters of `{}` in the file; the value is not checked (please report this)",
        "无法在文件中定位 `{0}` 的字符；该值未检查（请报告此问题）",
    ),
    (
        "`{}` must be a string, found {}",
        "`{0}` 必须是字符串，实际是{1}",
    ),
    (
        "`{}` value `{}` is not a date in the form `2021-10-12` or `2021年10月12日`",
        "`{0}` 的值 `{1}` 不是 `2021-10-12` 或 `2021年10月12日` 形式的日期",
    ),
    (
        "`{}` value `{}` is not a day that exists",
        "`{0}` 的值 `{1}` 不是存在的日期",
    ),
    // The exact fix of a USCC in lower case (parse/uscc.rs).
    (
        "write the USCC in capital letters: {} (in capitals it is still no valid code: check the original)",
        "统一社会信用代码使用大写字母：{0}（改为大写后仍不是有效代码，请核对原件）",
    ),
    (
        "write the USCC in capital letters: {}",
        "统一社会信用代码使用大写字母：{0}",
    ),
    // Declared licences that do not count (engine).
    ("licence “{}” does not count: {}", "许可证“{0}”不计入：{1}"),
    (
        "its type says “{}”: a licence not held, pending, cancelled or someone else's does not count",
        "其名称含“{0}”：未持有、申请中、已注销或他人的许可证不计入",
    ),
    (
        "it expired on {} (judged as of {})",
        "已于 {0} 到期（按 {1} 判断）",
    ),
    (
        "its number “{}” is no licence number: a licence without one does not count",
        "其编号“{0}”不是许可证编号：没有编号的许可证不计入",
    ),
    // The waiver settings (triage).
    (
        "the settings forbid waiver comments in filings (waivers.inline = \"forbid\"): this waiver does not apply, and what it names is reported",
        "设置禁止在申报文件中豁免规则（waivers.inline = \"forbid\"）：此豁免未生效，所豁免的问题照常报告",
    ),
    (
        "the settings require an approver on a waiver comment (waivers.inline = \"require-approver\"): this one has none, so it does not apply, and what it names is reported",
        "设置要求豁免注释写明批准人（waivers.inline = \"require-approver\"）：此豁免没有批准人，未生效，所豁免的问题照常报告",
    ),
    // Record fields and amounts (messages.rs; the amounts' reasons are
    // money.rs's `MoneyError::en`, each with its Chinese from `zh`).
    (
        "`{}` value `{}` cannot be read: {}",
        "`{0}` 的值 `{1}` 无法读取：{2}",
    ),
    (
        "is not an amount like `1000万元人民币`, `500万美元` or `伍拾万元整`",
        "不是可读的金额（应写作如“1000万元人民币”“500万美元”或“伍拾万元整”）",
    ),
    ("names two different currencies", "写了两种不同的币种"),
    (
        "the Chinese numeral is malformed at character {} `{}`: {}",
        "大写数字第{0}个字“{1}”处有误：{2}",
    ),
    (
        "a unit repeated or out of order (`壹拾拾万`)",
        "单位重复或顺序颠倒（如“壹拾拾万”）",
    ),
    (
        "万 or 亿 repeated or out of order (`万万`)",
        "“万”“亿”重复或顺序颠倒（如“万万”）",
    ),
    ("a unit with no digit before it", "单位前缺少数字"),
    (
        "two digits with no unit between them",
        "两个数字相连，缺少单位",
    ),
    (
        "a last digit without a unit, whose place is not clear (`壹佰伍`: 150 or 105?)",
        "末位数字没有单位，数位不明（如“壹佰伍”可读作150或105）",
    ),
    ("a 零 where none belongs", "“零”的位置不对"),
    ("only 角 and 分 may follow 元", "元以下只能写“角”“分”"),
    (
        "no 元, 万 or 亿 after the numeral",
        "大写数字后缺少“元”“万”或“亿”",
    ),
    (
        "`{}` value `{}` is not a date or a term like `2021-10-12`, `2021年10月12日` or `2019年4月2日至长期`",
        "`{0}` 的值 `{1}` 不是日期或期限（应写作如“2021-10-12”“2021年10月12日”“2019年4月2日至长期”）",
    ),
    (
        "`{}` value `{}` holds a day that does not exist",
        "`{0}` 的值 `{1}` 中的日期不存在",
    ),
    (
        "`{}` value `{}` ends on {}, before it starts on {}",
        "`{0}` 的值 `{1}` 终止日 {2} 早于起始日 {3}",
    ),
    (
        "`{}` value `{}` is not a number of people (a whole number like `50`)",
        "`{0}` 的值 `{1}` 不是人数（非负整数，如“50”）",
    ),
    (
        "`{}` value `{}` is not a non-negative number",
        "`{0}` 的值 `{1}` 不是非负数",
    ),
    (
        "region `{}` is not a six-digit GB/T 2260 code",
        "行政区划 `{0}` 不是六位 GB/T 2260 代码",
    ),
    (
        "each business-scope item must be a string, found {}",
        "每个经营范围项目都必须是字符串，实际是{0}",
    ),
    (
        "`{}` repeats `{}` given at line {}, column {} (`{}` and `{}` are the same field of `{}`)",
        "`{0}` 与第 {2} 行第 {3} 列的 `{1}` 重复（`{4}` 和 `{5}` 是 `{6}` 的同一字段）",
    ),
    ("key `{}` was read as `{}`", "键 `{0}` 按 `{1}` 读取"),
    (
        "this bracket is never closed; it was taken to end at the next `；` or `。`",
        "该括号没有闭合；视为在下一个 `；` 或 `。` 处结束",
    ),
    (
        "a licence must be a mapping with `type`, `number`, `issued_by`, `valid_until`, found {}",
        "许可证必须是含 `type`、`number`、`issued_by`、`valid_until` 的映射，实际是{0}",
    ),
    // Waivers.
    (
        "this waiver gives no reason after `--`, so it is not applied",
        "该豁免在 `--` 之后没有写理由，因此不生效",
    ),
    (
        "`{}` is not a rule{}; nothing is waived",
        "`{0}` 不是规则{1}；没有豁免任何问题",
    ),
    (" (did you mean `{}`?)", "（是否想写 `{0}`？）"),
    (
        "{} fires on this anchored text where an alias (`<<: *…` or `key: *…`) uses it, so this waiver covers nothing: put it on the alias's line",
        "{0} 报告在别名（`<<: *…` 或 `key: *…`）使用的锚点文字上，因此该豁免没有覆盖任何问题：请写在别名所在行",
    ),
    (
        "{} does not fire on this value, so this waiver covers nothing",
        "{0} 没有在该值上报告，因此该豁免没有覆盖任何问题",
    ),
    (
        "the waiver for {} at {} expired on {}, so this finding is reported again",
        "{1} 处对 {0} 的豁免已于 {2} 过期，因此重新报告该问题",
    ),
    (
        "`{}` is not a waiver verb: write `# neglist: allow <RULE> -- <reason>`",
        "`{0}` 不是豁免动词：请写作 `# neglist: allow <规则> -- <理由>`",
    ),
    (
        "empty waiver: write `# neglist: allow <RULE> -- <reason>`",
        "空的豁免：请写作 `# neglist: allow <规则> -- <理由>`",
    ),
    (
        "the waiver names no rule: write `# neglist: allow <RULE> -- <reason>`",
        "豁免没有写规则：请写作 `# neglist: allow <规则> -- <理由>`",
    ),
];

/// The YAML parser's (saphyr-parser's) own words for the errors a
/// hand-edited filing commonly has, after `invalid YAML: `; any other is
/// shown as the parser writes it.
const YAML_ZH: &[(&str, &str)] = &[
    (
        "while parsing a block mapping, did not find expected key",
        "解析映射时没有找到应有的键（检查缩进和冒号）",
    ),
    (
        "while parsing a node, did not find expected node content",
        "解析节点时没有找到应有的内容",
    ),
    (
        "while parsing a block collection, did not find expected '-' indicator",
        "解析列表时没有找到应有的 `-`（检查缩进）",
    ),
    (
        "while parsing a flow sequence, expected ',' or ']'",
        "解析方括号列表时应为 `,` 或 `]`",
    ),
    (
        "while parsing a flow mapping, did not find expected ',' or '}'",
        "解析花括号映射时应为 `,` 或 `}`",
    ),
    (
        "mapping values are not allowed in this context",
        "此处不能写映射的值（检查缩进，或给含 `: ` 的值加引号）",
    ),
    (
        "mapping keys are not allowed in this context",
        "此处不能写映射的键",
    ),
    (
        "while scanning a quoted scalar, found unexpected end of stream",
        "引号中的文字没有结束（缺少收尾的引号）",
    ),
    (
        "while scanning a plain scalar, found a tab",
        "未加引号的文字中有制表符",
    ),
    (
        "while parsing a quoted scalar, found unknown escape character",
        "引号中的文字有未知的转义字符",
    ),
    ("unexpected end of plain scalar", "未加引号的文字意外结束"),
    ("invalid indentation", "缩进不正确"),
    (
        "did not find expected next token",
        "没有找到应有的下一个记号",
    ),
    ("found unprintable character", "含不可打印的字符"),
    (
        "while parsing node, found unknown anchor",
        "解析节点时遇到不存在的锚点",
    ),
    (
        "while parsing anchor, found duplicated anchor",
        "解析锚点时遇到重复的锚点",
    ),
];

/// A loader or waiver message in `lang` (see [`MESSAGES_ZH`]).
pub fn localize(message: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    crate::lang::translate(&[MESSAGES_ZH, YAML_ZH], message, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_translated_with_their_values() {
        let m = "unknown key `nmae`; did you mean `name`? (only its text is searched for prohibited business)";
        assert_eq!(
            localize(m, Lang::Zh),
            "未知的键 `nmae`；是否想写 `name`？（只在其文字中查找禁止的业务）"
        );
        assert_eq!(localize(m, Lang::En), m);
        assert_eq!(
            localize(
                "document is a list, not a mapping; a filing is a mapping of keys to values",
                Lang::Zh
            ),
            "文档是列表，不是映射；申报是键到值的映射"
        );
        assert_eq!(
            localize(
                "file is not valid UTF-8 (first bad byte at offset 7)",
                Lang::Zh
            ),
            "文件不是有效的 UTF-8（第一个错误字节在偏移 7 处）"
        );
        // Not in the table: as written.
        assert_eq!(localize("something else", Lang::Zh), "something else");
    }

    /// Every English template is still written by the library: the
    /// longest fixed part of each is in the source of the module that
    /// writes it (a reworded message would silently lose its translation).
    #[test]
    fn every_template_is_still_written_somewhere() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("yaml.rs"),
            include_str!("json.rs"),
            include_str!("comments.rs"),
            include_str!("../triage/mod.rs"),
            include_str!("../pipeline.rs"),
            include_str!("messages.rs"),
            include_str!("../engine/eval.rs"),
            include_str!("../parse/uscc.rs"),
            include_str!("../parse/money.rs"),
        ]
        .concat();
        for (en, _) in MESSAGES_ZH {
            let part = en
                .split("{}")
                .map(|p| p.trim_matches(['`', ' ', '(', ')', ';', ':']))
                .max_by_key(|p| p.len())
                .unwrap();
            // (As a Rust literal writes it.)
            let part = part.replace('\\', "\\\\").replace('"', "\\\"");
            assert!(sources.contains(&part), "no longer written: {en}");
        }
    }

    /// Every reason an amount cannot be read, and the record fields'
    /// messages, read wholly in Chinese.
    #[test]
    fn amounts_and_record_fields_read_in_chinese() {
        use crate::parse::money::{MoneyError, NumeralProblem};
        use NumeralProblem::*;
        let mut errors = vec![MoneyError::Form, MoneyError::TwoCurrencies];
        for problem in [
            UnitOrder,
            LargeUnitOrder,
            UnitWithoutDigit,
            DigitsTogether,
            UnclearPlace,
            MisplacedZero,
            Fraction,
            NoUnit,
        ] {
            errors.push(MoneyError::Numeral {
                at: 3,
                ch: '拾',
                problem,
            });
        }
        let mut messages: Vec<String> = errors
            .iter()
            .map(|e| super::super::messages::capital("registered_capital", "甲", e))
            .collect();
        use super::super::record::RecordError;
        use crate::parse::date::{DateError, parse_date};
        let d = parse_date("2020-01-01").unwrap();
        for e in [
            RecordError::Date(DateError::Form),
            RecordError::Date(DateError::NoSuchDay),
            RecordError::EndsBeforeStart(d, d),
            RecordError::Count,
        ] {
            messages.push(super::super::messages::record("staff", "甲", &e));
        }
        for m in &messages {
            let zh = localize(m, Lang::Zh);
            let english = zh
                .replace("registered_capital", "")
                .replace("staff", "")
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .count();
            assert_eq!(english, 0, "{m} → {zh}");
        }
    }

    /// The YAML errors a hand-edited filing commonly has read wholly in
    /// Chinese (the parser's words included).
    #[test]
    fn common_yaml_errors_are_translated_whole() {
        for text in [
            "name: [\n",
            "name: 甲\n  business_scope: x\n",
            "name: \"甲\n",
            "name: 甲\nbusiness_scope:\n  - a\n - b\n",
            "name: {a: 1\n",
        ] {
            let file = super::super::SourceFile::new("t.yaml".into(), text.into());
            let loaded = super::super::load(&file);
            let Some(super::super::Loaded::Unreadable(u)) = loaded.first() else {
                panic!("{text:?} read as a filing");
            };
            let zh = localize(&u.message, Lang::Zh);
            let outside_code: String = zh.replace("YAML", "").split('`').step_by(2).collect();
            assert!(
                !outside_code.chars().any(|c| c.is_ascii_alphabetic()),
                "{text:?}: {} → {zh}",
                u.message
            );
        }
    }

    #[test]
    fn every_code_has_its_chinese_texts() {
        for c in super::super::builtin_codes() {
            assert!(c.zh().is_some(), "{} has no Chinese title and help", c.code);
            assert!(c.title_in(Lang::Zh).chars().any(crate::lang::is_cjk));
        }
    }
}
