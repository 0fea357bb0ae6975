//! Scope items → catalogue entries. An item is a catalogue entry when it
//! reads as the entry: the same skeleton under the matcher's normalizer
//! built from the entries' own words (full-width and half-width alike,
//! invisible characters and stray marks inside a word passed over,
//! traditional characters folded), the entry's bracketed qualifications
//! included (`化工产品销售（不含许可类化工产品）` is one entry, and its
//! bracket is part of it). An entry written as a list (`技术服务、技术开发、
//! 技术咨询…`) is found across the items the scope parser makes of it.
//! Anything else is non-standard; [`Classifier::nearest`] offers the
//! nearest entries.
//!
//! Free-text scopes (most registrations before 2022) are valid: a
//! non-standard item is only a fact here; rules decide what to report.
//!
//! The index is worked out at build time (build.rs `catalogue_index`): a
//! run classifies items without parsing the catalogue, and builds the
//! normalizer only for an item that is not written as an entry is.

use crate::catalogue::{Catalogue, Class, Entry, catalogue};
use crate::rule::{ItemClass, ItemSection};
use crate::text::normalize::{Normalizer, normalize_term};
use crate::text::pairs::{PairFilter, key as pair_key};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

mod index {
    include!(concat!(env!("OUT_DIR"), "/catalogue_index.rs"));
    /// One bit a basic-plane character: whether it may stand first (last)
    /// in an item written as an entry (build.rs).
    pub static FIRST: &[u8; 0x2000] =
        include_bytes!(concat!(env!("OUT_DIR"), "/catalogue_first.bin"));
    pub static LAST: &[u8; 0x2000] =
        include_bytes!(concat!(env!("OUT_DIR"), "/catalogue_last.bin"));
    /// Per class, one bit a basic-plane character: whether it may stand
    /// for the first character of one of the class's skeletons (build.rs).
    pub static STARTS: &[u8; 4 * 0x2000] =
        include_bytes!(concat!(env!("OUT_DIR"), "/catalogue_starts.bin"));
    /// One bit a basic-plane character: a plain ideograph with no
    /// traditional fold, its own skeleton (build.rs).
    pub static PLAIN: &[u8; 0x2000] =
        include_bytes!(concat!(env!("OUT_DIR"), "/catalogue_plain.bin"));
}

/// Whether `c` has its bit in a table of `index`; characters beyond the
/// basic plane always may.
fn bit(table: &[u8; 0x2000], c: char) -> bool {
    let c = c as usize;
    c >= 0x1_0000 || table[c >> 3] & (1 << (c & 7)) != 0
}

/// What was worked out for a text, kept per thread and looked up by the
/// text: registries repeat their items (boilerplate, the catalogue's own
/// wordings, a chain's standard scope), and what an item reads as, or
/// mentions, depends on its text alone. Bounded: texts longer than
/// `MEMO_KEY` bytes are not kept, and the memo is emptied when it holds
/// `MEMO_TEXTS` texts. The texts are kept end to end in one string: one
/// allocation a memo, not one a text.
struct Memo<V> {
    /// A text's hash → where the text is in `texts`, and its value.
    map: HashMap<u64, (u32, u32, V), rustc_hash::FxBuildHasher>,
    texts: String,
}

/// The longest text a memo keeps (most items are 10–40 bytes).
const MEMO_KEY: usize = 128;
/// How many texts a memo keeps: with `MEMO_KEY`, at most 128 KB of text a
/// memo and thread, whatever the input. (4 096 kept no more hits on
/// 100 000 real registrations and raised the peak RSS by about 10 MB.)
const MEMO_TEXTS: usize = 1 << 10;

impl<V: Clone> Memo<V> {
    const fn new() -> Self {
        Memo {
            map: HashMap::with_hasher(rustc_hash::FxBuildHasher),
            texts: String::new(),
        }
    }

    fn get(&self, hash: u64, text: &str) -> Option<V> {
        let (at, len, v) = self.map.get(&hash)?;
        let (at, len) = (*at as usize, *len as usize);
        (self.texts.get(at..at + len) == Some(text)).then(|| v.clone())
    }

    fn insert(&mut self, hash: u64, text: &str, v: V) {
        if self.map.len() >= MEMO_TEXTS {
            self.map.clear();
            self.texts.clear();
        }
        // (Two texts of one hash: the first stays, the second is worked
        // out each time.)
        if let std::collections::hash_map::Entry::Vacant(e) = self.map.entry(hash) {
            let at = self.texts.len() as u32;
            self.texts.push_str(text);
            e.insert((at, text.len() as u32, v));
        }
    }
}

/// `work(text)`, from `memo` when `text` was worked out before on this
/// thread. (The memo is not borrowed while `work` runs.)
fn memoized<V: Clone>(
    memo: &'static std::thread::LocalKey<Cell<V>>,
    text: &str,
    work: impl FnOnce() -> V,
) -> V {
    use std::hash::BuildHasher;
    if text.len() > MEMO_KEY {
        return work();
    }
    let hash = rustc_hash::FxBuildHasher.hash_one(text);
    if let Some(v) = memo.with_borrow(|m| m.get(hash, text)) {
        return v;
    }
    let v = work();
    memo.with_borrow_mut(|m| m.insert(hash, text, v.clone()));
    v
}

/// What a text is in the index: its rows as an item of a scope reads them
/// (the text as written, else its skeleton; `None` when no entry may be
/// written so), and its rows as one entry reads them (`classify`).
#[derive(Clone, Copy)]
struct Found {
    item: Option<&'static Rows>,
    entry: Option<&'static Rows>,
}

type Cell<V> = std::cell::RefCell<Memo<V>>;

/// The entries whose words a text holds, with the words' byte ranges.
type Words = Box<[(usize, Range<usize>)]>;

thread_local! {
    // The rows of a text's skeleton (`Classifier::found`).
    static BY_SKELETON: Cell<Option<&'static Rows>> = const { Cell::new(Memo::new()) };
    // The words of each class's entries a text holds (`mentions`),
    // relative to the text: one memo a class.
    static MENTIONED_PRIOR: Cell<Words> = const { Cell::new(Memo::new()) };
    static MENTIONED_LICENSED: Cell<Words> = const { Cell::new(Memo::new()) };
    static MENTIONED_FILING: Cell<Words> = const { Cell::new(Memo::new()) };
    static MENTIONED_GENERAL: Cell<Words> = const { Cell::new(Memo::new()) };
}

/// A set of character pairs with a bit filter in front: most pairs an
/// item has are in no set, and one bit (of 2^16, a few per cent set) says
/// so without a lookup.
struct PairSet {
    filter: PairFilter,
    set: std::collections::HashSet<(char, char), rustc_hash::FxBuildHasher>,
}

impl PairSet {
    fn new(pairs: &[(char, char)]) -> Self {
        PairSet {
            filter: PairFilter::new(16, pairs.iter().map(|&(a, b)| pair_key(a, b))),
            set: pairs.iter().copied().collect(),
        }
    }

    fn contains(&self, a: char, b: char) -> bool {
        self.filter.may_contain(pair_key(a, b)) && self.set.contains(&(a, b))
    }
}

/// What the catalogue makes of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemMatch {
    /// The entry (its index in the catalogue).
    pub entry: usize,
    /// The items the entry is written across (indices into the items
    /// classified, first and last).
    pub items: (usize, usize),
    /// Other entries that read the same, shorter as written (an item that
    /// matches two entries takes the longer one and says so).
    pub also: Vec<usize>,
    /// Whether the item is written in the draft's wording of a renamed
    /// entry (`食品经营（销售预包装食品）` for F1040).
    pub old_wording: bool,
}

/// How many items joined by soft separators are tried as one entry.
const MAX_JOINED: usize = 4;

/// What `mentions` looks for, for one class: an automaton of its entries'
/// skeletons, and what tells an item that holds none of them without a
/// skeleton (see `Classifier::may_mention`).
struct Mentions {
    /// One bit a basic-plane character: whether it may stand for the first
    /// character of a skeleton (`index::STARTS`).
    starts: &'static [u8; 0x2000],
    /// The first two characters of each skeleton as two plain ideographs
    /// may write them (`index::FIRST_PAIRS`).
    pairs: PairSet,
    /// The characters of one-character skeletons.
    lone: &'static [char],
    automaton: aho_corasick::AhoCorasick,
    entries: Vec<usize>,
}

/// A CJK unified ideograph that the skeleton keeps as one word character
/// (folded, if traditional, but never dropped, joined or expanded).
fn plain_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        && crate::text::normalize::class_of(c) == crate::text::normalize::Class::Word
}

type Map<V> = HashMap<&'static str, V, rustc_hash::FxBuildHasher>;

/// What one text is in the index: the entries it is (table rows) and the
/// member counts of the list entries it is the first member of.
#[derive(Default)]
struct Rows {
    rows: &'static [(&'static str, u16, bool)],
    lists: Vec<usize>,
}

/// The catalogue's entries, indexed for classifying scope items.
pub struct Classifier {
    /// The build-time tables as maps: a text as written → its rows of the
    /// table and the member counts of the list entries it begins (one
    /// lookup for an item); the same for skeletons.
    raw: Map<Rows>,
    skeletons: Map<Rows>,
    /// `index::WRITTEN_EDGES` as a set.
    edges: PairSet,
    /// `index::ITEM_PAIRS` as a set.
    item_pairs: PairSet,
    /// The skeleton of an item that is not written as an entry is: built
    /// on first need.
    normalizer: OnceLock<Normalizer>,
    /// For each class, an automaton of its entries' skeletons (built on
    /// first use), for `mentions`.
    mentioned: [OnceLock<Mentions>; 4],
    /// Character bigram → entries that hold it, for `nearest` (built on
    /// first use: only `neglist classify` asks).
    bigrams: OnceLock<HashMap<(char, char), Vec<u32>>>,
}

static CLASSIFIER: LazyLock<Classifier> = LazyLock::new(|| Classifier {
    raw: rows(index::RAW, index::LIST_RAW),
    skeletons: rows(index::SKELETONS, index::LIST_SKELETONS),
    edges: PairSet::new(index::WRITTEN_EDGES),
    item_pairs: PairSet::new(index::ITEM_PAIRS),
    mentioned: [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ],
    normalizer: OnceLock::new(),
    bigrams: OnceLock::new(),
});

/// A sorted table and its list table as one map from a text to its rows.
fn rows(
    table: &'static [(&'static str, u16, bool)],
    lists: &'static [(&'static str, u8)],
) -> Map<Rows> {
    let mut m: Map<Rows> = Map::default();
    let mut i = 0;
    while i < table.len() {
        let n = table[i..].partition_point(|e| e.0 == table[i].0);
        m.entry(table[i].0).or_default().rows = &table[i..i + n];
        i += n;
    }
    for (k, n) in lists {
        m.entry(k).or_default().lists.push(usize::from(*n));
    }
    m
}

/// The classifier of the built-in catalogue.
pub fn classifier() -> &'static Classifier {
    &CLASSIFIER
}

impl Classifier {
    pub fn catalogue(&self) -> &'static Catalogue<'static> {
        catalogue()
    }

    /// The entry at `index` (parses the catalogue on first use).
    pub fn entry(&self, index: usize) -> &'static Entry<'static> {
        &catalogue().iter().as_slice()[index]
    }

    /// The code of the entry at `index`, without parsing the catalogue.
    pub fn code(&self, index: usize) -> &'static str {
        index::ENTRIES[index].0
    }

    /// The class of the entry at `index`, without parsing the catalogue.
    pub fn class(&self, index: usize) -> Class {
        match index::ENTRIES[index].1 {
            0 => Class::Prior,
            1 => Class::Licensed,
            2 => Class::Filing,
            _ => Class::General,
        }
    }

    /// What the line of the entry at `index` needs: the approvals its
    /// 前置 rows name, then its licence items (without parsing the
    /// catalogue).
    pub fn needs(&self, index: usize) -> &'static [&'static str] {
        index::NEEDS[index]
    }

    fn normalizer(&self) -> &Normalizer {
        self.normalizer
            .get_or_init(|| Normalizer::new(index::TERMS))
    }

    /// Builds now, on this thread, what classifying items and reporting
    /// them will need: the normalizer, the mention automata of `classes`
    /// and the parsed catalogue (a finding that names an entry quotes it).
    /// A run over many filings calls it on a thread of its own while the
    /// rules compile: the first worker to need them would build them while
    /// the others waited.
    pub fn prewarm(&'static self, classes: &[Class]) {
        self.normalizer();
        for &class in classes {
            self.mentions("", class);
        }
        catalogue();
    }

    /// The entry `item` (one item of a scope, as written) reads as, if any.
    pub fn classify(&'static self, item: &str) -> Option<ItemMatch> {
        hit(self.found(item).entry?.rows)
    }

    /// What `item` is in the index (see [`Found`]), worked out once a
    /// thread for a text.
    fn found(&'static self, item: &str) -> Found {
        let none = Found {
            item: None,
            entry: None,
        };
        // (The ends' bits first: most free text stops there. Then one
        // lookup: written as the catalogue writes it, most standard items
        // are found without a skeleton.)
        if !self.ends_may_be_entry(item) {
            return none;
        }
        let raw = self.raw.get(item);
        let by_skeleton = || {
            memoized(&BY_SKELETON, item, || {
                self.skeletons
                    .get(self.normalizer().normalize(item).text.as_ref())
            })
        };
        match raw {
            Some(r) if !r.rows.is_empty() => Found {
                item: raw,
                entry: raw,
            },
            Some(_) => Found {
                item: raw,
                entry: by_skeleton(),
            },
            // (What is not written as an entry may still read as one:
            // the rest of the test, then the skeleton.)
            None if !self.pairs_may_be_entry(item) => none,
            None => {
                let rows = by_skeleton();
                Found {
                    item: rows,
                    entry: rows,
                }
            }
        }
    }

    /// The first half of `may_be_entry`: whether `item`'s first and last
    /// characters, where a bit tells, may end a wording.
    fn ends_may_be_entry(&self, item: &str) -> bool {
        let (Some(a), Some(b)) = (item.chars().next(), item.chars().next_back()) else {
            return false;
        };
        (bit(index::FIRST, a) || !known_end(a)) && (bit(index::LAST, b) || !known_end(b))
    }

    /// Whether `item` may be an entry (or the first member of a list
    /// entry): false when its first and last characters, as a skeleton
    /// would have them, end no wording. Two characters are looked at; an
    /// item whose ends need the full normalizer says true. (`found` asks
    /// the two halves apart, with a lookup between them.)
    #[cfg(test)]
    fn may_be_entry(&self, item: &str) -> bool {
        self.ends_may_be_entry(item) && self.pairs_may_be_entry(item)
    }

    /// The second half of `may_be_entry`: whether `item`'s pair of ends,
    /// and its first two characters, may be a wording's.
    fn pairs_may_be_entry(&self, item: &str) -> bool {
        let (Some(a), Some(b)) = (item.chars().next(), item.chars().next_back()) else {
            return false;
        };
        if known_end(a) && known_end(b) && !self.edges.contains(a, b) {
            return false;
        }
        // (Two plain ideographs first stand first in the skeleton too.)
        let mut chars = item.chars();
        match (chars.next(), chars.next()) {
            (Some(a), Some(second)) if plain_ideograph(a) && plain_ideograph(second) => {
                self.item_pairs.contains(a, second)
            }
            _ => true,
        }
    }

    /// Classifies the items of a scope: `items` are (text, byte range)
    /// pairs in order, `texts` the scope texts they are in. An entry
    /// written as a list is found across the items it spans (each of them
    /// gets the match), the longer reading first; otherwise each item is
    /// looked up alone.
    /// `heads`, where given, is what an item reads as without its
    /// bracketed conditions and exclusions (`保安服务（不含武装守护押运）`,
    /// `危险化学品经营（凭许可证经营）`): tried when the whole item is no entry,
    /// since a narrowed line is still that line.
    pub fn classify_items(
        &'static self,
        texts: &[&str],
        items: &[(usize, Range<usize>, bool)],
    ) -> Vec<Option<ItemMatch>> {
        self.classify_items_with_heads(texts, items, &|_| None)
    }

    /// [`Classifier::classify_items`], with `head(k)` the head of item `k`
    /// (see there; asked only for an item that is no entry as a whole).
    pub fn classify_items_with_heads(
        &'static self,
        texts: &[&str],
        items: &[(usize, Range<usize>, bool)],
        head: &dyn Fn(usize) -> Option<Range<usize>>,
    ) -> Vec<Option<ItemMatch>> {
        let mut out: Vec<Option<ItemMatch>> = vec![None; items.len()];
        let mut k = 0;
        while k < items.len() {
            let (t, r, soft) = &items[k];
            let text = texts[*t];
            let item = &text[r.clone()];
            let found_rows = self.found(item).item;
            // (Most standard items stand alone and are one entry as they
            // are: no run of joined items or list entry to try first.)
            if !*soft
                && let Some(rows) = found_rows
                && rows.lists.is_empty()
                && let Some(mut m) = hit(rows.rows)
            {
                m.items = (k, k);
                out[k] = Some(m);
                k += 1;
                continue;
            }
            let single = found_rows.map(|r| r.rows).filter(|r| !r.is_empty());
            let lists = found_rows.map(|r| r.lists.as_slice());
            let mut found = None;
            // Items split only by a mark a reader also reads inside a word
            // (`餐饮/服务`, a line break) may be one entry written across
            // it: the longest such run first.
            let joined = items[k..]
                .iter()
                .take(MAX_JOINED)
                .take_while(|(u, _, soft)| u == t && *soft)
                .count();
            for last in (k + 1..=k + joined).rev().filter(|l| *l < items.len()) {
                if items[last].0 != *t {
                    continue;
                }
                if let Some(mut m) = self.classify(&text[r.start..items[last].1.end]) {
                    m.items = (k, last);
                    found = Some(m);
                    break;
                }
            }
            for &n in lists.unwrap_or(&[]).iter().filter(|_| found.is_none()) {
                let last = k + n - 1;
                if last >= items.len() || items[k..=last].iter().any(|(u, _, _)| u != t) {
                    continue;
                }
                if let Some(mut m) = self.classify(&text[r.start..items[last].1.end]) {
                    m.items = (k, last);
                    found = Some(m);
                    break;
                }
            }
            let found = found
                .or_else(|| single.and_then(hit))
                .or_else(|| self.classify(&text[head(k)?]))
                .map(|mut m| {
                    if m.items == (0, 0) {
                        m.items = (k, k);
                    }
                    m
                });
            match found {
                Some(m) => {
                    let (a, b) = m.items;
                    for slot in &mut out[a..=b] {
                        *slot = Some(m.clone());
                    }
                    k = b + 1;
                }
                None => k += 1,
            }
        }
        out
    }

    /// The entries of `class` whose words a (non-standard) item holds, each
    /// with the words' byte range in the item: `提供保安服务` holds L2049's.
    /// Leftmost-longest, without overlaps.
    pub fn mentions(&self, item: &str, class: Class) -> Vec<(usize, Range<usize>)> {
        let slot = match class {
            Class::Prior => 0,
            Class::Licensed => 1,
            Class::Filing => 2,
            Class::General => 3,
        };
        let m = self.mentioned[slot].get_or_init(|| {
            let rows: Vec<&(&str, u16, bool)> = index::SKELETONS
                .iter()
                .filter(|r| !r.2 && self.class(usize::from(r.1)) == class)
                .collect();
            // (Few items get this far: an NFA is built in a fraction of a
            // DFA's time, and a short item is searched as fast.)
            let automaton = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(rows.iter().map(|r| r.0))
                .expect("the catalogue's skeletons make an automaton");
            let starts: &[u8; 0x2000] = index::STARTS[slot * 0x2000..(slot + 1) * 0x2000]
                .try_into()
                .expect("one table a class");
            Mentions {
                starts,
                pairs: PairSet::new(index::FIRST_PAIRS[slot]),
                lone: index::LONE[slot],
                automaton,
                entries: rows.iter().map(|r| usize::from(r.1)).collect(),
            }
        });
        let Some(from) = may_mention(m, item) else {
            return vec![];
        };
        // (An item of plain ideographs none of which has a traditional
        // fold is its own skeleton: searched as it stands.)
        if item
            .chars()
            .all(|c| c < '\u{10000}' && bit(index::PLAIN, c))
        {
            return m
                .automaton
                .find_iter(item)
                .map(|h| (m.entries[h.pattern().as_usize()], h.range()))
                .collect();
        }
        // (Otherwise the skeleton is searched: the few items that get
        // here are long free text, and registries repeat them. Only from
        // where a wording may begin: nothing begins before, and what the
        // skeleton makes of a character does not depend on what came
        // before it but for the marks between them, which no wording
        // begins with.)
        let memo = match class {
            Class::Prior => &MENTIONED_PRIOR,
            Class::Licensed => &MENTIONED_LICENSED,
            Class::Filing => &MENTIONED_FILING,
            Class::General => &MENTIONED_GENERAL,
        };
        let rest = &item[from..];
        // (Kept relative to `rest`, the memo's key.)
        let found: Words = memoized(memo, rest, || {
            self.search_skeleton(m, rest).into_boxed_slice()
        });
        found
            .iter()
            .map(|(e, w)| (*e, from + w.start..from + w.end))
            .collect()
    }

    /// The wordings `m` looks for in `text`'s skeleton, with the ranges in
    /// `text` they stand for: what `mentions` finds, worked out.
    fn search_skeleton(&self, m: &Mentions, text: &str) -> Vec<(usize, Range<usize>)> {
        let skeleton = self.normalizer().normalize(text);
        m.automaton
            .find_iter(skeleton.text.as_ref())
            .map(|h| {
                (
                    m.entries[h.pattern().as_usize()],
                    skeleton.original(h.start(), h.end()),
                )
            })
            .collect()
    }

    /// Character bigram → entries that hold it.
    fn bigrams(&self) -> &HashMap<(char, char), Vec<u32>> {
        self.bigrams.get_or_init(|| {
            let mut bigrams: HashMap<(char, char), Vec<u32>> = HashMap::new();
            for (i, e) in catalogue().iter().enumerate() {
                let chars: Vec<char> = normalize_term(e.name).chars().collect();
                for w in chars.windows(2) {
                    let list = bigrams.entry((w[0], w[1])).or_default();
                    if list.last() != Some(&(i as u32)) {
                        list.push(i as u32);
                    }
                }
            }
            bigrams
        })
    }

    /// Up to `n` entries nearest to `item` (by the character pairs they
    /// share), best first, with a score in 0..=1: suggestions for a
    /// non-standard item.
    pub fn nearest(&self, item: &str, n: usize) -> Vec<(usize, f32)> {
        let chars: Vec<char> = normalize_term(item).chars().collect();
        if chars.len() < 2 {
            return vec![];
        }
        let pairs: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for p in &pairs {
            if let Some(list) = self.bigrams().get(p) {
                for &i in list {
                    *shared.entry(i).or_default() += 1;
                }
            }
        }
        let mut scored: Vec<(usize, f32)> = shared
            .into_iter()
            .map(|(i, k)| {
                let e = self.entry(i as usize);
                let theirs = normalize_term(e.name)
                    .chars()
                    .count()
                    .saturating_sub(1)
                    .max(1);
                // Dice's coefficient over character pairs.
                let score = 2.0 * k as f32 / (pairs.len() + theirs) as f32;
                (i as usize, score.min(1.0))
            })
            .filter(|(_, s)| *s >= 0.3)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(n);
        scored
    }
}

/// Where in `item` the first of the skeletons `m` looks for may begin (a
/// byte offset; `None`: nowhere): told without a skeleton, from where its
/// characters may begin one. A position
/// may when its character may stand for a skeleton's first character and
/// either is not a plain ideograph, or is followed by something other than
/// a plain ideograph (a mark, a blank, a reference: the skeleton may pass
/// over it), or by a plain ideograph the pair of which begins a skeleton.
/// A reference (`&#x4FDD;`) or a character beyond the basic plane may
/// spell anything.
fn may_mention(m: &Mentions, item: &str) -> Option<usize> {
    let mut chars = item.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '&' || c >= '\u{10000}' {
            return Some(at);
        }
        if !bit(m.starts, c) {
            continue;
        }
        if m.lone.contains(&c) {
            return Some(at);
        }
        if !plain_ideograph(c) {
            // (It may stand for more than one character: ㍿ is 株式会社.)
            return Some(at);
        }
        match chars.peek() {
            // (A last ideograph begins no skeleton of two.)
            None => {}
            Some(&(_, d)) if plain_ideograph(d) && m.pairs.contains(c, d) => return Some(at),
            Some(&(_, d)) if plain_ideograph(d) => {}
            Some(_) => return Some(at),
        }
    }
    None
}

/// Whether the FIRST and LAST bits tell of `c` as the end of an item: the
/// characters whose skeleton is themselves or a fold of them (ideographs,
/// ASCII and full-width ASCII but for what may begin a reference).
fn known_end(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('!'..='~').contains(&c) && !matches!(c, '&' | ';')
        || ('\u{FF01}'..='\u{FF5E}').contains(&c)
}

/// The match of an item whose text or skeleton has these rows of a table.
fn hit(rows: &[(&str, u16, bool)]) -> Option<ItemMatch> {
    let (_, entry, old) = *rows.first()?;
    // (Most texts are one entry's: no list to build.)
    let also = match rows.len() {
        1 => vec![],
        _ => rows[1..]
            .iter()
            .map(|f| usize::from(f.1))
            .filter(|j| *j != usize::from(entry))
            .collect(),
    };
    Some(ItemMatch {
        entry: entry.into(),
        items: (0, 0),
        also,
        old_wording: old,
    })
}

/// What registering an entry's line takes, in words: for a 前置 entry the
/// approvals its 前置 list rows name, else its licence items.
pub fn needs(e: &Entry) -> String {
    match &e.basis {
        crate::catalogue::Basis::Prior(rows) if !rows.is_empty() => rows
            .iter()
            .map(|r| r.item.as_str())
            .collect::<Vec<_>>()
            .join("；"),
        _ => e.licences.join("；"),
    }
}

/// The rule language's class of an entry.
pub fn item_class(class: Class) -> ItemClass {
    match class {
        Class::Prior => ItemClass::Prior,
        Class::Licensed => ItemClass::Licensed,
        Class::Filing => ItemClass::Filing,
        Class::General => ItemClass::General,
    }
}

/// The section of a scope's parse, as the rule language names it: only a
/// catalogue section (`一般项目：`, or a key that names the section); the
/// older headers (`一般经营项目：`, before 2022) sorted items by the rules of
/// their time, which the catalogue does not tell.
pub fn item_section(s: crate::parse::scope::Section, catalogue: bool) -> Option<ItemSection> {
    use crate::parse::scope::Section;
    if !catalogue {
        return None;
    }
    match s {
        Section::General => Some(ItemSection::General),
        Section::Licensed => Some(ItemSection::Licensed),
        Section::Unsectioned => None,
    }
}

/// What an approval or licence is called without the act of issuing it:
/// `爆破作业单位许可证核发` → `爆破作业单位`, `民用爆炸物品生产许可` →
/// `民用爆炸物品生产`, brackets dropped.
pub fn licence_stem(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in normalize_term(name).chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            c if depth == 0 => s.push(c),
            _ => {}
        }
    }
    let mut t = s.as_str();
    loop {
        let before = t.len();
        for suffix in [
            "核发",
            "审批",
            "核准",
            "批准",
            "许可证",
            "许可",
            "证书",
            "证",
            "资格",
        ] {
            if let Some(r) = t.strip_suffix(suffix) {
                t = r;
            }
        }
        if t.len() == before {
            break;
        }
    }
    t.to_string()
}

/// Whether a declared licence of type `declared` names the approval or
/// licence `required`: one's stem holds the other's (at least three
/// characters, so `许可证` alone names nothing).
pub fn names_licence(declared: &str, required: &str) -> bool {
    let (d, r) = (licence_stem(declared), licence_stem(required));
    let long_enough = |s: &str| s.chars().count() >= 3;
    (long_enough(&r) && d.contains(r.as_str())) || (long_enough(&d) && r.contains(d.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_that_reads_as_two_entries_takes_the_first_row_and_names_the_others() {
        let rows = [("x", 7u16, false), ("x", 3, true), ("x", 7, true)];
        let m = hit(&rows).unwrap();
        assert_eq!((m.entry, m.old_wording), (7, false));
        assert_eq!(m.also, [3]);
    }

    #[test]
    fn the_index_puts_the_longest_wording_of_a_skeleton_first() {
        let mut i = 0;
        while i < index::SKELETONS.len() {
            let key = index::SKELETONS[i].0;
            let run: Vec<_> = index::SKELETONS[i..]
                .iter()
                .take_while(|r| r.0 == key)
                .collect();
            let len = |r: &&(&str, u16, bool)| {
                let e = classifier().entry(usize::from(r.1));
                let name = if r.2 {
                    e.draft.as_ref().map_or(e.name, |d| d.name)
                } else {
                    e.name
                };
                name.chars().count()
            };
            assert!(run.windows(2).all(|w| len(&w[0]) >= len(&w[1])), "{key}");
            i += run.len();
        }
        assert!(i > 1900);
    }

    #[test]
    fn a_pair_set_answers_as_its_set() {
        let set = PairSet::new(index::ITEM_PAIRS);
        for &(a, b) in index::ITEM_PAIRS {
            assert!(set.contains(a, b), "{a}{b}");
        }
        let firsts: Vec<char> = index::ITEM_PAIRS.iter().map(|p| p.0).take(200).collect();
        for &a in &firsts {
            for &b in &firsts {
                assert_eq!(
                    set.contains(a, b),
                    index::ITEM_PAIRS.contains(&(a, b)),
                    "{a}{b}"
                );
            }
        }
    }

    #[test]
    fn the_plain_table_holds_the_ideographs_that_are_their_own_skeleton() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            assert_eq!(
                bit(index::PLAIN, c),
                plain_ideograph(c) && crate::text::normalize::simplified(c).is_none(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn the_ends_of_an_item_tell_most_free_text_apart() {
        let c = classifier();
        assert!(c.may_be_entry("软件开发"));
        assert!(!c.may_be_entry("计算机网络工程施工"));
        // A reference or a mark at an end needs the normalizer.
        assert!(c.may_be_entry("&#x8F6F;件开发"));
        assert!(c.may_be_entry("软件开发&#x53D1;"));
    }

    /// What `mentions` finds without its prefilter.
    fn mentioned_by_skeleton(item: &str, class: Class) -> bool {
        let c = classifier();
        let _ = c.mentions("", class);
        let slot = class as usize;
        let m = c.mentioned[slot].get().unwrap();
        let skeleton = c.normalizer().normalize(item);
        m.automaton.find(skeleton.text.as_ref()).is_some()
    }

    /// What `mentions` finds, by searching the whole item's skeleton: no
    /// prefilter, no start, no memo.
    fn mentions_by_skeleton(item: &str, class: Class) -> Vec<(usize, Range<usize>)> {
        let c = classifier();
        let _ = c.mentions("", class);
        c.search_skeleton(c.mentioned[class as usize].get().unwrap(), item)
    }

    #[test]
    fn the_mentions_prefilter_passes_every_item_that_holds_a_wording() {
        let c = classifier();
        // Every character that folds into another, by the fold's table.
        let trad: Vec<(char, char)> = ('\u{3400}'..='\u{9FFF}')
            .filter_map(|t| crate::text::normalize::simplified(t).map(|s| (t, s)))
            .collect();
        let written = |s: &str, k: usize| -> String {
            // The k-th traditional form of each character that has one.
            s.chars()
                .map(|ch| {
                    let forms: Vec<char> = trad
                        .iter()
                        .filter(|(_, s)| *s == ch)
                        .map(|(t, _)| *t)
                        .collect();
                    if forms.is_empty() {
                        ch
                    } else {
                        forms[k % forms.len()]
                    }
                })
                .collect()
        };
        let mut checked = 0;
        for class in [Class::Prior, Class::Licensed, Class::Filing, Class::General] {
            for e in c.catalogue().iter() {
                let name = e.name;
                let first: String = name.chars().take(1).collect();
                let rest: String = name.chars().skip(1).collect();
                let texts = [
                    name.to_string(),
                    format!("提供{name}业务"),
                    written(name, 0),
                    written(name, 1),
                    format!("{first}-{rest}"),
                    format!("{first}\u{200B}{rest}"),
                    format!("{first} {rest}"),
                    format!("（{name}）"),
                    // Marks, blanks and other words before the wording.
                    format!("销售、{name}"),
                    format!("经营-{first}-{rest}"),
                    format!("技术服务（{name}）"),
                    format!("A1 {name}及{name}"),
                    format!("&#x{:X};{rest}", first.chars().next().unwrap() as u32),
                    // Kangxi radicals and compatibility forms NFKC-fold.
                    name.chars()
                        .map(|ch| match ch {
                            '生' => '⽣',
                            '金' => '⾦',
                            '食' => '⾷',
                            ch => ch,
                        })
                        .collect(),
                ];
                for t in &texts {
                    // The ends and first pair tell no wording apart either.
                    let skeleton = c.normalizer().normalize(t);
                    if c.skeletons
                        .get(skeleton.text.as_ref())
                        .is_some_and(|r| !r.rows.is_empty())
                    {
                        assert!(c.classify(t).is_some(), "{t:?}");
                    }
                    assert_eq!(
                        c.mentions(t, class),
                        mentions_by_skeleton(t, class),
                        "{t:?} ({class:?})"
                    );
                    if mentioned_by_skeleton(t, class) {
                        let m = c.mentioned[class as usize].get().unwrap();
                        assert!(may_mention(m, t).is_some(), "{t:?} ({class:?})");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
        // And it does tell free text apart.
        let m = c.mentioned[Class::Prior as usize].get().unwrap();
        for t in ["软件开发", "计算机系统服务", "日用百货销售", "服装服饰零售"]
        {
            assert!(may_mention(m, t).is_none(), "{t}");
        }
    }

    #[test]
    fn the_stored_needs_are_the_catalogue_s() {
        let c = classifier();
        for (i, e) in c.catalogue().iter().enumerate() {
            let mut want: Vec<&str> = match &e.basis {
                crate::catalogue::Basis::Prior(rows) => {
                    rows.iter().map(|r| r.item.as_str()).collect()
                }
                _ => vec![],
            };
            want.extend(e.licences.iter().copied());
            assert_eq!(c.needs(i), want.as_slice(), "{}", e.code);
        }
    }

    #[test]
    fn a_licence_names_the_approval_it_is() {
        assert!(names_licence("保安服务许可证", "保安服务许可证核发"));
        assert!(names_licence("快递业务经营许可证", "快递业务经营许可"));
        assert!(names_licence("支付业务许可证", "支付业务许可证核发"));
        assert!(!names_licence("营业执照", "保安服务许可证核发"));
        assert!(!names_licence("许可证", "保安服务许可证核发"));
    }
}
