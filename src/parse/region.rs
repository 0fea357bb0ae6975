//! GB/T 2260 administrative division codes: the province a six-digit code
//! (or a USCC's characters 3–8) belongs to, by its first two digits.

/// Provincial-level divisions, as GB/T 2260 names them.
const PROVINCES: &[(&str, &str)] = &[
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
    ("71", "台湾省"),
    ("81", "香港特别行政区"),
    ("82", "澳门特别行政区"),
];

/// The province's two-digit code and name for a region code, if its first
/// two digits name one.
pub fn province(region: &str) -> Option<(&'static str, &'static str)> {
    let two = region.get(..2)?;
    PROVINCES.iter().find(|(c, _)| *c == two).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_by_first_two_digits() {
        assert_eq!(province("110105"), Some(("11", "北京市")));
        assert_eq!(province("650102"), Some(("65", "新疆维吾尔自治区")));
        assert_eq!(province("990000"), None);
        assert_eq!(province("1"), None);
        assert_eq!(province("新疆"), None);
    }
}
