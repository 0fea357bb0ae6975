//! What a character is to the matcher, from its Unicode properties. Shared
//! by the build script (which tabulates the basic plane) and the
//! normalizer (which asks for the rest).

use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory, GeneralCategoryGroup};
use icu_properties::{CodePointMapData, CodePointSetData};

/// What a character (already NFKC-folded) is to the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Class {
    /// Part of a word (letters, digits, ideographs): kept.
    Word = 0,
    /// Not seen as part of any word: default-ignorable code points, controls,
    /// format characters, combining marks, white space. Dropped everywhere.
    Invisible = 1,
    /// Punctuation or a symbol (and 〇): dropped where it stands between two
    /// characters that some term has side by side, so `虚拟-货币` reads as
    /// 虚拟货币; kept elsewhere.
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
    {
        return Class::Separator;
    }
    Class::Word
}
