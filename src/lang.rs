//! The language of what an officer reads: Chinese first, English with
//! `--lang en`. Machine formats (JSON, NDJSON, SARIF) keep English keys
//! whatever the language; only labels and prose follow it. The filing's
//! own text and the titles of the law are never translated.
//!
//! Where the language comes from (first that is set): `--lang`, the
//! environment variable `NEGLIST_LANG`, `lang` in neglist.toml, else zh.

/// The language of labels and prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The environment variable that chooses the language (below `--lang`,
/// above the configuration file).
pub const ENV: &str = "NEGLIST_LANG";

impl Lang {
    /// The Chinese or the English text. Each module keeps its texts in one
    /// table of such pairs, so a translation is found in one place.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// `zh`, `en` (also `zh-CN`, `zh_CN.UTF-8`, `en_US`, any case).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let main = s.split(['-', '_', '.']).next().unwrap_or("");
        match main {
            "zh" | "cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// Whether a character is CJK (a Han character, CJK punctuation or a
/// full-width form): what an English report must not contain outside the
/// filing's text and the titles of the law (used by the tests).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// The values of `message` in the places of the template's `{}`s, if the
/// message is written from it.
fn fill<'m>(template: &str, message: &'m str) -> Option<Vec<&'m str>> {
    let parts: Vec<&str> = template.split("{}").collect();
    let mut rest = message.strip_prefix(parts[0])?;
    if parts.len() == 1 {
        return rest.is_empty().then(Vec::new);
    }
    let mut values = vec![];
    for (i, lit) in parts[1..].iter().enumerate() {
        if i + 2 == parts.len() {
            values.push(rest.strip_suffix(lit)?);
            return Some(values);
        }
        if lit.is_empty() {
            return None;
        }
        let at = rest.find(lit)?;
        values.push(&rest[..at]);
        rest = &rest[at + lit.len()..];
    }
    None
}

/// A message the library writes in English, in `lang`, by a module's table
/// of (English template with `{}` for each value, Chinese with `{0}`, `{1}`
/// … in the values' order). The first template the message fits is used
/// (so the more specific come first); a value that is itself in the table
/// (`a mapping`) is translated too; a message in no template stays as
/// written. Messages keep one English form in the library (JSON, SARIF
/// and tests read it), and each module's Chinese is in one table.
pub fn translate<'m>(
    tables: &[&[(&str, &str)]],
    message: &'m str,
    lang: Lang,
) -> std::borrow::Cow<'m, str> {
    if lang == Lang::En || message.is_empty() {
        return message.into();
    }
    for (en, zh) in tables.iter().copied().flatten() {
        if let Some(values) = fill(en, message) {
            let mut out = zh.to_string();
            for (i, v) in values.iter().enumerate() {
                out = out.replace(&format!("{{{i}}}"), &translate(tables, v, lang));
            }
            return out.into();
        }
    }
    message.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locale_like_names() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }
}
