//! A JSON Schema of the filing format, generated from the loader's own key
//! tables so that it cannot drift from what `check` reads: editors with a
//! YAML language server use it for completion and validation.

use super::record::{ALIASES, Kind, RECORD_KEYS};
use super::{ENERGY_KEYS, KEYS, Key, LICENSE_KEYS};
use serde_json::{Value, json};

fn date() -> Value {
    json!({"type": "string", "description": "2021-10-12 or 2021年10月12日"})
}

fn value_of(key: Key) -> Value {
    match key {
        Key::Name => json!({"type": "string", "description": "registered name (required)"}),
        Key::Uscc => {
            json!({"type": "string", "description": "unified social credit code, GB 32100-2015: 18 characters", "pattern": "^\\s*[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}\\s*$"})
        }
        Key::EntityType => {
            json!({"type": "string", "description": "有限责任公司, 股份有限公司, 个人独资企业, …"})
        }
        Key::Capital => {
            json!({"type": ["string", "number"], "description": "1000万元人民币, 500万美元, or a number in 万元"})
        }
        Key::Established => {
            json!({"description": "date of establishment", "anyOf": [date(), {"type": "string", "format": "date"}]})
        }
        Key::Filed => {
            json!({"description": "date of this filing: a filing made before a rule came into force is an existing registration to rectify; --as-of filed judges it as of this date", "anyOf": [date(), {"type": "string", "format": "date"}]})
        }
        Key::Region => {
            json!({"type": "string", "pattern": "^[0-9]{6}$", "description": "GB/T 2260 code; default: USCC characters 3–8"})
        }
        Key::Address => json!({"type": "string"}),
        Key::Industry => {
            json!({"type": "string", "description": "GB/T 4754-2017 code, e.g. I6450"})
        }
        Key::Scope => json!({
            "description": "a list of business lines, or the registration-format string (一般项目：…；…。许可项目：…)",
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
        }),
        Key::LicensedScope | Key::GeneralScope => json!({
            "description": "the older registration form's 许可经营项目 / 一般经营项目: a business scope of that section (a list, or a string)",
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
        }),
        Key::FilingType => json!({
            "type": "string",
            "description": "what the filing is: 设立 (a new company, filed before it exists), 变更, 注销 or 年报 (English: establishment, change, deregistration, annual_report)"
        }),
        Key::Licenses => json!({"type": "array", "items": sub_object(LICENSE_KEYS, "a licence")}),
        Key::Energy => sub_object(ENERGY_KEYS, "declared energy use"),
        Key::Record(i) => {
            let (_, _, _, kind, description) = RECORD_KEYS[i];
            let mut v = match kind {
                Kind::Text => json!({"type": ["string", "number"]}),
                Kind::Date => json!({"anyOf": [date(), {"type": "string", "format": "date"}]}),
                Kind::Period | Kind::DateOrOpen => json!({"type": "string"}),
                Kind::Count => json!({"type": ["integer", "string"], "minimum": 0}),
                Kind::Money => json!({"type": ["string", "number"]}),
                Kind::Any => json!({}),
            };
            v["description"] = json!(description);
            v
        }
    }
}

fn sub_object(keys: &[(&str, &str)], description: &str) -> Value {
    let mut props = serde_json::Map::new();
    for (en, zh) in keys {
        let v = match *en {
            "daily_kwh" | "annual_tce" => json!({"type": "number"}),
            "valid_until" => date(),
            _ => json!({"type": "string"}),
        };
        props.insert((*en).into(), v.clone());
        props.insert((*zh).into(), v);
    }
    json!({"type": "object", "description": description, "properties": props, "additionalProperties": false})
}

/// The schema, as a JSON value.
pub fn filing_schema() -> Value {
    let mut props = serde_json::Map::new();
    let record = RECORD_KEYS
        .iter()
        .enumerate()
        .map(|(i, (en, zh, ..))| (Key::Record(i), *en, *zh));
    for (key, en, zh) in KEYS.iter().copied().chain(record) {
        let mut v = value_of(key);
        v["description"] = json!(format!(
            "{} (also written `{zh}`)",
            v["description"].as_str().unwrap_or(en)
        ));
        props.insert(en.into(), v.clone());
        let mut zv = v;
        zv["description"] = json!(format!("alias of `{en}`"));
        // The other Chinese spellings (名称, 出资额, 经营期限, …).
        let more = ALIASES
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, a)| *a)
            .chain(
                match key {
                    Key::Record(i) => RECORD_KEYS[i].2,
                    _ => &[],
                }
                .iter()
                .copied(),
            );
        for alias in more {
            props.insert(alias.into(), zv.clone());
        }
        props.insert(zh.into(), zv);
    }
    // The name is required, under any of its spellings.
    let names: Vec<Value> = ["name", "企业名称"]
        .into_iter()
        .chain(
            ALIASES
                .iter()
                .filter(|(k, _)| *k == Key::Name)
                .map(|(_, a)| *a),
        )
        .map(|n| json!({"required": [n]}))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/neglist/neglist/filing.schema.json",
        "title": "neglist filing",
        "description": "One enterprise registration filing (a YAML document). Every key has an English name and a Chinese alias; use one of the two.",
        "type": "object",
        "properties": props,
        "anyOf": names,
        "additionalProperties": false
    })
}
