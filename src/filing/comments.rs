//! Waiver comments written in a filing:
//!
//! ```yaml
//! business_scope: 区块链技术服务，虚拟货币挖矿  # neglist: allow NL0101 -- 国家发展改革委批复〔2026〕1号
//! ```
//!
//! A YAML parser drops comments, so they are found in the text: a `#` at the
//! start of a line or after a space, outside every scalar of the document
//! (a `# neglist:` inside a quoted or block scalar is data, not a comment).
//! Which findings a waiver covers is decided later (`triage`); this module
//! only reads what the comment says and which value it sits on.

use super::SourceFile;
use super::yaml::{self, Document, Node, NodeKind, Style};
use crate::text::normalize::trim_invisible;
use std::ops::Range;

/// One `# neglist: …` comment.
#[derive(Debug, Clone)]
pub struct Directive {
    /// The comment, from `#` to the end of its line.
    pub span: Range<usize>,
    /// Rule ids as written, with their place.
    pub rules: Vec<(String, Range<usize>)>,
    /// The text after `--`, trimmed; None if absent or empty.
    pub reason: Option<String>,
    /// Who approved the waiver, written at the end of the reason
    /// (`-- 批复〔2026〕1号; approver: 王敏`, also `批准人：王敏`).
    pub approver: Option<String>,
    /// Why the comment could not be read as a waiver, if it could not.
    pub problem: Option<String>,
    /// The bytes of the value the comment annotates: its own line for a
    /// comment after a value, the next line for a comment on a line of its
    /// own — and the whole of a scalar that starts there (a multi-line or
    /// block scalar is one value).
    pub covers: Range<usize>,
    /// Text in `covers` that belongs to an anchor an alias uses elsewhere
    /// (`模板: &t {…}` used by `<<: *t`): a finding there is read where
    /// the alias is, so this waiver does not cover it (merged, disjoint).
    pub not_here: Vec<Range<usize>>,
    /// The anchors whose aliases stand in `covers` (`<<: *t  # neglist: …`):
    /// their findings are covered, wherever their text is.
    pub through: Vec<Range<usize>>,
}

impl Directive {
    /// Whether a finding that starts at `at` is on the value this waiver
    /// annotates.
    pub fn covers_finding(&self, at: usize) -> bool {
        let here = at == self.covers.start || self.covers.contains(&at);
        (here && !self.not_here.iter().any(|r| r.contains(&at)))
            || self.through.iter().any(|r| r.contains(&at))
    }
}

const MARK: &[u8] = b"neglist:";

/// Every `# neglist:` comment of a file, in file order.
pub fn directives(file: &SourceFile) -> Vec<Directive> {
    let src = &file.src;
    let bytes = src.as_bytes();
    // Nearly every filing has none: one fast scan decides.
    let marks: Vec<usize> = memchr::memmem::find_iter(bytes, MARK).collect();
    if marks.is_empty() {
        return vec![];
    }
    let (scalars, uses) = scalar_spans(file);
    let reach = scalar_reach(file, &scalars);
    // Aliases by where they stand, and the used anchors' text as disjoint
    // ranges, both sorted for binary search.
    let mut by_alias: Vec<(usize, Range<usize>)> = uses
        .iter()
        .map(|u| (u.alias.start, u.anchor.clone()))
        .collect();
    by_alias.sort_unstable_by_key(|(at, r)| (*at, r.start, r.end));
    let borrowed = merged(uses.into_iter().map(|u| u.anchor).collect());
    let lines = &file.lines;
    let mut out = vec![];
    // The last `next_value_line` answer: comment lines in a row share it,
    // so a run of n waiver comments is scanned once, not n times.
    let mut next_cache: Option<(usize, Option<usize>)> = None;
    for m in marks {
        let line = lines.line_index(m);
        let line_range = lines.line_range(src, line);
        // The `#` before the mark, with only spaces between them.
        let before = &src[line_range.start..m];
        let Some(hash) = before.trim_end_matches([' ', '\t']).strip_suffix('#') else {
            continue;
        };
        let hash = line_range.start + hash.len();
        let starts_comment = hash == line_range.start
            || matches!(bytes[hash - 1], b' ' | b'\t')
            || (hash == 3 && src.starts_with('\u{feff}'));
        if !starts_comment || inside(&scalars, hash) {
            continue;
        }
        let own_line = src[line_range.start..hash].trim().is_empty()
            || (line_range.start == 0
                && src[..hash].trim_start_matches('\u{feff}').trim().is_empty());
        let target = if own_line {
            let from = line + 1;
            match next_cache {
                // Lines from..found are blank or comments: same answer.
                Some((f, found)) if f <= from && found.is_none_or(|t| from <= t) => found,
                _ => {
                    let found = next_value_line(file, from);
                    next_cache = Some((from, found));
                    found
                }
            }
        } else {
            Some(line)
        };
        let covers = match target {
            Some(t) => covered(file, &reach, t),
            None => src.len()..src.len(),
        };
        let body_at = m + MARK.len();
        let mut d = read_body(src, body_at, line_range.end);
        d.span = hash..line_range.end;
        let lo = by_alias.partition_point(|(at, _)| *at < covers.start);
        let hi = by_alias.partition_point(|(at, _)| *at < covers.end);
        d.through = by_alias[lo..hi].iter().map(|(_, r)| r.clone()).collect();
        let lo = borrowed.partition_point(|r| r.end <= covers.start);
        let hi = borrowed.partition_point(|r| r.start < covers.end.max(covers.start + 1));
        d.not_here = borrowed[lo..hi.max(lo)].to_vec();
        d.covers = covers;
        out.push(d);
    }
    out
}

/// Overlapping or nested ranges as sorted, disjoint ones.
fn merged(mut rs: Vec<Range<usize>>) -> Vec<Range<usize>> {
    rs.sort_unstable_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = vec![];
    for r in rs {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Byte ranges and styles of every scalar (keys included), sorted by start,
/// and every alias use.
fn scalar_spans(file: &SourceFile) -> (Vec<(Range<usize>, Style)>, Vec<yaml::AliasUse>) {
    fn walk(n: &Node, out: &mut Vec<(Range<usize>, Style)>) {
        match &n.kind {
            NodeKind::Scalar { style, .. } => out.push((n.span.clone(), *style)),
            NodeKind::Mapping(pairs) => pairs.iter().for_each(|(k, v)| {
                walk(k, out);
                walk(v, out);
            }),
            NodeKind::Sequence(items) => items.iter().for_each(|i| walk(i, out)),
        }
    }
    let mut out = vec![];
    let (docs, uses) = yaml::parse_documents_and_aliases(&file.src, &file.lines);
    for doc in docs {
        if let Document::Node(n) = doc {
            walk(&n, &mut out);
        }
    }
    out.sort_by_key(|(r, _)| (r.start, r.end));
    out.dedup_by_key(|(r, _)| r.clone());
    (out, uses)
}

/// Whether `at` lies in a scalar. Scalars do not overlap, so only the last
/// one starting at or before `at` can hold it.
fn inside(scalars: &[(Range<usize>, Style)], at: usize) -> bool {
    let i = scalars.partition_point(|(r, _)| r.start <= at);
    i > 0 && scalars[i - 1].0.contains(&at)
}

/// The first line from `from` on that holds something other than blanks
/// and comments.
fn next_value_line(file: &SourceFile, from: usize) -> Option<usize> {
    (from..file.lines.line_count()).find(|&l| {
        let t = file.src[file.lines.line_range(&file.src, l)].trim();
        !t.is_empty() && !t.starts_with('#')
    })
}

/// For each line on which scalars start, the furthest end among them, by
/// line (sorted): a block scalar starts on its content's first line and on
/// its `|`/`>` header's. Built once, so that placing n comments costs
/// O(n log n), not n times the number of scalars.
fn scalar_reach(file: &SourceFile, scalars: &[(Range<usize>, Style)]) -> Vec<(usize, usize)> {
    let lines = &file.lines;
    let mut reach = vec![];
    for (s, style) in scalars {
        let first = lines.line_index(s.start);
        reach.push((first, s.end));
        if matches!(style, Style::Literal | Style::Folded)
            && let Some(h) = header_line(file, s.start)
        {
            reach.push((h, s.end));
        }
    }
    reach.sort_unstable();
    // Keep the furthest end of each line (the last after sorting).
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(reach.len());
    for (l, end) in reach {
        match out.last_mut() {
            Some(last) if last.0 == l => last.1 = last.1.max(end),
            _ => out.push((l, end)),
        }
    }
    out
}

/// The bytes a comment on (or above) line `line` covers: the line, plus
/// any scalar that starts on it — for a block scalar, whose `|` or `>`
/// header is on it.
fn covered(file: &SourceFile, reach: &[(usize, usize)], line: usize) -> Range<usize> {
    let mut r = file.lines.line_range(&file.src, line);
    if let Ok(i) = reach.binary_search_by_key(&line, |&(l, _)| l) {
        r.end = r.end.max(reach[i].1);
    }
    r
}

/// The line of a block scalar's `|`/`>` header: the last line before its
/// content that is not blank.
fn header_line(file: &SourceFile, content_start: usize) -> Option<usize> {
    let first = file.lines.line_index(content_start);
    (0..first).rev().find(|&l| {
        !file.src[file.lines.line_range(&file.src, l)]
            .trim()
            .is_empty()
    })
}

/// Reads `allow RULE[, RULE…] -- reason` from `src[at..end]`.
fn read_body(src: &str, at: usize, end: usize) -> Directive {
    let mut d = Directive {
        span: 0..0,
        rules: vec![],
        reason: None,
        approver: None,
        problem: None,
        covers: 0..0,
        not_here: vec![],
        through: vec![],
    };
    let body = &src[at..end];
    // The reason follows `--` (or a dash a Chinese keyboard gives: — / ——).
    let (head, reason) = match ["--", "——", "—"]
        .iter()
        .filter_map(|sep| body.find(sep).map(|i| (i, sep.len())))
        .min()
    {
        // (Invisible characters do not make a reason: see trim_invisible.)
        Some((i, n)) => (&body[..i], Some(trim_invisible(&body[i + n..]))),
        None => (body, None),
    };
    let (reason, approver) = match reason {
        Some(r) => split_approver(r),
        None => (None, None),
    };
    d.reason = reason.filter(|r| !r.is_empty()).map(str::to_string);
    d.approver = approver;
    let head_at = at;
    let mut words = tokens(head, head_at);
    match words.first() {
        Some((w, _)) if w.eq_ignore_ascii_case("allow") => {
            words.remove(0);
        }
        Some((w, _)) => {
            d.problem = Some(format!(
                "`{w}` is not a waiver verb: write `# neglist: allow <RULE> -- <reason>`"
            ));
            return d;
        }
        None => {
            d.problem =
                Some("empty waiver: write `# neglist: allow <RULE> -- <reason>`".to_string());
            return d;
        }
    }
    if words.is_empty() {
        d.problem =
            Some("the waiver names no rule: write `# neglist: allow <RULE> -- <reason>`".into());
        return d;
    }
    d.rules = words;
    d
}

/// The ways an approver is named at the end of a reason.
const APPROVER_MARKS: &[&str] = &[
    "approver:",
    "approver=",
    "批准人：",
    "批准人:",
    "审批人：",
    "审批人:",
];

/// A reason and the approver written at its end, if one is: the text after
/// the last approver mark (`approver:`, `批准人：`, `审批人：`), with the
/// separators before the mark (`;`, `；`, `,`, `，`, blanks) left out.
fn split_approver(reason: &str) -> (Option<&str>, Option<String>) {
    let lower = reason.to_ascii_lowercase();
    let Some((at, len)) = APPROVER_MARKS
        .iter()
        .filter_map(|m| lower.rfind(m).map(|i| (i, m.len())))
        .max()
    else {
        return (Some(reason), None);
    };
    let who = trim_invisible(&reason[at + len..]);
    let before = reason[..at].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ';' | '；' | ',' | '，' | '(' | '（' | '|')
    });
    let who = who.trim_end_matches([')', '）']).trim();
    (Some(before), (!who.is_empty()).then(|| who.to_string()))
}

/// Words separated by spaces or commas (ASCII or full-width), with their
/// byte ranges in the file.
fn tokens(s: &str, base: usize) -> Vec<(String, Range<usize>)> {
    let mut out = vec![];
    let mut start = None;
    for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
        let sep = c.is_whitespace() || matches!(c, ',' | '，' | '、');
        match (sep, start) {
            (true, Some(st)) => {
                out.push((s[st..i].to_string(), base + st..base + i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approver_is_read_from_the_end_of_the_reason() {
        for (reason, want_reason, want_approver) in [
            (
                "批复〔2026〕1号; approver: 王敏",
                "批复〔2026〕1号",
                Some("王敏"),
            ),
            (
                "批复〔2026〕1号；批准人：合规部 王敏",
                "批复〔2026〕1号",
                Some("合规部 王敏"),
            ),
            (
                "批复〔2026〕1号 (Approver: Wang Min)",
                "批复〔2026〕1号",
                Some("Wang Min"),
            ),
            ("批复〔2026〕1号", "批复〔2026〕1号", None),
            ("批复〔2026〕1号; approver:", "批复〔2026〕1号", None),
        ] {
            let (r, a) = split_approver(reason);
            assert_eq!(r, Some(want_reason), "{reason}");
            assert_eq!(a.as_deref(), want_approver, "{reason}");
        }
        let d = dirs("name: x  # neglist: allow NL0101 -- 批复; 审批人：王敏\n");
        assert_eq!(d[0].reason.as_deref(), Some("批复"));
        assert_eq!(d[0].approver.as_deref(), Some("王敏"));
    }

    fn dirs(src: &str) -> Vec<Directive> {
        directives(&SourceFile::new("t.yaml".into(), src.into()))
    }

    #[test]
    fn trailing_comment_covers_its_line() {
        let src = "name: 甲\nbusiness_scope: 虚拟货币挖矿  # neglist: allow NL0101 -- 批复1号\n";
        let d = dirs(src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rules[0].0, "NL0101");
        assert_eq!(&src[d[0].rules[0].1.clone()], "NL0101");
        assert_eq!(d[0].reason.as_deref(), Some("批复1号"));
        assert!(src[d[0].covers.clone()].contains("虚拟货币挖矿"));
        assert!(!src[d[0].covers.clone()].contains("name"));
    }

    #[test]
    fn trailing_comment_after_a_quoted_value() {
        for src in [
            "name: 甲\nbusiness_scope: \"虚拟货币挖矿\"  # neglist: allow NL0101 -- 批复1号\n",
            "name: 甲\nbusiness_scope: '虚拟货币挖矿'  # neglist: allow NL0101 -- 批复1号\n",
            "name: 甲\nbusiness_scope: [\"虚拟货币挖矿\"]  # neglist: allow NL0101 -- 批复1号\n",
        ] {
            let d = dirs(src);
            assert_eq!(d.len(), 1, "{src}");
            assert!(src[d[0].covers.clone()].contains("虚拟货币挖矿"), "{src}");
        }
    }

    #[test]
    fn comment_line_above_covers_the_next_value_and_a_block_scalar() {
        let src = "name: 甲\n# neglist: allow NL0101, NL0301 — 批复\n\nbusiness_scope: |\n  技术开发\n  虚拟货币挖矿\nx: 1\n";
        let d = dirs(src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rules.len(), 2);
        let covered = &src[d[0].covers.clone()];
        assert!(covered.contains("虚拟货币挖矿"), "{covered:?}");
        assert!(!covered.contains("x: 1"));
    }

    #[test]
    fn comment_lines_in_a_row_cover_the_next_value_each() {
        let src = "name: 甲\n# neglist: allow NL0101 -- a\n\n# neglist: allow NL0211 -- b\nbusiness_scope: 挖矿\n# neglist: allow NL0101 -- c\nx: |\n  虚拟货币\n# neglist: allow NL0101 -- d\n";
        let d = dirs(src);
        let covered: Vec<&str> = d.iter().map(|d| &src[d.covers.clone()]).collect();
        assert_eq!(
            covered,
            [
                "business_scope: 挖矿",
                "business_scope: 挖矿",
                "x: |\n  虚拟货币\n",
                ""
            ]
        );
    }

    #[test]
    fn marks_inside_scalars_are_data() {
        let src = "name: \"甲 # neglist: allow NL0101 -- x\"\nbusiness_scope: |\n  # neglist: allow NL0101 -- y\n";
        assert!(dirs(src).is_empty());
        assert!(dirs("name: a#neglist: allow NL0101 -- x\n").is_empty());
    }

    #[test]
    fn problems_are_reported_not_guessed() {
        let d = dirs("name: 甲  # neglist: alow NL0101 -- x\n");
        assert!(d[0].problem.as_ref().unwrap().contains("alow"));
        let d = dirs("name: 甲  # neglist: allow -- x\n");
        assert!(d[0].problem.is_some());
        let d = dirs("name: 甲  # neglist: allow NL0101\n");
        assert!(d[0].problem.is_none() && d[0].reason.is_none());
        let d = dirs("name: 甲  # neglist: allow NL0101 --   \n");
        assert!(d[0].reason.is_none());
        // Only invisible characters (hostile 2026-12 row 19): no reason.
        for blank in [
            "\u{200b}",
            "\u{feff}\u{2060}",
            "\u{200d} \u{00ad}\u{180e}",
            "\u{3000}\u{034f}",
        ] {
            let d = dirs(&format!("name: 甲  # neglist: allow NL0101 -- {blank}\n"));
            assert!(d[0].reason.is_none(), "{blank:?}");
        }
        let d = dirs("name: 甲  # neglist: allow NL0101 -- \u{200b}批复\u{200b}\n");
        assert_eq!(d[0].reason.as_deref(), Some("批复"));
    }
}
