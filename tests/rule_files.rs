//! Property tests of the rule language's front end on generated rule
//! files: random term sets (with escapes), rules with random conditions
//! (every predicate kind, `and`/`or`/`not`), `effective` intervals (with
//! comments holding `..`), sources and examples.
//!
//! - A generated file loads, and its terms and in-force intervals are what
//!   was written (escapes decoded).
//! - An unknown or malformed escape, or an inverted interval, is an error
//!   whose span is the bad text, inside the file.
//! - Any edit of a valid file (garbage inserted, text cut out) never makes
//!   the front end panic, and every diagnostic points inside the file and
//!   renders.

use neglist::diagnostic::SourceError;
use neglist::dsl::load_rules;
use neglist::engine::RuleSet;
use neglist::rule::Catalog;
use proptest::prelude::*;
use proptest::sample::{Index, select};

/// A term: its value, and how the rule file writes it (escaped).
#[derive(Debug, Clone)]
struct Term {
    value: String,
    written: String,
}

/// Characters that make up terms. None of them is in `EXCEPTION_MARK`, so
/// no exception can swallow a term and make a generated rule dead.
const WORD: &[char] = &[
    '比', '特', '币', '挖', '矿', '链', '数', '字', '资', '产', '货', '易', '虛', '擬', 'a', 'b',
    'z', 'q', 'B', 'T', 'C', '0', '7', 'ｂ', '𠀀',
];
const EXCEPTION_MARK: char = '禁';

/// A character or escape inside a term that is not a word character:
/// (value, written forms).
fn special() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        select(vec![
            "\\u200B",
            "\\u200b",
            "\\u{200B}",
            "\\u{200b}",
            "\u{200B}"
        ])
        .prop_map(|w| ("\u{200B}".to_string(), w.to_string())),
        Just(("\"".to_string(), "\\\"".to_string())),
        Just(("\\".to_string(), "\\\\".to_string())),
        Just(("\t".to_string(), "\\t".to_string())),
        Just(("\n".to_string(), "\\n".to_string())),
        select(vec!["\\u{1F600}", "😀"]).prop_map(|w| ("😀".to_string(), w.to_string())),
        Just(("A".to_string(), "\\u0041".to_string())),
        Just(("。".to_string(), "。".to_string())),
        Just(("“".to_string(), "\\u201C".to_string())),
        Just((" ".to_string(), " ".to_string())),
        Just(("-".to_string(), "-".to_string())),
    ]
}

fn term_with(mark: bool) -> impl Strategy<Value = Term> {
    (
        prop::collection::vec(select(WORD), 2..6),
        prop::collection::vec((any::<Index>(), special()), 0..3),
    )
        .prop_map(move |(chars, specials)| {
            let mut pieces: Vec<(String, String)> = chars
                .iter()
                .map(|c| (c.to_string(), c.to_string()))
                .collect();
            if mark {
                pieces.insert(0, (EXCEPTION_MARK.to_string(), EXCEPTION_MARK.to_string()));
            }
            for (at, s) in specials {
                let i = at.index(pieces.len() + 1);
                pieces.insert(i, s);
            }
            Term {
                value: pieces.iter().map(|p| p.0.as_str()).collect(),
                written: pieces.iter().map(|p| p.1.as_str()).collect(),
            }
        })
}

/// A term set as a condition writes it: a name, a string or a list.
#[derive(Debug, Clone)]
enum Ref {
    Named(usize),
    One(Term),
    List(Vec<Term>),
}

fn term_ref(sets: usize, mark: bool) -> impl Strategy<Value = Ref> {
    prop_oneof![
        (0..sets).prop_map(Ref::Named),
        term_with(mark).prop_map(Ref::One),
        prop::collection::vec(term_with(mark), 1..3).prop_map(Ref::List),
    ]
}

#[derive(Debug, Clone)]
enum Cond {
    Text {
        field: &'static str,
        groups: Vec<Vec<Ref>>,
        except: Vec<Ref>,
        unless: Vec<Ref>,
    },
    Plain(String),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
}

#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Day(u16, u8, u8);

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

fn day() -> impl Strategy<Value = Day> {
    (2000u16..2031, 1u8..13, 1u8..29).prop_map(|(y, m, d)| Day(y, m, d))
}

/// Predicates other than text: written as they are.
fn plain() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            select(vec!["industry", "region", "uscc_kind"]),
            select(vec!["I6450", "65*", "9*"])
        )
            .prop_map(|(f, p)| format!("{f} in [\"{p}\", \"J66*\"]")),
        (
            select(vec!["energy.daily_kwh", "energy.annual_tce", "capital"]),
            select(vec![">", ">=", "<", "<=", "==", "!="]),
            0u32..1_000_000,
            prop::option::of(0u32..100),
        )
            .prop_map(|(f, op, n, frac)| match frac {
                Some(x) => format!("{f} {op} {n}.{x}"),
                None => format!("{f} {op} {n}"),
            }),
        (
            select(vec!["filed_on", "established_on"]),
            select(vec![">", "<="]),
            day()
        )
            .prop_map(|(f, op, d)| format!("{f} {op} {d}")),
        Just("established_on > filed_on".to_string()),
        select(vec!["uscc check_digit_wrong", "uscc malformed"]).prop_map(str::to_string),
        (
            select(vec!["missing", "present"]),
            select(vec![
                "name",
                "uscc",
                "entity_type",
                "registered_capital",
                "established_on",
                "filed_on",
                "region",
                "address",
                "industry",
                "business_scope",
                "licenses",
                "energy",
            ])
        )
            .prop_map(|(op, f)| format!("{op} {f}")),
        Just("empty business_scope".to_string()),
    ]
}

fn text_pred(sets: usize) -> impl Strategy<Value = Cond> {
    (
        select(vec![
            "scope",
            "name",
            "licensed_scope",
            "address",
            "entity_type",
            "license_type",
            "text",
        ]),
        prop::collection::vec(prop::collection::vec(term_ref(sets, false), 1..3), 1..4),
        prop::collection::vec(
            term_ref(sets, true).prop_filter("a marked set", |r| !matches!(r, Ref::Named(_))),
            0..3,
        ),
        prop::collection::vec(
            term_ref(sets, true).prop_filter("a marked set", |r| !matches!(r, Ref::Named(_))),
            0..3,
        ),
    )
        .prop_map(|(field, groups, except, unless)| Cond::Text {
            field,
            groups,
            except,
            unless,
        })
}

fn cond(sets: usize) -> impl Strategy<Value = Cond> {
    let leaf = prop_oneof![text_pred(sets), plain().prop_map(Cond::Plain)];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Cond::And),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Cond::Or),
            inner.prop_map(|c| Cond::Not(Box::new(c))),
        ]
    })
}

/// `effective`: (from, until, comment placements).
#[derive(Debug, Clone)]
struct Effective {
    from: Option<Day>,
    until: Option<Day>,
    /// Comments holding `..` and dates, before FROM, before `..`, before UNTIL.
    comments: [bool; 3],
}

fn effective() -> impl Strategy<Value = Effective> {
    (
        prop::option::of(day()),
        prop::option::of(day()),
        any::<[bool; 3]>(),
    )
        .prop_map(|(a, b, comments)| {
            // A stated interval must not be empty: order the two days.
            let (from, until) = match (a, b) {
                (Some(a), Some(b)) if a == b => (Some(a), None),
                (Some(a), Some(b)) if b < a => (Some(b), Some(a)),
                other => other,
            };
            Effective {
                from,
                until,
                comments,
            }
        })
}

#[derive(Debug, Clone)]
struct GenRule {
    category: &'static str,
    severity: Option<&'static str>,
    effective: Option<Effective>,
    cites_source: bool,
    when: Cond,
    examples: Vec<(bool, String)>,
}

#[derive(Debug, Clone)]
struct GenFile {
    sets: Vec<Vec<Term>>,
    /// A source published on this day, if any.
    source: Option<Day>,
    rules: Vec<GenRule>,
}

fn gen_rule(sets: usize) -> impl Strategy<Value = GenRule> {
    (
        select(vec!["prohibited", "license-required", "risk", "data"]),
        prop::option::of(select(vec!["error", "warning", "note"])),
        prop::option::of(effective()),
        any::<bool>(),
        cond(sets),
        prop::collection::vec(
            (
                any::<bool>(),
                select(vec![
                    "{ name: 某某公司, business_scope: [比特币挖矿] }",
                    "{ name: \"某\\u200B某\", business_scope: [\"a{b}\"] }",
                    "{ name: b, nested: { x: [1, 2] } }",
                ])
                .prop_map(str::to_string),
            ),
            0..3,
        ),
    )
        .prop_map(
            |(category, severity, effective, cites_source, when, examples)| GenRule {
                category,
                severity,
                effective,
                cites_source,
                when,
                examples,
            },
        )
}

fn gen_file() -> impl Strategy<Value = GenFile> {
    (1usize..4)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(prop::collection::vec(term_with(false), 1..4), n..=n),
                prop::option::of(day()),
                prop::collection::vec(gen_rule(n), 1..4),
            )
        })
        .prop_map(|(sets, source, rules)| GenFile {
            sets,
            source,
            rules,
        })
}

/// What a rendered file must give back.
struct Expected {
    /// Every term written in the file, decoded, sorted.
    terms: Vec<String>,
    /// For each rule: (stated, periods as `Rule::periods_text` shows them).
    periods: Vec<(bool, String)>,
}

const DOTS_COMMENT: &str = "// see 2021..2026 and 2019-01-01 .. 2020-01-01\n   ";

impl GenFile {
    fn render(&self) -> (String, Expected) {
        let mut out = String::from("// generated\n");
        let mut terms = vec![];
        if let Some(d) = self.source {
            out += &format!(
                "source src-1 {{\n  number \"n\"\n  title \"t\"\n  status \"confirmed\"\n  published {d}\n}}\n"
            );
        }
        for (i, set) in self.sets.iter().enumerate() {
            let list: Vec<String> = set.iter().map(|t| format!("\"{}\"", t.written)).collect();
            out += &format!("terms t{i} = [{}]\n", list.join(", "));
            terms.extend(set.iter().map(|t| t.value.clone()));
        }
        let mut periods = vec![];
        for (i, r) in self.rules.iter().enumerate() {
            out += &format!(
                "rule XX{:04} r-{i} {{\n  title \"规则\\t{i}\"\n  category {}\n",
                i + 1,
                r.category
            );
            if let Some(s) = r.severity {
                out += &format!("  severity {s}\n");
            }
            let cites = r.cites_source && self.source.is_some();
            if cites {
                out += "  basis src-1 item \"（七）\" quote \"\\\"q\\\"\"\n";
            }
            match &r.effective {
                Some(e) => {
                    let c = |k: usize| if e.comments[k] { DOTS_COMMENT } else { "" };
                    out += &format!(
                        "  effective {}{} {}.. {}{}\n",
                        c(0),
                        e.from.map(|d| d.to_string()).unwrap_or_default(),
                        c(1),
                        c(2),
                        e.until.map(|d| d.to_string()).unwrap_or_default(),
                    );
                    let text = match (e.from, e.until) {
                        (None, None) => "always".to_string(),
                        (Some(a), None) => format!("{a} .."),
                        (None, Some(b)) => format!(".. {b}"),
                        (Some(a), Some(b)) => format!("{a} .. {b}"),
                    };
                    periods.push((true, text));
                }
                None if cites => periods.push((false, format!("{} ..", self.source.unwrap()))),
                None => periods.push((false, "always".to_string())),
            }
            out += &format!("  when {}\n", render_cond(&r.when, &mut terms));
            out += "  message \"{matched}: \\u{4E0D}合规\"\n";
            for (deny, yaml) in &r.examples {
                out += &format!(
                    "  example {} {yaml}\n",
                    if *deny { "deny" } else { "allow" }
                );
            }
            out += "}\n";
        }
        terms.sort();
        (out, Expected { terms, periods })
    }
}

fn render_ref(r: &Ref, terms: &mut Vec<String>) -> String {
    let mut one = |t: &Term| {
        terms.push(t.value.clone());
        format!("\"{}\"", t.written)
    };
    match r {
        Ref::Named(i) => format!("t{i}"),
        Ref::One(t) => one(t),
        Ref::List(ts) => format!("[{}]", ts.iter().map(one).collect::<Vec<_>>().join(", ")),
    }
}

fn render_cond(c: &Cond, terms: &mut Vec<String>) -> String {
    match c {
        Cond::Text {
            field,
            groups,
            except,
            unless,
        } => {
            let mut s = format!(
                "{field} contains {}",
                groups
                    .iter()
                    .map(|g| g
                        .iter()
                        .map(|r| render_ref(r, terms))
                        .collect::<Vec<_>>()
                        .join(" | "))
                    .collect::<Vec<_>>()
                    .join(" + ")
            );
            for (kw, refs) in [("except", except), ("unless", unless)] {
                if !refs.is_empty() {
                    let refs: Vec<String> = refs.iter().map(|r| render_ref(r, terms)).collect();
                    s += &format!(" {kw} {}", refs.join(" | "));
                }
            }
            s
        }
        Cond::Plain(p) => p.clone(),
        Cond::And(v) | Cond::Or(v) => {
            let op = if matches!(c, Cond::And(_)) {
                " and "
            } else {
                "\n    or "
            };
            v.iter()
                .map(|x| format!("({})", render_cond(x, terms)))
                .collect::<Vec<_>>()
                .join(op)
        }
        Cond::Not(x) => format!("not ({})", render_cond(x, terms)),
    }
}

fn load(text: &str) -> Result<Catalog, Vec<SourceError>> {
    load_rules(&[("gen.rules".to_string(), text.to_string())]).map(|(c, _)| c)
}

/// Every diagnostic points inside the file, on character boundaries, and
/// renders (as the CLI renders it) without a panic.
fn diagnostics_are_placed(text: &str, errors: &[SourceError]) -> Result<(), TestCaseError> {
    let h = neglist::report::human::handler(false);
    for e in errors {
        prop_assert!(
            e.span.start <= e.span.end && e.span.end <= text.len(),
            "{e:?}"
        );
        prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        prop_assert!(e.location().starts_with("gen.rules:"));
        let mut out = String::new();
        prop_assert!(h.render_report(&mut out, e).is_ok());
        // (Invisible characters in a message are shown escaped.)
        let shown = neglist::report::escape::visible(&e.message);
        prop_assert!(
            out.contains(&e.message) || out.contains(shown.as_ref()),
            "{out}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A generated file loads and compiles; its terms and intervals are
    /// what was written.
    #[test]
    fn generated_rule_files_round_trip(file in gen_file()) {
        let (text, want) = file.render();
        let catalog = match load(&text) {
            Ok(c) => c,
            Err(e) => return Err(TestCaseError::fail(format!("{text}\n{e:#?}"))),
        };
        let mut terms: Vec<String> = catalog.sets.iter().flat_map(|s| s.terms.clone()).collect();
        terms.sort();
        prop_assert_eq!(&terms, &want.terms, "{}", text);
        prop_assert_eq!(catalog.rules.len(), file.rules.len());
        for (r, (stated, periods)) in catalog.rules.iter().zip(&want.periods) {
            prop_assert_eq!(r.stated, *stated, "{}", text);
            prop_assert_eq!(&r.periods_text(), periods, "{}", text);
        }
        // Named sets keep their names and order.
        for (i, set) in file.sets.iter().enumerate() {
            let values: Vec<&str> = set.iter().map(|t| t.value.as_str()).collect();
            prop_assert_eq!(&catalog.sets[i].name, &format!("t{i}"));
            prop_assert_eq!(catalog.sets[i].terms.iter().map(String::as_str).collect::<Vec<_>>(), values);
        }
        prop_assert!(RuleSet::compile(catalog).is_ok());
    }

    /// An unknown or malformed escape in any term is an error at the escape.
    #[test]
    fn a_bad_escape_is_refused_at_its_place(
        file in gen_file(),
        set in any::<Index>(),
        term in any::<Index>(),
        at in any::<Index>(),
        bad in select(vec!["\\q", "\\x", "\\r", "\\'", "\\0", "\\币", "\\u{zz}", "\\u{}", "\\u{D800}", "\\u{110000}", "\\uD83D"]),
    ) {
        let mut file = file;
        let s = set.index(file.sets.len());
        let t = term.index(file.sets[s].len());
        // Put it between two pieces of the written term (not inside an escape).
        let written = &file.sets[s][t].written;
        let cuts: Vec<usize> = (0..=written.len())
            .filter(|&i| written.is_char_boundary(i) && !inside_escape(written, i))
            .collect();
        let i = cuts[at.index(cuts.len())];
        let mut w = written.clone();
        w.insert_str(i, bad);
        file.sets[s][t].written = w;
        let (text, _) = file.render();
        let errors = load(&text).err().unwrap_or_default();
        diagnostics_are_placed(&text, &errors)?;
        prop_assert_eq!(errors.len(), 1, "{}\n{:?}", text, errors);
        prop_assert_eq!(&text[errors[0].span.clone()], bad);
        prop_assert!(!errors[0].warning);
        let line = text[..errors[0].span.start].matches('\n').count() + 1;
        let want = format!("gen.rules:{line}:");
        prop_assert!(errors[0].location().starts_with(&want));
    }

    /// An interval that ends before (or when) it starts is an error at
    /// `effective`.
    #[test]
    fn an_inverted_interval_is_refused_at_its_place(
        file in gen_file(),
        rule in any::<Index>(),
        a in day(),
        b in day(),
        comments in any::<[bool; 3]>(),
    ) {
        let mut file = file;
        let (late, early) = if a < b { (b, a) } else { (a, b) };
        let i = rule.index(file.rules.len());
        file.rules[i].effective = Some(Effective { from: Some(late), until: Some(early), comments });
        let (text, _) = file.render();
        let errors = load(&text).err().unwrap_or_default();
        diagnostics_are_placed(&text, &errors)?;
        prop_assert_eq!(errors.len(), 1, "{}\n{:?}", text, errors);
        let at = &text[errors[0].span.clone()];
        let (starts, ends) = (at.starts_with("effective "), at.ends_with(&early.to_string()));
        prop_assert!(starts && ends, "{}", at);
        prop_assert_eq!(
            &errors[0].message,
            &format!("rule XX{:04} ends ({early}) before it starts ({late})", i + 1)
        );
    }

    /// Whatever is inserted into or cut from a valid file, the front end
    /// answers with a catalog or with diagnostics placed inside the file.
    #[test]
    fn mangled_rule_files_never_panic(
        file in gen_file(),
        edits in prop::collection::vec((any::<Index>(), any::<Index>(), prop_oneof![
            select(vec![
                "\"", "\\", "..", "{", "}", "(", ")", "[", "]", "not ", "\\u{", "\\u", "//", "\n",
                " unless ", " except ", "+", "|", "2021-02-30", "0000-00-00", "rule XX0001 r-0 {",
                "terms t0 = []", "é", "😀", "\u{200B}", " and ", " or ", "effective", "\\\"", "\r\n",
            ]).prop_map(Some),
            Just(None),
        ]), 1..4),
    ) {
        let (mut text, _) = file.render();
        for (at, len, insert) in edits {
            let cuts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let i = cuts[at.index(cuts.len())];
            match insert {
                Some(s) => text.insert_str(i, s),
                None => {
                    let ends: Vec<usize> = cuts.iter().copied().filter(|&j| j >= i && j <= i + 40).collect();
                    let j = ends[len.index(ends.len())];
                    text.replace_range(i..j, "");
                }
            }
        }
        match load(&text) {
            Ok(catalog) => prop_assert!(RuleSet::compile(catalog).is_ok()),
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                diagnostics_are_placed(&text, &errors)?;
            }
        }
    }
}

/// Whether byte `i` of a written term lies inside an escape (so that
/// inserting there would change that escape rather than add one).
fn inside_escape(written: &str, i: usize) -> bool {
    let mut k = 0;
    let b = written.as_bytes();
    while k < i {
        if b[k] == b'\\' {
            let mut end = k + 2;
            if b.get(k + 1) == Some(&b'u') {
                end = if b.get(k + 2) == Some(&b'{') {
                    k + written[k..].find('}').unwrap() + 1
                } else {
                    k + 6
                };
            }
            if i < end {
                return true;
            }
            k = end;
        } else {
            k += 1;
        }
    }
    false
}
