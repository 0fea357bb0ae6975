//! The matcher's view of text: NFKC (full-width → half-width), lower case,
//! whitespace, zero-width/format characters and quotation marks removed, and
//! traditional characters folded to simplified — with a map from every
//! normalized byte back to the original character it came from.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

include!(concat!(env!("OUT_DIR"), "/trad_simp.rs"));

/// The simplified form of a traditional character, from the full table.
pub fn simplified(c: char) -> Option<char> {
    TRAD_TO_SIMP
        .binary_search_by_key(&c, |&(t, _)| t)
        .ok()
        .map(|i| TRAD_TO_SIMP[i].1)
}

/// Characters dropped before matching: they are invisible or only
/// decorate a word, and are the usual way to split a term so a naive
/// keyword search misses it.
pub fn is_ignorable(c: char) -> bool {
    c.is_whitespace()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
            // quotation marks and dots used for emphasis: 虚拟货币“挖矿”
            | '"' | '\'' | '`' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』' | '·' | '・' | '•')
}

/// Pushes the normalized form of `c` (before the traditional fold).
fn push_base(c: char, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        // CJK unified ideographs are NFKC-stable.
        out(c);
    } else {
        for n in std::iter::once(c).nfkc() {
            for l in n.to_lowercase() {
                out(latin_lookalike(l).unwrap_or(l));
            }
        }
    }
}

/// Cyrillic and Greek letters that look like Latin ones (ВТС for BTC,
/// USDТ with a Cyrillic Т), folded after lower-casing. Only letters whose
/// upper- or lower-case form is a common look-alike are listed.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' => 'e',
        'н' | 'η' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' | 'μ' => 'm',
        'ν' => 'v',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'у' | 'υ' | 'ү' => 'y',
        'ԝ' => 'w',
        'х' | 'χ' => 'x',
        'ζ' => 'z',
        _ => return None,
    })
}

/// Normalizes a rule term: the same steps as text, with the full
/// traditional→simplified fold (a term may be written in either form).
pub fn normalize_term(term: &str) -> String {
    let mut s = String::with_capacity(term.len());
    for c in term.chars() {
        push_base(c, &mut |n| {
            if !is_ignorable(n) {
                s.push(simplified(n).unwrap_or(n));
            }
        });
    }
    s
}

/// A normalized text and its way back.
#[derive(Debug, Default)]
pub struct Normalized<'a> {
    pub text: std::borrow::Cow<'a, str>,
    /// For each byte of `text`: the original byte range of the character it
    /// came from. Empty when `text` is the original (nothing to change).
    origin: Vec<(u32, u32)>,
}

impl Normalized<'_> {
    /// The original byte range covering normalized bytes `start..end`.
    pub fn original(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        if self.origin.is_empty() {
            return start..end;
        }
        let s = self.origin[start].0 as usize;
        let e = self.origin[end - 1].1 as usize;
        s..e
    }
}

/// Normalizes text for matching; folds traditional characters only into
/// simplified characters that occur in some rule term.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    /// Basic-plane characters that can be matched as they are: unchanged by
    /// normalization, or changed only into characters no term contains
    /// (full-width punctuation). A text made only of these is scanned as is.
    keep_bmp: Vec<bool>,
    /// Basic-plane characters → their simplified form (0: unchanged). A flat
    /// table: this lookup runs for every character of every filing.
    fold_bmp: Vec<u32>,
    /// The rest (supplementary-plane characters), rarely hit.
    fold_other: HashMap<char, char>,
}

impl Normalizer {
    /// `term_chars`: every character of every normalized rule term.
    pub fn new(term_chars: impl IntoIterator<Item = char>) -> Self {
        let wanted: std::collections::HashSet<char> = term_chars.into_iter().collect();
        let mut fold_bmp = vec![0u32; 0x1_0000];
        let mut fold_other = HashMap::new();
        for &(t, s) in TRAD_TO_SIMP.iter().filter(|(_, s)| wanted.contains(s)) {
            match fold_bmp.get_mut(t as usize) {
                Some(slot) => *slot = s as u32,
                None => {
                    fold_other.insert(t, s);
                }
            }
        }
        let mut n = Normalizer {
            keep_bmp: vec![],
            fold_bmp,
            fold_other,
        };
        n.keep_bmp = n.keepable(&wanted);
        n
    }

    /// Which basic-plane characters `keeps` accepts. Only the ranges common
    /// in Chinese text are worked out (CJK ideographs, CJK and general
    /// punctuation, full-width forms); anything else takes the slow path.
    fn keepable(&self, wanted: &std::collections::HashSet<char>) -> Vec<bool> {
        let mut keep = vec![false; 0x1_0000];
        for c in ('\u{4E00}'..='\u{9FFF}').filter(|c| self.fold(*c) == *c) {
            keep[c as usize] = true;
        }
        let ranges = [
            '\u{2000}'..='\u{206F}',
            '\u{3000}'..='\u{303F}',
            '\u{FF00}'..='\u{FFEF}',
        ];
        for c in ranges.into_iter().flatten() {
            let mut out = vec![];
            push_base(c, &mut |n| out.push(n));
            let unchanged = out == [c] && self.fold(c) == c && !is_ignorable(c);
            let irrelevant =
                !out.is_empty() && out.iter().all(|o| !is_ignorable(*o) && !wanted.contains(o));
            keep[c as usize] = unchanged || irrelevant;
        }
        keep
    }

    /// Whether `c` can be matched as it stands (see `keep_bmp`).
    fn keeps(&self, c: char) -> bool {
        if c.is_ascii() {
            !(c.is_ascii_uppercase() || is_ignorable(c))
        } else {
            self.keep_bmp.get(c as usize).copied().unwrap_or(false)
        }
    }

    fn fold(&self, c: char) -> char {
        match self.fold_bmp.get(c as usize) {
            Some(0) => c,
            Some(&s) => char::from_u32(s).unwrap_or(c),
            None => self.fold_other.get(&c).copied().unwrap_or(c),
        }
    }

    pub fn normalize<'a>(&self, text: &'a str) -> Normalized<'a> {
        // Most registry text needs no change that could affect a match.
        if text.chars().all(|c| self.keeps(c)) {
            return Normalized {
                text: std::borrow::Cow::Borrowed(text),
                origin: vec![],
            };
        }
        let mut norm = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let range = (i as u32, (i + c.len_utf8()) as u32);
            push_base(c, &mut |n| {
                if is_ignorable(n) {
                    return;
                }
                let n = self.fold(n);
                norm.push(n);
                for _ in 0..n.len_utf8() {
                    origin.push(range);
                }
            });
        }
        Normalized {
            text: std::borrow::Cow::Owned(norm),
            origin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evasions_normalize_to_the_term() {
        let n = Normalizer::new(normalize_term("虚拟货币btc挖矿").chars());
        for (input, want) in [
            ("虛擬貨幣", "虚拟货币"),
            ("虚 拟 货 币", "虚拟货币"),
            ("ＢＴＣ挖矿", "btc挖矿"),
            ("虚拟\u{200B}货币", "虚拟货币"),
            ("虚拟货币“挖矿”", "虚拟货币挖矿"),
        ] {
            assert_eq!(n.normalize(input).text, want, "{input}");
        }
    }

    #[test]
    fn offsets_map_back_to_original_characters() {
        let n = Normalizer::new(normalize_term("虚拟货币").chars());
        let src = "经营ＢＴＣ 虛擬\u{200B}貨幣";
        let norm = n.normalize(src);
        let at = norm.text.find("虚拟货币").unwrap();
        let r = norm.original(at, at + "虚拟货币".len());
        assert_eq!(&src[r], "虛擬\u{200B}貨幣");
    }

    #[test]
    fn folds_only_into_term_characters() {
        let n = Normalizer::new("货币".chars());
        // 雲 → 云 is not wanted (云 is in no term), so it stays.
        assert_eq!(n.normalize("貨幣雲").text, "货币雲");
    }
}
