//! HTML character references (`&#x865A;`, `&#34394;`, `&nbsp;`): a
//! registry's web page shows the character, so the matcher and the scope
//! parser read them as that character.

/// The character a numeric (`&#x865A;`, `&#34394;`) or common named
/// (`&nbsp;`) character reference at the start of `s` stands for, and the
/// reference's length. A registry's web page shows the character, so the
/// matcher reads it as that character. (A missing `;` is accepted after a
/// numeric reference, as browsers do.)
pub fn char_reference(s: &str) -> Option<(char, usize)> {
    let body = s.strip_prefix('&')?;
    if let Some(num) = body.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let n = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if n == 0 || n > 8 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..n], if hex { 16 } else { 10 }).ok()?;
        let c = char::from_u32(value)?;
        let len = 2 + usize::from(hex) + n;
        let semi = usize::from(s[len..].starts_with(';'));
        return Some((c, len + semi));
    }
    const NAMED: &[(&str, char)] = &[
        ("nbsp;", '\u{A0}'),
        ("ensp;", '\u{2002}'),
        ("emsp;", '\u{2003}'),
        ("thinsp;", '\u{2009}'),
        ("zwnj;", '\u{200C}'),
        ("zwj;", '\u{200D}'),
        ("lrm;", '\u{200E}'),
        ("rlm;", '\u{200F}'),
        ("shy;", '\u{AD}'),
        ("middot;", '·'),
        ("amp;", '&'),
        ("quot;", '"'),
        ("apos;", '\''),
        ("lt;", '<'),
        ("gt;", '>'),
    ];
    NAMED
        .iter()
        .find(|(name, _)| body.starts_with(name))
        .map(|(name, c)| (*c, 1 + name.len()))
}
