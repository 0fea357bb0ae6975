//! What a character is to the matcher, from its Unicode properties. Shared
//! by the build script (which tabulates the basic plane) and the
//! normalizer (which asks for the rest).

use icu_properties::props::{
    DefaultIgnorableCodePoint, GeneralCategory, GeneralCategoryGroup, Script, UnifiedIdeograph,
};
use icu_properties::{CodePointMapData, CodePointSetData};
use unicode_normalization::UnicodeNormalization;

/// What a character (already NFKC-folded) is to the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Class {
    /// Part of a word (letters, digits, ideographs): kept.
    Word = 0,
    /// Not seen as part of any word: default-ignorable code points, controls,
    /// format characters, combining marks, white space. Dropped everywhere.
    Invisible = 1,
    /// Punctuation or a symbol (and 〇), and the letters a reader takes for
    /// one (modifier letters such as ー ˉ ˇ ꓸ ـ 々, and the other letters
    /// UTS #39 finds confusable with punctuation, such as ᐧ ꞏ ㅡ): dropped
    /// where it stands between two characters that some term has side by
    /// side, so `虚拟-货币` and `虚拟ー货币` read as 虚拟货币; kept elsewhere.
    Separator = 2,
    /// The separators of a list or a clause (、，；。 and the colon that
    /// introduces a list, `保险兼业代理：财产损失保险`): never dropped, so the
    /// end of one member and the start of the next never read as one word.
    Boundary = 3,
}

/// The class of one character, from its Unicode properties.
pub fn class_from_properties(c: char) -> Class {
    if matches!(c, '、' | '，' | ',' | '；' | ';' | '。' | '｡' | '：' | ':') {
        return Class::Boundary;
    }
    if c.is_whitespace() || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c) {
        return Class::Invisible;
    }
    let gc = CodePointMapData::<GeneralCategory>::new().get(c);
    if GeneralCategoryGroup::Mark.contains(gc)
        || GeneralCategoryGroup::Control.contains(gc)
        || GeneralCategoryGroup::Format.contains(gc)
        // Unassigned code points a later Unicode may make marks or format
        // characters, and private-use ones: no word is written with them.
        || gc == GeneralCategory::Unassigned
        || gc == GeneralCategory::PrivateUse
    {
        return Class::Invisible;
    }
    if GeneralCategoryGroup::Punctuation.contains(gc)
        || GeneralCategoryGroup::Symbol.contains(gc)
        || c == '〇'
        // Modifier letters (Lm): length marks (ー ｰ), tone marks (ˉ ˇ, both
        // in GB2312), the tatweel ـ, Lisu tone letters (ꓸ), iteration
        // marks (々): none is a letter of a word a term is written with.
        || gc == GeneralCategory::ModifierLetter
        || reads_as_punctuation(c, gc)
    {
        return Class::Separator;
    }
    Class::Word
}

/// An other letter (Lo) a reader takes for punctuation (and 丶): its UTS #39
/// confusable prototype is punctuation, a symbol or a modifier letter (ᐧ
/// and ꞏ are `·`, ᅳ and ㅡ are ー, ǃ is `!`), and the Hangul araea ㆍ/ᆞ,
/// written as a middle dot (UTS #39 has it as a jamo). Han characters,
/// kana and bopomofo stay letters even where they look like strokes (一 is
/// confusable with ー, ノ with `/`): they are the words themselves.
fn reads_as_punctuation(c: char, gc: GeneralCategory) -> bool {
    // 丶 (U+4E36, the radical "dot") is typed for 、 by input methods: an
    // ideograph no word is written with.
    if c == '丶' {
        return true;
    }
    if gc != GeneralCategory::OtherLetter || CodePointSetData::new::<UnifiedIdeograph>().contains(c)
    {
        return false;
    }
    if matches!(c, '\u{318D}' | '\u{119E}') {
        return true;
    }
    let script = CodePointMapData::<Script>::new().get(c);
    if [
        Script::Han,
        Script::Hiragana,
        Script::Katakana,
        Script::Bopomofo,
    ]
    .contains(&script)
    {
        return false;
    }
    // Only characters NFKC leaves alone: the others are classed as what
    // NFKC makes of them.
    let mut nfkc = std::iter::once(c).nfkc();
    if (nfkc.next(), nfkc.next()) != (Some(c), None) {
        return false;
    }
    let map = CodePointMapData::<GeneralCategory>::new();
    let mut buf = [0u8; 4];
    let mut seen = false;
    for p in unicode_security::skeleton(c.encode_utf8(&mut buf)) {
        let g = map.get(p);
        if GeneralCategoryGroup::Mark.contains(g) {
            continue;
        }
        if !(GeneralCategoryGroup::Punctuation.contains(g)
            || GeneralCategoryGroup::Symbol.contains(g)
            || g == GeneralCategory::ModifierLetter)
        {
            return false;
        }
        seen = true;
    }
    seen
}

/// Latin-looking UTS #39 prototypes that are not Latin letters themselves
/// (small capitals and a few others: в and ʙ share the prototype ʙ, т and ᴛ
/// the prototype ᴛ, к and ĸ the prototype ĸ): the letter a reader sees.
const LATIN_PROTOTYPES: &[(char, char)] = &[
    ('ƅ', 'b'),
    ('ĸ', 'k'),
    ('ɢ', 'g'),
    ('ɴ', 'n'),
    ('ʀ', 'r'),
    ('ʙ', 'b'),
    ('ʜ', 'h'),
    ('ʟ', 'l'),
    ('ᴀ', 'a'),
    ('ᴅ', 'd'),
    ('ᴇ', 'e'),
    ('ᴊ', 'j'),
    ('ᴘ', 'p'),
    ('ᴛ', 't'),
    ('ꜰ', 'f'),
];

/// What a non-ASCII character (already NFKC-folded, in its own case) shows
/// a reader, when that is Latin letters or digits or a Han character, from
/// Unicode's confusables (UTS #39, via `unicode_security::skeleton`):
///
/// - a letter whose confusable prototype, marks dropped, is ASCII letters
///   and digits (or the small capitals above): Cherokee Ᏼ, Lisu ꓐ,
///   syllabics ᗷ, Cyrillic Ь and в, Ḃ (B and a dot), é → the ASCII
///   letters, lower-cased. The prototype `l` (shared by I, l and 1) reads
///   as `i` unless the letter is lower case (Ι І ꓲ → i, ӏ → l); `rn` is the
///   prototype of `m`;
/// - a CJK Radicals Supplement character whose prototype is an ideograph
///   (⻔ → 门; NFKC already folds the Kangxi radicals).
///
/// Han characters, kana, bopomofo and hangul are never folded: they are
/// the words themselves (一 is confusable with ー, ロ with 口).
pub fn lookalike_from_data(c: char) -> Option<String> {
    if c.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 4];
    let skeleton = unicode_security::skeleton(c.encode_utf8(&mut buf));
    if ('\u{2E80}'..='\u{2EFF}').contains(&c) {
        let s: String = skeleton.nfkc().collect();
        let mut it = s.chars();
        return match (it.next(), it.next()) {
            (Some(h), None) if CodePointSetData::new::<UnifiedIdeograph>().contains(h) => {
                Some(h.to_string())
            }
            _ => None,
        };
    }
    let map = CodePointMapData::<GeneralCategory>::new();
    let gc = map.get(c);
    if !GeneralCategoryGroup::Letter.contains(gc)
        || gc == GeneralCategory::ModifierLetter
        || CodePointSetData::new::<UnifiedIdeograph>().contains(c)
    {
        return None;
    }
    let script = CodePointMapData::<Script>::new().get(c);
    let words = [
        Script::Han,
        Script::Hiragana,
        Script::Katakana,
        Script::Bopomofo,
        Script::Hangul,
    ];
    if words.contains(&script) {
        return None;
    }
    let mut out = String::new();
    for p in skeleton {
        if GeneralCategoryGroup::Mark.contains(map.get(p)) {
            continue;
        }
        if p.is_ascii_alphanumeric() {
            out.push(p);
        } else if let Some(&(_, l)) = LATIN_PROTOTYPES.iter().find(|(q, _)| *q == p) {
            out.push(l);
        } else {
            return None;
        }
    }
    match out.as_str() {
        "" => None,
        "l" if !c.is_lowercase() => Some("i".into()),
        _ => Some(out.replace("rn", "m").to_ascii_lowercase()),
    }
}
