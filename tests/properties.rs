//! Property tests (proptest): spans, the normalizer's way back, and
//! evasions that must not change a verdict.

use neglist::engine::RuleSet;
use neglist::pipeline::{CheckOptions, check_source};
use proptest::prelude::*;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let (catalog, _) = neglist::dsl::load_rules(&neglist::dsl::builtin_files()).unwrap();
        RuleSet::compile(catalog).unwrap()
    })
}

/// The same rules compiled for a handful of filings: another automaton
/// kind, and a normalizer without the fast path.
fn few_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        RuleSet::compile_for(
            neglist::dsl::builtin_catalog(),
            neglist::engine::Workload::Few,
        )
        .unwrap()
    })
}

fn opts() -> CheckOptions {
    CheckOptions {
        as_of: Some(neglist::parse::date::AsOf::Day(
            neglist::parse::date::parse_date("2026-11-28").unwrap(),
        )),
        ..CheckOptions::default()
    }
}

/// Pieces of scope text: violations, near-misses, filler, and characters
/// that change positions (wide, invisible, traditional, spaces, quotes).
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("比特币挖矿".to_string()),
        Just("虚拟货币交易".to_string()),
        Just("稳定币".to_string()),
        Just("虛擬貨幣".to_string()),
        Just("ＢＴＣ挖矿".to_string()),
        Just("矿山开采".to_string()),
        Just("数字人民币".to_string()),
        Just("保险柜".to_string()),
        Just("金融".to_string()),
        Just("软件开发".to_string()),
        Just("（不含虚拟货币）".to_string()),
        Just("\u{200B}".to_string()),
        Just(" ".to_string()),
        Just("“".to_string()),
        Just("；".to_string()),
        Just("、".to_string()),
        Just("😀".to_string()),
        "[a-zA-Z0-9]{0,4}",
        "[\u{4e00}-\u{9fa5}]{0,3}",
    ]
}

fn item() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..6).prop_map(|v| v.concat())
}

/// A filing in one of the ways YAML allows: a list, one quoted string, a
/// folded block.
fn filing() -> impl Strategy<Value = String> {
    (item(), prop::collection::vec(item(), 0..6), 0..3u8).prop_map(|(name, items, style)| {
        let name = serde_json::to_string(&format!("某某{name}有限公司")).unwrap();
        let scope = match style {
            0 => format!(
                "business_scope:\n{}",
                items
                    .iter()
                    .map(|i| format!("  - {}\n", serde_json::to_string(i).unwrap()))
                    .collect::<String>()
            ),
            1 => format!(
                "经营范围: {}\n",
                serde_json::to_string(&format!("一般项目：{}。", items.join("；"))).unwrap()
            ),
            _ => format!(
                "business_scope: >\n  一般项目：{}\n",
                items
                    .iter()
                    .map(|i| i.replace(['\u{200B}', ' ', '“'], ""))
                    .collect::<Vec<_>>()
                    .join("；\n  ")
            ),
        };
        format!("name: {name}\n{scope}")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every span lies on character boundaries inside the file, its bytes
    /// are `matched`, and its line and column are the character position.
    #[test]
    fn spans_cut_out_matched(text in filing()) {
        let r = check_source(rules(), "p.yaml".into(), text.clone().into_bytes(), &opts());
        prop_assert!(r.unreadable.is_empty(), "{text}: {:?}", r.unreadable);
        for f in &r.findings {
            let s = f.span;
            prop_assert!(text.is_char_boundary(s.offset) && text.is_char_boundary(s.offset + s.length));
            prop_assert_eq!(&text[s.offset..s.offset + s.length], f.matched.as_str());
            let before = &text[..s.offset];
            prop_assert_eq!(s.line, before.matches('\n').count() + 1);
            prop_assert_eq!(s.column, before.rsplit('\n').next().unwrap().chars().count() + 1);
        }
    }

    /// What the hook build (stored catalog, lean normalizer, NFA) finds is
    /// what the registry build (parsed catalog, fast path, DFA) finds, at
    /// the same places.
    #[test]
    fn hook_and_batch_builds_find_the_same(text in prop::collection::vec(piece(), 0..12).prop_map(|v| v.concat())) {
        // (The normalized texts themselves may differ: the fast path keeps
        // characters no term has, such as full-width punctuation, as they are.)
        prop_assert_eq!(few_rules().scan(&text), rules().scan(&text));
    }

    /// The normalized text leads back to the original: every character of
    /// it comes from a character range of the input, in order.
    #[test]
    fn normalization_maps_back(text in prop::collection::vec(piece(), 0..12).prop_map(|v| v.concat())) {
        let norm = rules().normalizer.normalize(&text);
        let mut last_end = 0;
        for (i, c) in norm.text.char_indices() {
            let r = norm.original(i, i + c.len_utf8());
            prop_assert!(r.start < r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert!(r.start >= last_end || r.end == last_end, "out of order at {i}");
            last_end = r.end;
        }
    }

    /// A violation stays one when spaced out, split by invisible
    /// characters, widened, upper-cased or written in traditional form.
    #[test]
    fn evasions_do_not_change_the_verdict(
        base in prop::sample::select(vec![
            ("NL0101", "比特币挖矿"),
            ("NL0101", "btc挖矿服务"),
            ("NL0211", "虚拟货币技术咨询"),
            ("NL0212", "稳定币支付系统开发"),
            ("NL0201", "usdt兑换"),
        ]),
        seps in prop::collection::vec(prop::sample::select(vec!["", " ", "\u{200B}", "\u{2060}", "\u{3000}", "“", "”"]), 12),
        widen in any::<bool>(),
        upper in any::<bool>(),
        traditional in any::<bool>(),
    ) {
        let (rule, text) = base;
        let mut out = String::new();
        for (i, c) in text.chars().enumerate() {
            let mut c = c;
            if traditional {
                c = match c {
                    '币' => '幣', '货' => '貨', '虚' => '虛', '拟' => '擬', '矿' => '礦',
                    '稳' => '穩', '换' => '換', '术' => '術', '询' => '詢', '统' => '統',
                    '发' => '發', '务' => '務', '咨' => '諮', '付' => '付',
                    other => other,
                };
            }
            if c.is_ascii_alphabetic() {
                if upper { c = c.to_ascii_uppercase(); }
                if widen { c = char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(); }
            }
            out.push(c);
            out.push_str(seps[i % seps.len()]);
        }
        let yaml = format!("name: 某某公司\nbusiness_scope: [{}]\n", serde_json::to_string(&out).unwrap());
        let r = check_source(rules(), "e.yaml".into(), yaml.clone().into_bytes(), &opts());
        prop_assert!(
            r.findings.iter().any(|f| f.finding.rule == rule),
            "{rule} missed {out:?}: {:?}", r.findings.iter().map(|f| &f.finding.rule).collect::<Vec<_>>()
        );
    }
}

/// The same report for 1 thread and several, and for any order of paths.
#[test]
fn output_does_not_depend_on_threads_or_path_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = vec![];
    for i in 0..80 {
        let p = dir.path().join(format!("f{i:02}.yaml"));
        let scope = if i % 3 == 0 {
            "比特币挖矿"
        } else {
            "软件开发"
        };
        std::fs::write(
            &p,
            format!("name: 某某{i}公司\nbusiness_scope: [{scope}]\n"),
        )
        .unwrap();
        paths.push(p);
    }
    let run = |threads: &str, paths: &[std::path::PathBuf]| {
        let out = assert_cmd::Command::cargo_bin("neglist")
            .unwrap()
            .env("RAYON_NUM_THREADS", threads)
            .env("NEGLIST_TODAY", "2026-11-28")
            .args(["check", "--format", "json"])
            .args(paths)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1", &paths);
    assert!(one.contains("NL0101"));
    let mut reversed = paths.clone();
    reversed.reverse();
    let mut shuffled = paths.clone();
    shuffled.sort_by_key(|p| p.to_string_lossy().chars().rev().collect::<String>());
    for (threads, order) in [("4", &paths), ("1", &reversed), ("3", &shuffled)] {
        assert_eq!(run(threads, order), one, "{threads} threads");
    }
}

// ---------------------------------------------------------------------
// Every built-in example under hostile rewriting: the verdict holds.

use neglist::engine::evaluate;
use neglist::filing::yaml::{Document, Node, NodeKind, parse_documents};
use neglist::filing::{Loaded, SourceFile, load};
use neglist::parse::date::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Characters a hostile filer puts between the characters of a word:
/// default-ignorables, controls, combining marks, format characters,
/// visible separators. (A list or clause separator — 、，；。： — is
/// structure, not an evasion: it is not inserted.)
fn evasion(rng: &mut ChaCha8Rng) -> String {
    let pick = |rng: &mut ChaCha8Rng, s: &[char]| s[rng.random_range(0..s.len())];
    match rng.random_range(0..6) {
        0 => char::from_u32(0xE0100 + rng.random_range(0..240))
            .unwrap()
            .to_string(),
        1 => pick(
            rng,
            &[
                '\u{200B}',
                '\u{2060}',
                '\u{FEFF}',
                '\u{180E}',
                '\u{3164}',
                '\u{115F}',
                '\u{FE0F}',
                '\u{E0041}',
                '\u{034F}',
                '\u{00AD}',
            ],
        )
        .to_string(),
        2 => pick(
            rng,
            &[
                '\u{0}', '\u{7}', '\u{8}', '\u{1b}', '\u{7f}', '\u{80}', '\u{9b}',
            ],
        )
        .to_string(),
        3 => char::from_u32(0x300 + rng.random_range(0..0x70))
            .unwrap()
            .to_string(),
        4 => pick(
            rng,
            &[
                '\u{0600}',
                '\u{06DD}',
                '\u{FFF9}',
                '\u{110BD}',
                '\u{13430}',
                '\u{1D173}',
                '\u{202E}',
            ],
        )
        .to_string(),
        _ => pick(
            rng,
            &[
                '-', '_', '/', '.', '*', '★', '．', '！', '～', '〇', '○', '·', '|', '【', '】',
                '（', '）', '+', '=', '~',
            ],
        )
        .to_string(),
    }
}

/// A string as a YAML double-quoted scalar (every non-printable escaped).
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) || c == '\u{FEFF}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How one example is rewritten.
struct Rewrite<'a> {
    src: &'a str,
    /// File byte ranges where insertions go (deny: strictly inside the
    /// matched words) or must not go (allow: inside any term hit).
    ranges: Vec<std::ops::Range<usize>>,
    deny: bool,
    rng: ChaCha8Rng,
    /// 0: keep the key; 1: upper-case it; 2: pad it with spaces; 3: under `<<`.
    scope_key: u8,
    /// How many insertions were made.
    inserted: usize,
}

impl Rewrite<'_> {
    fn scalar(&mut self, n: &Node, text: bool) -> String {
        let NodeKind::Scalar { value, .. } = &n.kind else {
            unreachable!()
        };
        if !text {
            return quoted(value);
        }
        // Where the value's characters are in the file (values here are
        // written as they are, perhaps quoted).
        let raw = &self.src[n.span.clone()];
        let base = n.span.start + usize::from(raw.starts_with(['"', '\'']));
        if !self.src[base..].starts_with(value.as_str()) {
            return quoted(value);
        }
        let mut out = String::new();
        let chars: Vec<(usize, char)> = value.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let at = base + i;
            if k > 0 {
                let prev = chars[k - 1].1;
                let inside = self.ranges.iter().any(|r| r.start < at && at < r.end);
                let latin_word = prev.is_ascii_alphanumeric() && c.is_ascii_alphanumeric();
                let wanted = if self.deny {
                    inside
                } else {
                    // Outside every term, and not splitting a Latin word
                    // (punctuation inside `RWANDA` makes two words).
                    !inside && !latin_word
                };
                if wanted && self.rng.random_bool(0.6) {
                    let mut e = evasion(&mut self.rng);
                    // Round brackets are the scope grammar's structure (they
                    // end what a negation governs), not an evasion here;
                    // tests/evasions.rs has them inside terms.
                    if e.contains([
                        '（', '）', '(', ')', '［', '］', '[', ']', '【', '】', '〔', '〕',
                    ]) {
                        e = "\u{200B}".into();
                    }
                    // Outside a term, the marks a reader takes for an item
                    // separator (issue 18: `/`, `・`, a line break) end an
                    // item: structure too. Inside a term (deny) they stay:
                    // a term written across one is still found.
                    if !self.deny && e.contains(['/', '／', '・', '･', '､', '﹑', '︑', '\n', '\r'])
                    {
                        e = "\u{200B}".into();
                    }
                    // Punctuation inside a Latin word only where a term is.
                    if !(latin_word && !self.deny && e.chars().all(|x| x.is_ascii_punctuation())) {
                        out.push_str(&e);
                        self.inserted += 1;
                    }
                }
            }
            // Now and then a character as an HTML numeric reference (not a
            // bracket or a list separator: like inserting one, that changes
            // the scope's structure; the parser reads text, not HTML).
            let in_term = self.ranges.iter().any(|r| r.start <= at && at < r.end);
            let structure = matches!(c, '（' | '）' | '、' | '，' | '；' | '。' | '：');
            if !c.is_ascii() && !structure && in_term == self.deny && self.rng.random_bool(0.15) {
                out.push_str(&format!("&#x{:X};", c as u32));
                self.inserted += 1;
            } else {
                out.push(c);
            }
        }
        quoted(&out)
    }

    /// `text`: under a text field (name, scope, address), where words are.
    fn node(&mut self, n: &Node, top: bool, text: bool) -> String {
        match &n.kind {
            NodeKind::Scalar { .. } => self.scalar(n, text),
            NodeKind::Sequence(items) => {
                let v: Vec<String> = items.iter().map(|i| self.node(i, false, text)).collect();
                format!("[{}]", v.join(", "))
            }
            NodeKind::Mapping(entries) => {
                let mut parts = vec![];
                let mut merged = vec![];
                for (k, v) in entries {
                    let key = k.as_scalar().unwrap_or_default();
                    let words = top
                        && matches!(
                            key,
                            "name"
                                | "企业名称"
                                | "business_scope"
                                | "经营范围"
                                | "address"
                                | "住所"
                        );
                    let value = self.node(v, false, words);
                    if top && matches!(key, "business_scope" | "经营范围") {
                        match self.scope_key {
                            1 => parts.push(format!("{}: {value}", quoted(&key.to_uppercase()))),
                            2 => parts.push(format!("{}: {value}", quoted(&format!(" {key}  ")))),
                            3 => merged.push(format!("{}: {value}", quoted(key))),
                            _ => parts.push(format!("{}: {value}", quoted(key))),
                        }
                    } else {
                        parts.push(format!("{}: {value}", quoted(key)));
                    }
                }
                if !merged.is_empty() {
                    parts.push(format!("<<: {{{}}}", merged.join(", ")));
                }
                format!("{{{}}}", parts.join(", "))
            }
        }
    }
}

/// Whether rule `idx` flags the one filing in `yaml` (as the rule test
/// runner evaluates an example: at the rule's own strength; a finding a
/// proven suppression lowered does not refuse the filing).
fn flags(idx: usize, yaml: &str) -> Result<bool, String> {
    let rules = rules();
    let file = SourceFile::new("example".into(), yaml.to_string());
    match load(&file).as_slice() {
        [Loaded::Filing(f)] => {
            let day = neglist::ruletest::example_date(
                rules.catalog.rules[idx].first_day(),
                f.filed_on.as_ref().map(|d| d.value),
                Date::today(),
            );
            Ok(evaluate(rules, &file, f, day, Some(idx))
                .iter()
                .any(|f| f.suppressed.is_none()))
        }
        other => Err(format!("not one readable filing: {other:?}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every built-in `example deny` stays denied with evasions inserted
    /// between the characters of its matched words and its scope moved
    /// under a case-changed, padded or merge key; every `example allow`
    /// stays allowed with the same insertions outside its terms.
    #[test]
    fn built_in_examples_keep_their_verdict(seed in any::<u64>()) {
        let rules = rules();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (mut checked, mut inserted) = ([0usize; 2], [0usize; 2]);
        for (idx, rule) in rules.catalog.rules.iter().enumerate() {
            for ex in &rule.examples {
                let file = SourceFile::new("example".into(), ex.yaml.clone());
                // Data-quality rules are not about words.
                if rule.category == neglist::rule::Category::Data {
                    continue;
                }
                let ranges: Vec<std::ops::Range<usize>> = if ex.deny {
                    match load(&file).as_slice() {
                        [Loaded::Filing(f)] => {
                            let day = neglist::ruletest::example_date(rule.first_day(), f.filed_on.as_ref().map(|d| d.value), Date::today());
                            evaluate(rules, &file, f, day, Some(idx)).into_iter().map(|x| x.range).collect()
                        }
                        _ => vec![],
                    }
                } else {
                    // Every term hit of every scalar, in file bytes.
                    let mut hits = vec![];
                    let docs = parse_documents(&file.src, &file.lines);
                    fn walk(n: &Node, out: &mut Vec<(std::ops::Range<usize>, String)>) {
                        match &n.kind {
                            NodeKind::Scalar { value, .. } => out.push((n.span.clone(), value.clone())),
                            NodeKind::Sequence(v) => v.iter().for_each(|x| walk(x, out)),
                            NodeKind::Mapping(e) => e.iter().for_each(|(k, v)| { walk(k, out); walk(v, out) }),
                        }
                    }
                    let mut scalars = vec![];
                    if let Some(Document::Node(root)) = docs.first() { walk(root, &mut scalars); }
                    for (span, value) in scalars {
                        let raw = &file.src[span.clone()];
                        let base = span.start + usize::from(raw.starts_with(['"', '\'']));
                        for h in rules.scan(&value) {
                            hits.push(base + h.range.start..base + h.range.end);
                        }
                    }
                    hits
                };
                let Some(Document::Node(root)) = parse_documents(&file.src, &file.lines).into_iter().next() else {
                    continue;
                };
                let scope_key = rng.random_range(0..4u8);
                let mut rw = Rewrite { src: &file.src, ranges, deny: ex.deny, rng: ChaCha8Rng::seed_from_u64(rng.random()), scope_key, inserted: 0 };
                let yaml = rw.node(&root, true, false);
                checked[usize::from(ex.deny)] += 1;
                inserted[usize::from(ex.deny)] += rw.inserted;
                let verdict = flags(idx, &yaml);
                prop_assert_eq!(
                    verdict.clone(), Ok(ex.deny),
                    "{} example {} became {:?}:\n{}", rule.code, ex.yaml, verdict, yaml
                );
            }
        }
        // Every example was rewritten, with many insertions each way.
        prop_assert!(checked[0] >= 100 && checked[1] >= 100, "{checked:?}");
        prop_assert!(inserted[0] >= 300 && inserted[1] >= 100, "{inserted:?}");
    }
}
