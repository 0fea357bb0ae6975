//! The matcher's view of text, its *skeleton*: what a reader sees as the
//! word. NFKC (full-width → half-width), lower case, Latin look-alikes,
//! traditional → simplified; invisible characters dropped (every
//! default-ignorable code point, control, format character, combining mark
//! and white space, by their Unicode properties); punctuation and symbols
//! dropped where they stand between two characters of terms (虚拟-货币,
//! b.t.c); numeric character references (`&#x865A;`) decoded. Every
//! skeleton byte maps back to the original characters it came from, so a
//! finding underlines what the file says, separators included.

use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

include!(concat!(env!("OUT_DIR"), "/trad_simp.rs"));

/// Variant characters the OpenCC table leaves as they are (鑛 is an old
/// form of 礦/矿; 鉱 and 砿 are its Japanese forms).
const VARIANTS: &[(char, char)] = &[('砿', '矿'), ('鉱', '矿'), ('鑛', '矿')];

/// The simplified form of a traditional or variant character.
pub fn simplified(c: char) -> Option<char> {
    TRAD_TO_SIMP
        .binary_search_by_key(&c, |&(t, _)| t)
        .ok()
        .map(|i| TRAD_TO_SIMP[i].1)
        .or_else(|| VARIANTS.iter().find(|(v, _)| *v == c).map(|(_, s)| *s))
}

pub use crate::classes::Class;

/// The class of every basic-plane character, tabulated at build time.
static CLASSES_BMP: &[u8; 0x1_0000] = include_bytes!(concat!(env!("OUT_DIR"), "/classes.bin"));

/// The class of one character (see [`Class`]).
pub fn class_of(c: char) -> Class {
    match CLASSES_BMP.get(c as usize) {
        Some(0) => Class::Word,
        Some(1) => Class::Invisible,
        Some(2) => Class::Separator,
        Some(_) => Class::Boundary,
        None => crate::classes::class_from_properties(c),
    }
}

/// `s` without the invisible characters ([`Class::Invisible`]: white
/// space, default-ignorables such as U+200B, controls, format characters,
/// marks) at either end. Empty when nothing a reader sees is written: a
/// waiver's reason of U+200B alone is no reason.
pub fn trim_invisible(s: &str) -> &str {
    s.trim_matches(|c| class_of(c) == Class::Invisible)
}

include!(concat!(env!("OUT_DIR"), "/lookalikes.rs"));

/// What a non-ASCII character (NFKC-folded, in its own case) shows a
/// reader, if Latin letters or a Han character: UTS #39 confusables
/// ([`crate::classes::lookalike_from_data`]), tabulated for the basic plane
/// at build time.
fn lookalike(c: char) -> Option<std::borrow::Cow<'static, str>> {
    if c <= '\u{FFFF}' {
        LOOKALIKES_BMP
            .binary_search_by_key(&c, |&(k, _)| k)
            .ok()
            .map(|i| std::borrow::Cow::Borrowed(LOOKALIKES_BMP[i].1))
    } else {
        crate::classes::lookalike_from_data(c).map(std::borrow::Cow::Owned)
    }
}

/// Pushes the normalized form of `c` (before the traditional fold).
fn push_base(c: char, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        // CJK unified ideographs are NFKC-stable.
        out(c);
    } else if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        // Full-width ASCII is its ASCII by NFKC (<wide> U+0021..U+007E):
        // the commonest marks of registry text (（）：，；) need no
        // decomposition.
        let n = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
        out(n.to_ascii_lowercase());
    } else {
        let mut read = |n: char| {
            if n.is_ascii() {
                out(n.to_ascii_lowercase());
            } else if let Some(s) = lookalike(n) {
                s.chars().for_each(&mut *out);
            } else {
                for l in n.to_lowercase() {
                    out(latin_lookalike(l).unwrap_or(l));
                }
            }
        };
        // (Most marks of registry text — 、。《》“” — are their own NFKC:
        // a table says so without decomposing them.)
        if nfkc_stable(c) {
            read(c);
        } else {
            std::iter::once(c).nfkc().for_each(read);
        }
    }
}

/// One bit a basic-plane character: whether NFKC leaves it as it is
/// (build.rs).
static NFKC_STABLE: &[u8; 0x2000] = include_bytes!(concat!(env!("OUT_DIR"), "/nfkc_stable.bin"));

fn nfkc_stable(c: char) -> bool {
    let c = c as usize;
    c < 0x1_0000 && NFKC_STABLE[c >> 3] & (1 << (c & 7)) != 0
}

/// Whether a reader sees `c` as a Latin letter or a digit (`b`, `Ｂ`, `Ᏼ`,
/// `ʙ`): a Latin term next to it is not at a word boundary.
pub fn reads_latin(c: char) -> bool {
    let mut latin = false;
    push_base(c, &mut |n| latin |= n.is_ascii_alphanumeric());
    latin
}

/// Lower-case Cyrillic and Greek letters that look like Latin ones but
/// whose UTS #39 prototype is not Latin (μ, ζ and χ have none; ε's is ꞓ,
/// β's ß, м's ʍ), and the small capital ᴍ (prototype ʍ): folded after
/// lower-casing.
/// Everything else comes from the confusables (`lookalike`).
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'β' => 'b',
        'ε' => 'e',
        'м' | 'μ' | 'ᴍ' => 'm',
        'χ' => 'x',
        'ζ' => 'z',
        _ => return None,
    })
}

/// Iteration marks: a reader sees the character before them again (狗々币
/// is 狗狗币). Unicode has no property for them; these are the characters
/// it names ITERATION MARK or REPEAT MARK (ideographic, kana, Tangut,
/// Nüshu, Old Chinese). Where the repeat does not continue a term, one is
/// a modifier letter like any other ([`Class::Separator`]): 虚拟々货币 is
/// read past, as a stutter.
const ITERATION_MARKS: &[char] = &[
    '々',
    '〻',
    'ゝ',
    'ゞ',
    'ヽ',
    'ヾ',
    '〱',
    '〲',
    '\u{16FE0}',
    '\u{16FE1}',
    '\u{16FE3}',
];

fn is_iteration_mark(c: char) -> bool {
    ITERATION_MARKS.contains(&c)
}

/// Normalizes a rule term the way text is normalized, with the full
/// traditional→simplified fold (a term may be written in either form).
pub fn normalize_term(term: &str) -> String {
    let mut s = String::with_capacity(term.len());
    let mut pending = String::new();
    let mut last_word = false;
    for c in term.chars() {
        push_base(c, &mut |n| {
            let n = simplified(n).unwrap_or(n);
            // An iteration mark after a letter is that letter again.
            let n = match s.chars().next_back() {
                Some(p) if last_word && is_iteration_mark(n) => p,
                _ => n,
            };
            match class_of(n) {
                Class::Invisible => {}
                Class::Separator => pending.push(n),
                cls => {
                    let word = cls == Class::Word;
                    if !(word && last_word) {
                        s.push_str(&pending);
                    }
                    pending.clear();
                    s.push(n);
                    last_word = word;
                }
            }
        });
    }
    s.push_str(&pending);
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

pub use crate::charref::char_reference;

use crate::pairs::{PairFilter, key as pair};

/// Bits of the filter in front of `Normalizer::pairs`: 2^18 (32 KB), a few
/// per cent of its bits set by a catalogue's worth of pairs.
const PAIR_BITS: u32 = 18;

/// Per-character facts for the basic plane, one byte each (the class of
/// any character is `class_of`'s; SEP repeats it here only so the fast
/// path reads one table).
const KEEP: u8 = 1; // matched as it stands (see `Normalizer::as_is`)
const TERM: u8 = 2; // occurs in some term
const SEP: u8 = 4; // Class::Separator

/// Normalizes text for matching; folds traditional characters only into
/// simplified characters that occur in some rule term.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    /// Basic-plane characters: KEEP, TERM and class bits. KEEP marks a
    /// character the skeleton keeps unchanged (or changes only into
    /// characters of the same class that no term contains, such as
    /// full-width punctuation); a text of such characters with no separator
    /// between two term characters is scanned as it is.
    flags: Vec<u8>,
    /// Basic-plane characters → their simplified form (0: unchanged). A flat
    /// table: this lookup runs for every character of every filing.
    fold_bmp: Vec<u32>,
    /// The rest (supplementary-plane characters), rarely hit.
    fold_other: HashMap<char, char>,
    /// Term characters outside the basic plane.
    term_other: HashSet<char>,
    /// Every pair of characters that stand next to each other in some term
    /// (`(a << 32) | b`, sorted): a separator is dropped only between such
    /// a pair, so `虚拟-货币` joins and `软件开发（不含…` is left alone.
    pairs: Vec<u64>,
    /// One bit a hash of a pair, set for each of `pairs`: most pairs of
    /// characters side by side in a text are no term's, and this says so
    /// without a search (a set bit still asks `pairs`).
    pair_filter: PairFilter,
}

impl Normalizer {
    /// `terms`: every normalized rule term.
    pub fn new<S: AsRef<str>>(terms: &[S]) -> Self {
        let mut n = Normalizer::lean(terms);
        n.mark_kept();
        n
    }

    /// A normalizer without the fast path: every text goes through the
    /// character-by-character skeleton, which is always right. Working out
    /// which characters the fast path may keep costs more than it saves for
    /// the one filing a pre-commit hook checks.
    pub fn lean<S: AsRef<str>>(terms: &[S]) -> Self {
        let wanted: HashSet<char> = terms.iter().flat_map(|t| t.as_ref().chars()).collect();
        let mut pairs: Vec<u64> = terms
            .iter()
            .flat_map(|t| {
                let chars: Vec<char> = t.as_ref().chars().collect();
                chars
                    .windows(2)
                    .map(|w| pair(w[0], w[1]))
                    .collect::<Vec<_>>()
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let pair_filter = PairFilter::new(PAIR_BITS, pairs.iter().copied());
        let mut fold_bmp = vec![0u32; 0x1_0000];
        let mut fold_other = HashMap::new();
        let folds = TRAD_TO_SIMP.iter().chain(VARIANTS);
        for &(t, s) in folds.filter(|(_, s)| wanted.contains(s)) {
            match fold_bmp.get_mut(t as usize) {
                Some(slot) => *slot = s as u32,
                None => {
                    fold_other.insert(t, s);
                }
            }
        }
        let mut flags = vec![0u8; 0x1_0000];
        for c in &wanted {
            if let Some(f) = flags.get_mut(*c as usize) {
                *f |= TERM;
            }
        }
        Normalizer {
            flags,
            fold_bmp,
            fold_other,
            term_other: wanted.iter().copied().filter(|c| *c > '\u{FFFF}').collect(),
            pairs,
            pair_filter,
        }
    }

    /// Adds KEEP (and SEP) to the basic plane's flags: the fast path. KEEP
    /// is worked out for the ranges common in Chinese registry text (ASCII
    /// and Latin-1, general punctuation and symbols, CJK punctuation,
    /// full-width forms, CJK ideographs); anything else takes the slow
    /// path, which is always right.
    fn mark_kept(&mut self) {
        let mut flags = std::mem::take(&mut self.flags);
        // Whether `c` occurs in a term: the TERM bits `lean` set, or the
        // characters beyond the basic plane.
        let in_term = |flags: &[u8], c: char| match flags.get(c as usize) {
            Some(f) => f & TERM != 0,
            None => self.term_other.contains(&c),
        };
        // (丶 is an ideograph read as punctuation: the slow path's.)
        for c in
            ('\u{4E00}'..='\u{9FFF}').filter(|c| self.fold(*c) == *c && class_of(*c) == Class::Word)
        {
            flags[c as usize] |= KEEP;
        }
        let ranges = [
            '\u{0}'..='\u{FF}',
            '\u{2000}'..='\u{2BFF}',
            '\u{3000}'..='\u{303F}',
            '\u{FF00}'..='\u{FFEF}',
        ];
        for c in ranges.into_iter().flatten() {
            let class = class_of(c);
            if class == Class::Separator {
                flags[c as usize] |= SEP;
            }
            if class == Class::Invisible || c == '&' || is_iteration_mark(c) {
                continue;
            }
            let mut out = vec![];
            push_base(c, &mut |n| out.push(n));
            let unchanged = out == [c] && self.fold(c) == c;
            let same_class_elsewhere = !out.is_empty()
                && out
                    .iter()
                    .all(|o| class_of(*o) == class && class != Class::Word && !in_term(&flags, *o));
            if unchanged || same_class_elsewhere {
                flags[c as usize] |= KEEP;
            }
        }
        self.flags = flags;
    }

    fn fold(&self, c: char) -> char {
        match self.fold_bmp.get(c as usize) {
            Some(0) => c,
            Some(&s) => char::from_u32(s).unwrap_or(c),
            None => self.fold_other.get(&c).copied().unwrap_or(c),
        }
    }

    /// Class and whether `c` (normalized) occurs in a term.
    fn facts(&self, c: char) -> (Class, bool) {
        let term = match self.flags.get(c as usize) {
            Some(f) => f & TERM != 0,
            None => self.term_other.contains(&c),
        };
        (class_of(c), term)
    }

    /// Whether `a` then `b` stand next to each other in some term.
    fn joins(&self, a: char, b: char) -> bool {
        let p = pair(a, b);
        self.pair_filter.may_contain(p) && self.pairs.binary_search(&p).is_ok()
    }

    /// Whether `text` is its own skeleton as far as any term can tell: every
    /// character KEEP, no separator between two characters that some term
    /// has side by side, no character reference. Most registry text is.
    fn as_is(&self, text: &str) -> bool {
        let mut last_term: Option<char> = None;
        let mut gap = false;
        for c in text.chars() {
            let f = self.flags.get(c as usize).copied().unwrap_or(0);
            if f & KEEP == 0 {
                return false;
            }
            if f & SEP != 0 {
                gap = true;
                continue;
            }
            let term = f & TERM != 0;
            if term
                && gap
                && let Some(p) = last_term
                && self.joins(p, c)
            {
                return false;
            }
            last_term = term.then_some(c);
            gap = false;
        }
        true
    }

    pub fn normalize<'a>(&self, text: &'a str) -> Normalized<'a> {
        if self.as_is(text) {
            return Normalized {
                text: std::borrow::Cow::Borrowed(text),
                origin: vec![],
            };
        }
        let mut norm = String::with_capacity(text.len());
        let mut origin: Vec<(u32, u32)> = Vec::with_capacity(text.len());
        // Separators since the last kept character, held until the next one
        // says whether they stand inside a term.
        let mut pending: Vec<(char, (u32, u32))> = vec![];
        let mut last_term: Option<char> = None;
        let mut outs: Vec<char> = Vec::with_capacity(4);
        let push = |norm: &mut String, origin: &mut Vec<(u32, u32)>, n: char, range| {
            norm.push(n);
            origin.extend(std::iter::repeat_n(range, n.len_utf8()));
        };
        let mut i = 0;
        while let Some(first) = text[i..].chars().next() {
            let (c, len) = match first {
                '&' => char_reference(&text[i..]).unwrap_or(('&', 1)),
                c => (c, c.len_utf8()),
            };
            let range = (i as u32, (i + len) as u32);
            outs.clear();
            push_base(c, &mut |n| outs.push(n));
            // A symbol or modifier letter that NFKC makes a letter (ʰ, ⓑ,
            // ™) is read as that letter where it continues a term (bᵗc),
            // else read past like punctuation (虚拟ʰ货币).
            let loose = class_of(c) == Class::Separator;
            for &n in &outs {
                let n = self.fold(n);
                // An iteration mark repeats a term character where the
                // repeat continues a term (狗々币); elsewhere it is read
                // past like punctuation.
                let n = match last_term {
                    Some(p) if is_iteration_mark(n) && self.joins(p, p) => p,
                    _ => n,
                };
                match self.facts(n) {
                    (Class::Invisible, _) => {}
                    (Class::Separator, _) => pending.push((n, range)),
                    (class, term) => {
                        let term = term && class == Class::Word;
                        let inside = term && last_term.is_some_and(|p| self.joins(p, n));
                        if loose && class == Class::Word && !inside {
                            pending.push((n, range));
                            continue;
                        }
                        if !inside {
                            for &(p, r) in &pending {
                                push(&mut norm, &mut origin, p, r);
                            }
                        }
                        pending.clear();
                        push(&mut norm, &mut origin, n, range);
                        last_term = term.then_some(n);
                    }
                }
            }
            i += len;
        }
        for (p, r) in pending {
            push(&mut norm, &mut origin, p, r);
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
    fn the_pair_filter_passes_every_pair_of_a_term_and_answers_as_the_search() {
        let terms: Vec<String> = ["虚拟货币", "挖矿", "保安服务", "btc", "区块链技术"]
            .iter()
            .map(|t| t.to_string())
            .collect();
        let n = Normalizer::lean(&terms);
        let chars: Vec<char> = terms.iter().flat_map(|t| t.chars()).collect();
        for t in &terms {
            let cs: Vec<char> = t.chars().collect();
            for w in cs.windows(2) {
                assert!(n.joins(w[0], w[1]), "{t}: {}{}", w[0], w[1]);
            }
        }
        for &a in &chars {
            for &b in &chars {
                assert_eq!(
                    n.joins(a, b),
                    n.pairs.binary_search(&pair(a, b)).is_ok(),
                    "{a}{b}"
                );
            }
        }
    }

    fn normalizer() -> Normalizer {
        Normalizer::new(
            &[
                "虚拟货币",
                "btc",
                "挖矿",
                "交易",
                "理财",
                "货币交易",
                "虚拟货币挖矿",
            ]
            .map(normalize_term),
        )
    }

    #[test]
    fn evasions_normalize_to_the_term() {
        let n = normalizer();
        for (input, want) in [
            ("虛擬貨幣", "虚拟货币"),
            ("虚 拟 货 币", "虚拟货币"),
            ("ＢＴＣ挖矿", "btc挖矿"),
            ("虚拟\u{200B}货币", "虚拟货币"),
            ("虚拟货币“挖矿”", "虚拟货币挖矿”"),
            ("虚\u{E0100}拟\u{E0100}货币", "虚拟货币"),
            ("虚\u{0}拟\u{1b}货\u{7f}币\u{80}交易", "虚拟货币交易"),
            ("虚\u{0301}拟\u{20DD}货币", "虚拟货币"),
            ("虚\u{0600}拟\u{FFF9}货\u{13430}币", "虚拟货币"),
            ("虚拟-货币-交易", "虚拟货币交易"),
            ("虚．拟_货/币〇交○易", "虚拟货币交易"),
            ("虚【拟】货（币）★交！易～", "虚拟货币交易~"),
            ("&#x865A;&#x62DF;货币", "虚拟货币"),
            ("&#34394;&#25311;货币", "虚拟货币"),
            ("虚拟&nbsp;货币", "虚拟货币"),
            ("挖鑛", "挖矿"),
            ("b.t.c", "btc"),
        ] {
            assert_eq!(n.normalize(input).text, want, "{input:?}");
        }
    }

    #[test]
    fn the_nfkc_table_is_nfkc() {
        for c in ('\0'..='\u{FFFF}').filter(|c| !c.is_ascii()) {
            let stable = std::iter::once(c).nfkc().eq(std::iter::once(c));
            assert_eq!(nfkc_stable(c), stable, "{c:?}");
        }
    }

    #[test]
    fn full_width_ascii_is_read_as_nfkc_reads_it() {
        for c in '\u{FF01}'..='\u{FF5E}' {
            let mut fast = vec![];
            push_base(c, &mut |n| fast.push(n));
            let slow: Vec<char> = std::iter::once(c)
                .nfkc()
                .map(|n| n.to_ascii_lowercase())
                .collect();
            assert_eq!(fast, slow, "{c:?}");
        }
    }

    #[test]
    fn separators_stay_where_they_do_not_join_term_characters() {
        let n = normalizer();
        for (input, want) in [
            // A list or clause separator never joins.
            ("虚拟、货币", "虚拟、货币"),
            ("虚拟；货币", "虚拟；货币"),
            ("代理：财产", "代理：财产"),
            // Punctuation next to a character no term has stays.
            ("软件-开发", "软件-开发"),
            ("虚拟-现实", "虚拟-现实"),
            ("(btc)", "(btc)"),
        ] {
            assert_eq!(n.normalize(input).text, want, "{input:?}");
        }
    }

    #[test]
    fn offsets_map_back_to_original_characters() {
        let n = normalizer();
        for src in [
            "经营ＢＴＣ 虛擬\u{200B}貨幣",
            "经营虚-拟\u{E0100}货&#x5E01;服务",
        ] {
            let norm = n.normalize(src);
            let at = norm.text.find("虚拟货币").unwrap();
            let r = norm.original(at, at + "虚拟货币".len());
            let cut = &src[r];
            assert!(
                cut.starts_with(['虚', '虛']) && cut.ends_with(['币', '幣', ';']),
                "{cut}"
            );
        }
    }

    #[test]
    fn folds_only_into_term_characters() {
        let n = Normalizer::new(&["货币"]);
        // 雲 → 云 is not wanted (云 is in no term), so it stays.
        assert_eq!(n.normalize("貨幣雲").text, "货币雲");
    }

    #[test]
    fn classes_come_from_unicode_properties() {
        assert_eq!(class_of('\u{E0100}'), Class::Invisible);
        assert_eq!(class_of('\u{0301}'), Class::Invisible);
        assert_eq!(class_of('\u{1b}'), Class::Invisible);
        assert_eq!(class_of('\u{3164}'), Class::Invisible);
        assert_eq!(class_of('-'), Class::Separator);
        assert_eq!(class_of('★'), Class::Separator);
        assert_eq!(class_of('、'), Class::Boundary);
        assert_eq!(class_of('币'), Class::Word);
        assert_eq!(class_of('b'), Class::Word);
    }

    #[test]
    fn the_build_time_table_is_the_properties() {
        for c in ('\u{0}'..='\u{FFFF}').step_by(1) {
            assert_eq!(
                class_of(c),
                crate::classes::class_from_properties(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn character_references() {
        assert_eq!(char_reference("&#x865A;x"), Some(('虚', 8)));
        assert_eq!(char_reference("&#34394;"), Some(('虚', 8)));
        assert_eq!(char_reference("&#34394货"), Some(('虚', 7)));
        assert_eq!(char_reference("&nbsp;"), Some(('\u{A0}', 6)));
        assert_eq!(char_reference("&x"), None);
        assert_eq!(char_reference("&#xFFFFFFFFF;"), None);
        assert_eq!(char_reference("&#xD800;"), None);
    }

    fn base(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            push_base(c, &mut |n| out.push(n));
        }
        out
    }

    #[test]
    fn latin_look_alikes_come_from_the_confusables() {
        for (input, want) in [
            ("ᏴᎢᏟ", "btc"),   // Cherokee
            ("ꓐꓔꓚ", "btc"),   // Lisu
            ("ꓴꓢꓓꓔ", "usdt"), // Lisu
            ("ᗷTC", "btc"),   // Canadian syllabics
            ("ʙᴛᴄ", "btc"),   // small capitals
            ("ЬТС", "btc"),   // Cyrillic
            ("ВТС", "btc"),
            ("ḂṪĊ", "btc"), // dots above
            ("bіtcoіn", "bitcoin"),
            ("BІTCOІN", "bitcoin"), // Cyrillic І, upper case
            ("ꓐꓲꓔꓚꓳꓲꓠ", "bitcoin"),
            ("ΒΤC", "btc"),
            ("⻔罗币", "门罗币"), // CJK Radicals Supplement
            ("⾦融", "金融"),     // Kangxi radical (NFKC)
        ] {
            assert_eq!(base(input), want, "{input:?}");
        }
        // Han characters, kana and hangul are words, never look-alikes.
        for word in ["一丨丿", "ロエカ", "가나", "ノく"] {
            assert_eq!(base(word), word);
        }
    }

    #[test]
    fn the_hand_table_it_replaced_still_folds() {
        // The former Cyrillic/Greek table: every letter, upper and lower
        // case, still reads as its Latin letter. Lower-case η and υ read
        // as what they look like (n, u); upper-case Η and Υ as H and Y.
        for (letters, want) in [
            ("аα", 'a'),
            ("вβ", 'b'),
            ("с", 'c'), // (ϲ was listed too, but NFKC makes it ς first)
            ("ԁ", 'd'),
            ("еε", 'e'),
            ("н", 'h'),
            ("іι", 'i'),
            ("ј", 'j'),
            ("кκ", 'k'),
            ("мμ", 'm'),
            ("ν", 'v'),
            ("оο", 'o'),
            ("рρ", 'p'),
            ("ԛ", 'q'),
            ("ѕ", 's'),
            ("тτ", 't'),
            ("уү", 'y'),
            ("ԝ", 'w'),
            ("хχ", 'x'),
            ("ζ", 'z'),
        ] {
            for c in letters.chars() {
                assert_eq!(base(&c.to_string()), want.to_string(), "{c:?}");
                // Upper case too, but for Ԁ (which looks like no Latin
                // letter) and Ν (which is N).
                let upper: String = c.to_uppercase().collect();
                if !["Ԁ", "Ν"].contains(&upper.as_str()) {
                    assert_eq!(base(&upper), want.to_string(), "{upper:?}");
                }
            }
        }
        assert_eq!(base("ηΗυΥΝ"), "nhuyn");
    }

    #[test]
    fn the_build_time_look_alikes_are_the_confusables() {
        for c in ('\u{80}'..='\u{FFFF}').step_by(1) {
            let table = LOOKALIKES_BMP
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .map(|i| LOOKALIKES_BMP[i].1.to_string());
            assert_eq!(table, crate::classes::lookalike_from_data(c), "{c:?}");
        }
    }

    #[test]
    fn letters_that_read_as_punctuation_join_a_term() {
        let n = normalizer();
        for c in "ーｰˉˇꓸㆍꞏᐧـ々〻\u{16FE3}ㅡᅳǃ".chars() {
            let text = format!("虚拟{c}货币交易");
            assert_eq!(n.normalize(&text).text, "虚拟货币交易", "{c:?}");
            let seen = base(&c.to_string());
            assert!(
                seen.chars().all(|s| class_of(s) == Class::Separator),
                "{c:?}"
            );
        }
        // ... and stay where they do not stand inside a term.
        for text in ["コーヒー", "ゲーム开发", "虚拟ー现实", "人々"] {
            assert_eq!(n.normalize(text).text, text);
        }
        // Words stay words.
        for c in "一ノくロㅇ가ᄀあア丨".chars() {
            assert_eq!(class_of(c), Class::Word, "{c:?}");
        }
    }

    #[test]
    fn a_symbol_or_modifier_that_nfkc_makes_a_letter_is_read_past_or_as_the_letter() {
        let n = normalizer();
        for (input, want) in [
            ("虚拟ʰ货币", "虚拟货币"),
            ("虚拟™货币", "虚拟货币"),
            ("bᵗc挖矿", "btc挖矿"),
            ("ⓑⓣⓒ挖矿", "btc挖矿"),
            ("ʰ软件", "h软件"),
        ] {
            assert_eq!(n.normalize(input).text, want, "{input:?}");
        }
    }

    #[test]
    fn an_iteration_mark_repeats_where_the_repeat_continues_a_term() {
        let n = Normalizer::new(&["狗狗币", "虚拟货币"].map(normalize_term));
        assert_eq!(n.normalize("狗々币").text, "狗狗币");
        assert_eq!(n.normalize("狗〻币").text, "狗狗币");
        assert_eq!(n.normalize("虚拟々货币").text, "虚拟货币");
        assert_eq!(normalize_term("狗々币"), "狗狗币");
        let lean = Normalizer::lean(&["狗狗币"]);
        assert_eq!(lean.normalize("狗々币").text, "狗狗币");
        // The way back: the repeat is the mark.
        let norm = n.normalize("x狗々币");
        assert_eq!(norm.original(4, 7), 4..7);
    }
}
