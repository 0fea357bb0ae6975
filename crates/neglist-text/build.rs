//! Tabulates what the normalizer asks of every basic-plane character, so
//! that a run does not compute it: the character classes and look-alike
//! folds (from `src/classes.rs`, the normalizer's own rule), and the
//! traditional→simplified table. The latter comes from the `fast2s` crate
//! (OpenCC-derived); we keep only one-character-to-one-character folds,
//! because the normalizer must map every normalized character back to
//! exactly one original character.
use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    character_classes();
    lookalikes();
    nfkc_stable();
    let mut pairs = Vec::new();
    let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
    for range in ranges {
        for cp in range {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let converted = fast2s::convert(&c.to_string());
            let mut chars = converted.chars();
            if let (Some(s), None) = (chars.next(), chars.next())
                && s != c
            {
                pairs.push((c, s));
            }
        }
    }
    let mut out = String::from("/// (traditional, simplified) pairs, sorted by the first char.\n");
    out.push_str("pub static TRAD_TO_SIMP: &[(char, char)] = &[\n");
    for (t, s) in &pairs {
        writeln!(
            out,
            "    ('\\u{{{:x}}}', '\\u{{{:x}}}'),",
            *t as u32, *s as u32
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("trad_simp.rs");
    std::fs::write(dest, out).unwrap();
}

/// The matcher's class of every basic-plane character (see
/// `normalize::Class`), one byte each, from the Unicode properties
/// icu_properties carries: 0 word, 1 invisible, 2 separator, 3 boundary.
/// Computed here so that a run starts without asking ICU 65 536 times; the
/// rule (`class_from_properties`) is the normalizer's own, included from
/// src/classes.rs.
fn character_classes() {
    println!("cargo:rerun-if-changed=src/classes.rs");
    let table: Vec<u8> = (0u32..0x1_0000)
        .map(|cp| char::from_u32(cp).map_or(1, |c| classes::class_from_properties(c) as u8))
        .collect();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("classes.bin");
    std::fs::write(dest, table).unwrap();
}

/// The basic plane's look-alike folds (`classes::lookalike_from_data`:
/// UTS #39 confusables that show a reader Latin letters, radicals that are
/// ideographs), as a sorted table, so that a run does not compute
/// skeletons; the other planes are asked at run time.
fn lookalikes() {
    let mut out = String::from("/// (character, what it shows), sorted.\n");
    out.push_str("pub static LOOKALIKES_BMP: &[(char, &str)] = &[\n");
    for c in (0x80u32..0x1_0000).filter_map(char::from_u32) {
        if let Some(s) = classes::lookalike_from_data(c) {
            writeln!(out, "    ('\\u{{{:x}}}', {:?}),", c as u32, s).unwrap();
        }
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("lookalikes.rs");
    std::fs::write(dest, out).unwrap();
}

/// One bit a basic-plane character: whether NFKC leaves it as it is, so
/// that the skeleton decomposes only the characters it changes.
fn nfkc_stable() {
    use unicode_normalization::UnicodeNormalization;
    let mut bits = vec![0u8; 0x2000];
    for c in ('\0'..='\u{FFFF}').filter(|c| std::iter::once(*c).nfkc().eq(std::iter::once(*c))) {
        let c = c as usize;
        bits[c >> 3] |= 1 << (c & 7);
    }
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("nfkc_stable.bin");
    std::fs::write(dest, bits).unwrap();
}

#[path = "src/classes.rs"]
mod classes;
