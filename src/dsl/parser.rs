//! Rule-file text → AST, with the pest grammar in `grammar/neglist.pest`.

use super::ast::*;
use crate::diagnostic::{SourceError, TextSource};
use pest::Parser as _;
use pest::iterators::Pair;
use std::ops::Range;

/// The generated parser. pest names its enum of productions `Rule`; the
/// module keeps that name out of the way of `rule::Rule`.
mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/neglist.pest"]
    pub struct Grammar;
}
use grammar::{Grammar, Rule as Production};

/// Friendly names for grammar rules in "expected …" messages.
fn rule_name(r: &Production) -> &'static str {
    match r {
        Production::EOI => "end of file",
        Production::source_decl => "`source`",
        Production::terms_decl => "`terms`",
        Production::rule_decl => "`rule`",
        Production::source_key => {
            "a source property (number, title, title_en, issuer, signed, published, effective, superseded_on, superseded_by, status, url, quote, note)"
        }
        Production::title_prop
        | Production::title_en_prop
        | Production::category_prop
        | Production::severity_prop
        | Production::basis_prop
        | Production::effective_prop
        | Production::when_prop
        | Production::message_prop
        | Production::help_prop
        | Production::help_en_prop
        | Production::report_prop
        | Production::default_prop
        | Production::example_prop => {
            "a rule property (title, title_en, category, severity, basis, effective, when, message, help, help_en, report, example)"
        }
        Production::ident => "a term-set name",
        Production::slug => "a kebab-case name",
        Production::rule_code => "a rule code like `NL0101`",
        Production::string => "a string in double quotes",
        Production::date | Production::effective_from | Production::effective_until => {
            "a date like `2021-09-24`"
        }
        Production::number => "a number",
        Production::str_list => "a list of strings `[\"…\", …]`",
        Production::category => "a category (prohibited, license-required, risk, data)",
        Production::severity => "a severity (error, warning, note)",
        Production::verdict => "`deny` or `allow`",
        Production::report_mode => "`once` or `each`",
        Production::default_mode => "`on` or `off`",
        Production::yaml_block => "an example filing as a YAML flow mapping `{ … }`",
        Production::expr | Production::and_expr | Production::unary => "a condition",
        Production::text_field => {
            "a text field (name, scope, licensed_scope, address, entity_type, license_type, text)"
        }
        Production::code_field => "`industry`, `region` or `uscc_kind`",
        Production::compare_field => {
            "a numeric or date field (energy.daily_kwh, energy.annual_tce, capital, established_on, filed_on)"
        }
        Production::compare_op => "a comparison (<, <=, >, >=, ==, !=)",
        Production::uscc_fact => "`check_digit_wrong` or `malformed`",
        Production::item_pred => "`scope item [mentions] CLASS [in SECTION] [unapproved]`",
        Production::item_class => {
            "a catalogue class (prior, licensed, filing, general, nonstandard)"
        }
        Production::item_section => "`in general` or `in licensed`",
        Production::section_name => "a scope section (general, licensed)",
        Production::unapproved_kw => "`unapproved`",
        Production::mentions_kw => "`mentions`",
        Production::presence_op => "`missing`, `present` or `empty`",
        Production::presence_field => "a filing field",
        Production::term_ref | Production::term_combo | Production::term_alt => {
            "a term set (a name, a string, or a list of strings)"
        }
        Production::or_op => "`or`",
        Production::and_op => "`and`",
        Production::not_op => "`not`",
        Production::unless_clause => "`unless`",
        Production::except_clause => "`except`",
        _ => "something else",
    }
}

/// How deeply a rule file may nest brackets and `not`s. Real rules nest a
/// few levels; the parser recurses once a level, so a file of 20 000
/// nested `not`s would otherwise overflow the stack.
pub const MAX_NESTING: usize = 100;

/// Where a rule file first nests deeper than [`MAX_NESTING`]: brackets of
/// any kind and runs of `not` count, strings and comments do not.
fn too_deep(text: &str) -> Option<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let (mut depth, mut nots, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'"' => {
                // A string: to its closing quote, past escapes.
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                nots = 0;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            b'(' | b'{' | b'[' => {
                depth += 1;
                nots = 0;
            }
            b')' | b'}' | b']' => {
                depth = depth.saturating_sub(1);
                nots = 0;
            }
            b'n' if b[i..].starts_with(b"not")
                && !b
                    .get(i + 3)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                nots += 1;
                i += 3;
                if depth + nots > MAX_NESTING {
                    return Some(i - 3..i);
                }
                continue;
            }
            c if c.is_ascii_whitespace() => {}
            _ => nots = 0,
        }
        if depth + nots > MAX_NESTING {
            return Some(i..i + 1);
        }
        i += 1;
    }
    None
}

/// Parses one rule file. On failure returns every error found: a syntax
/// error (pest stops at the first), or each bad escape in a string.
pub fn parse_rule_file(src: &TextSource) -> Result<RuleFile, Vec<SourceError>> {
    let text = &*src.text;
    if let Some(at) = too_deep(text) {
        return Err(vec![SourceError::error(
            src,
            at,
            format!("nested more than {MAX_NESTING} levels deep"),
            "too deep",
        )]);
    }
    let mut pairs = Grammar::parse(Production::file, text).map_err(|e| vec![pest_error(src, e)])?;
    let file = pairs.next().expect("file rule");
    let mut cx = Cx {
        src,
        errors: vec![],
    };
    let mut out = RuleFile::default();
    for decl in file.into_inner() {
        match decl.as_rule() {
            Production::source_decl => out.sources.push(cx.source_decl(decl)),
            Production::terms_decl => out.terms.push(cx.terms_decl(decl)),
            Production::rule_decl => out.rules.push(cx.rule_decl(decl)),
            _ => {}
        }
    }
    if cx.errors.is_empty() {
        Ok(out)
    } else {
        Err(cx.errors)
    }
}

fn pest_error(src: &TextSource, e: pest::error::Error<Production>) -> SourceError {
    let span = match e.location {
        pest::error::InputLocation::Pos(p) => {
            let end = src.text[p..].chars().next().map_or(p, |c| p + c.len_utf8());
            p..end
        }
        pest::error::InputLocation::Span((s, e)) => s..e,
    };
    let found = src.text[span.start..]
        .split(|c: char| c.is_whitespace())
        .next()
        .filter(|w| !w.is_empty())
        .map_or_else(
            || "end of file".to_string(),
            |w| format!("`{}`", w.chars().take(30).collect::<String>()),
        );
    let (label, expected) = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<&str> = positives.iter().map(rule_name).collect();
            names.sort();
            names.dedup();
            let expected = names.join(", or ");
            (format!("expected {expected}"), expected)
        }
        pest::error::ErrorVariant::CustomError { message } => (message.clone(), message.clone()),
    };
    SourceError::error(src, span, format!("unexpected {found} in rule file"), label).with_help(
        format!("the grammar expects {expected} here; see docs/rules-language.md"),
    )
}

fn spanned_str(p: &Pair<Production>) -> Spanned<String> {
    Spanned {
        value: p.as_str().to_string(),
        span: p.as_span().start()..p.as_span().end(),
    }
}

fn span_of(p: &Pair<Production>) -> Range<usize> {
    p.as_span().start()..p.as_span().end()
}

/// A bad escape in a string: where (relative to the string's content),
/// what, and a label.
#[derive(Debug, PartialEq)]
pub struct BadEscape {
    pub at: std::ops::Range<usize>,
    pub message: String,
    pub label: &'static str,
}

/// Decodes a string's escapes: `\n`, `\t`, `\"`, `\\`, `\u{H…}` (one to six
/// hex digits) and `\uHHHH` (exactly four), the last two as the YAML in an
/// example decodes `\u200B`. Any other escape is an error, never dropped to
/// the letter after the backslash; so is a code that is not a Unicode
/// scalar value (a surrogate, or above 10FFFF).
const ESCAPE_HELP: &str = "strings know `\\n`, `\\t`, `\\\"`, `\\\\`, `\\u{200B}` and `\\u200B`; write any other character as itself, and a backslash as `\\\\`";

pub fn unescape(inner: &str) -> Result<String, Vec<BadEscape>> {
    let mut out = String::with_capacity(inner.len());
    let mut bad = vec![];
    let mut rest = inner.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((j, e)) = rest.next() else {
            bad.push(BadEscape {
                at: i..i + 1,
                message: "a string ends in a lone `\\`".into(),
                label: "nothing to escape",
            });
            break;
        };
        let after = j + e.len_utf8();
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'u' => {
                let tail = &inner[after..];
                // The digits, and how many bytes after `\u` the escape takes.
                let braced = tail.starts_with('{');
                let (digits, len) = if braced {
                    match tail.find('}') {
                        Some(close) => (&tail[1..close], close + 1),
                        None => ("", 1),
                    }
                } else {
                    let n = tail
                        .bytes()
                        .take(4)
                        .take_while(u8::is_ascii_hexdigit)
                        .count();
                    (&tail[..n], n)
                };
                let end = after + len;
                while rest.peek().is_some_and(|(k, _)| *k < end) {
                    rest.next();
                }
                let well_formed = if braced {
                    (1..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_hexdigit())
                } else {
                    digits.len() == 4
                };
                let code = u32::from_str_radix(digits, 16).ok().filter(|_| well_formed);
                match code.map(char::from_u32) {
                    Some(Some(ch)) => out.push(ch),
                    Some(None) => bad.push(BadEscape {
                        at: i..end,
                        message: format!(
                            "`{}` is not a Unicode character",
                            crate::diagnostic::one_line(&inner[i..end])
                        ),
                        label: "a surrogate, or beyond U+10FFFF",
                    }),
                    None => bad.push(BadEscape {
                        at: i..end,
                        message: format!(
                            "malformed Unicode escape `{}`",
                            crate::diagnostic::one_line(&inner[i..end])
                        ),
                        label: "expected `\\u{…}` with one to six hex digits, or `\\u` and four",
                    }),
                }
            }
            other => bad.push(BadEscape {
                at: i..after,
                // (A line break or another invisible character after the
                // backslash is shown escaped: the message stays one line.)
                message: format!(
                    "unknown escape `\\{}` in a string",
                    crate::diagnostic::one_line(&other.to_string())
                ),
                label: "not an escape the rule language knows",
            }),
        }
    }
    if bad.is_empty() { Ok(out) } else { Err(bad) }
}

/// Where the parser is: the file, and the errors found so far (a bad
/// escape does not stop the parse, so every one is reported).
struct Cx<'s> {
    src: &'s TextSource,
    errors: Vec<SourceError>,
}

impl Cx<'_> {
    /// A string literal's content with its escapes decoded (see
    /// [`unescape`]); the span covers the quotes. A bad escape is an error
    /// at the escape itself.
    fn string_lit(&mut self, p: Pair<Production>) -> Spanned<String> {
        let span = span_of(&p);
        let Some(inner) = p.into_inner().next() else {
            return Spanned {
                value: String::new(),
                span,
            };
        };
        let base = inner.as_span().start();
        let value = match unescape(inner.as_str()) {
            Ok(v) => v,
            Err(bad) => {
                for b in bad {
                    self.errors.push(
                        SourceError::error(
                            self.src,
                            base + b.at.start..base + b.at.end,
                            b.message,
                            b.label,
                        )
                        .with_help(ESCAPE_HELP),
                    );
                }
                String::new()
            }
        };
        Spanned { value, span }
    }

    fn str_list(&mut self, p: Pair<Production>) -> Vec<Spanned<String>> {
        p.into_inner().map(|s| self.string_lit(s)).collect()
    }

    fn source_decl(&mut self, p: Pair<Production>) -> SourceDecl {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let id = spanned_str(&it.next().expect("slug"));
        let mut props = vec![];
        for prop in it {
            let mut kv = prop.into_inner();
            let k = spanned_str(&kv.next().expect("key"));
            let v = kv.next().expect("value");
            let vspan = span_of(&v);
            let value = match v.as_rule() {
                Production::date => PropValue::Date(v.as_str().to_string()),
                Production::string => PropValue::Str(self.string_lit(v).value),
                _ => {
                    self.internal(&v, "source property value");
                    continue;
                }
            };
            props.push((k, Spanned { value, span: vspan }));
        }
        SourceDecl { id, props, span }
    }

    fn terms_decl(&mut self, p: Pair<Production>) -> TermsDecl {
        let mut it = p.into_inner();
        let id = spanned_str(&it.next().expect("ident"));
        let terms = self.str_list(it.next().expect("list"));
        TermsDecl { id, terms }
    }

    fn rule_decl(&mut self, p: Pair<Production>) -> RuleDecl {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let code = spanned_str(&it.next().expect("code"));
        let name = spanned_str(&it.next().expect("name"));
        let mut r = RuleDecl {
            code,
            name,
            span,
            title: None,
            title_en: None,
            category: None,
            severity: None,
            basis: vec![],
            effective: None,
            when: None,
            message: None,
            help: None,
            help_en: None,
            report: None,
            default: None,
            examples: vec![],
            repeated: vec![],
        };
        fn set<T>(
            slot: &mut Option<T>,
            v: T,
            key: Spanned<String>,
            repeated: &mut Vec<Spanned<String>>,
        ) {
            if slot.is_some() {
                repeated.push(key);
            }
            *slot = Some(v);
        }
        for prop in it {
            let key = Spanned {
                value: prop
                    .as_str()
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string(),
                span: span_of(&prop),
            };
            let rule = prop.as_rule();
            let mut inner = prop.into_inner();
            match rule {
                Production::title_prop => set(
                    &mut r.title,
                    self.string_lit(inner.next().unwrap()),
                    key,
                    &mut r.repeated,
                ),
                Production::title_en_prop => set(
                    &mut r.title_en,
                    self.string_lit(inner.next().unwrap()),
                    key,
                    &mut r.repeated,
                ),
                Production::message_prop => set(
                    &mut r.message,
                    self.string_lit(inner.next().unwrap()),
                    key,
                    &mut r.repeated,
                ),
                Production::help_prop => set(
                    &mut r.help,
                    self.string_lit(inner.next().unwrap()),
                    key,
                    &mut r.repeated,
                ),
                Production::help_en_prop => set(
                    &mut r.help_en,
                    self.string_lit(inner.next().unwrap()),
                    key,
                    &mut r.repeated,
                ),
                Production::report_prop => set(
                    &mut r.report,
                    spanned_str(&inner.next().unwrap()),
                    key,
                    &mut r.repeated,
                ),
                Production::default_prop => set(
                    &mut r.default,
                    spanned_str(&inner.next().unwrap()),
                    key,
                    &mut r.repeated,
                ),
                Production::category_prop => set(
                    &mut r.category,
                    spanned_str(&inner.next().unwrap()),
                    key,
                    &mut r.repeated,
                ),
                Production::severity_prop => set(
                    &mut r.severity,
                    spanned_str(&inner.next().unwrap()),
                    key,
                    &mut r.repeated,
                ),
                Production::basis_prop => {
                    let source = spanned_str(&inner.next().unwrap());
                    let (mut item, mut quote) = (None, None);
                    for part in inner {
                        let is_item = part.as_rule() == Production::basis_item;
                        let text = self.string_lit(part.into_inner().next().unwrap());
                        if is_item {
                            item = Some(text);
                        } else {
                            quote = Some(text);
                        }
                    }
                    r.basis.push(Basis {
                        source,
                        item,
                        quote,
                    });
                }
                Production::effective_prop => {
                    // The grammar tags each end: no date is told apart by its
                    // place in the raw text (a comment may hold `..`).
                    let (mut from, mut until) = (None, None);
                    for d in inner {
                        match d.as_rule() {
                            Production::effective_from => from = Some(spanned_str(&d)),
                            Production::effective_until => until = Some(spanned_str(&d)),
                            _ => self.internal(&d, "end of an `effective` interval"),
                        }
                    }
                    set(
                        &mut r.effective,
                        Spanned {
                            value: (from, until),
                            span: key.span.clone(),
                        },
                        key,
                        &mut r.repeated,
                    );
                }
                Production::when_prop => {
                    if let Some(e) = self.expr(inner.next().unwrap()) {
                        set(&mut r.when, e, key, &mut r.repeated);
                    }
                }
                Production::example_prop => {
                    let verdict = inner.next().unwrap();
                    let yaml = spanned_str(&inner.next().unwrap());
                    let deny = match verdict.as_str() {
                        "deny" => true,
                        "allow" => false,
                        _ => {
                            self.internal(&verdict, "verdict");
                            continue;
                        }
                    };
                    r.examples.push(Example { deny, yaml });
                }
                _ => self.errors.push(SourceError::internal(
                    self.src,
                    key.span,
                    "rule property",
                    &key.value,
                )),
            }
        }
        r
    }

    /// A keyword of a closed set (a field, an operator) as its variant; one
    /// the grammar accepts but no variant has is an internal error.
    fn keyword<K: Keyword>(&mut self, p: &Pair<Production>) -> Option<K> {
        let k = K::from_keyword(p.as_str());
        if k.is_none() {
            self.internal(p, K::WHAT);
        }
        k
    }

    fn internal(&mut self, p: &Pair<Production>, what: &str) {
        self.errors.push(SourceError::internal(
            self.src,
            span_of(p),
            what,
            p.as_str(),
        ));
    }

    /// A condition; None after an internal error (already recorded).
    fn expr(&mut self, p: Pair<Production>) -> Option<Spanned<Expr>> {
        let span = span_of(&p);
        let value = match p.as_rule() {
            Production::expr | Production::and_expr => {
                let is_or = p.as_rule() == Production::expr;
                let mut parts: Vec<Spanned<Expr>> = p
                    .into_inner()
                    .filter(|c| !matches!(c.as_rule(), Production::or_op | Production::and_op))
                    .map(|e| self.expr(e))
                    .collect::<Option<_>>()?;
                if parts.len() == 1 {
                    return parts.pop();
                }
                if is_or {
                    Expr::Or(parts)
                } else {
                    Expr::And(parts)
                }
            }
            Production::unary => {
                let mut inner = p.into_inner();
                let first = inner.next().unwrap();
                if first.as_rule() != Production::not_op {
                    return self.expr(first);
                }
                Expr::Not(Box::new(self.expr(inner.next().unwrap())?))
            }
            Production::text_pred => {
                let mut inner = p.into_inner();
                let field = self.keyword(&inner.next().unwrap())?;
                let all_of = inner
                    .next()
                    .unwrap()
                    .into_inner()
                    .map(|alt| alt.into_inner().map(|r| self.term_ref(r)).collect())
                    .collect();
                let (mut except, mut unless, mut negated) = (vec![], vec![], false);
                for clause in inner {
                    if clause.as_rule() == Production::negated_kw {
                        negated = true;
                        continue;
                    }
                    let is_except = clause.as_rule() == Production::except_clause;
                    let refs = clause.into_inner().map(|r| self.term_ref(r));
                    if is_except {
                        except.extend(refs);
                    } else {
                        unless.extend(refs);
                    }
                }
                Expr::Text {
                    field,
                    all_of,
                    except,
                    unless,
                    negated,
                }
            }
            Production::code_pred => {
                let mut inner = p.into_inner();
                let field = self.keyword(&inner.next().unwrap())?;
                let patterns = self.str_list(inner.next().unwrap());
                Expr::Code { field, patterns }
            }
            Production::compare_pred => {
                let mut inner = p.into_inner();
                let field = self.keyword(&inner.next().unwrap())?;
                let op = self.keyword(&inner.next().unwrap())?;
                let v = inner.next().unwrap();
                let vspan = span_of(&v);
                let value = match v.as_rule() {
                    Production::date => CompareValue::Date(v.as_str().to_string()),
                    Production::compare_field => CompareValue::Field(self.keyword(&v)?),
                    Production::number => match v.as_str().parse() {
                        Ok(n) => CompareValue::Number(n),
                        Err(_) => {
                            self.internal(&v, "number");
                            return None;
                        }
                    },
                    _ => {
                        self.internal(&v, "comparison value");
                        return None;
                    }
                };
                Expr::Compare {
                    field,
                    op,
                    value: Spanned { value, span: vspan },
                }
            }
            Production::fact_pred => Expr::Uscc(self.keyword(&p.into_inner().next().unwrap())?),
            Production::item_pred => {
                let mut class = None;
                let mut section = None;
                let mut unapproved = false;
                let mut mentions = false;
                for q in p.into_inner() {
                    match q.as_rule() {
                        Production::mentions_kw => mentions = true,
                        Production::item_class => class = Some(self.keyword(&q)?),
                        Production::item_section => {
                            section = Some(self.keyword(&q.into_inner().next().unwrap())?)
                        }
                        Production::unapproved_kw => unapproved = true,
                        _ => {
                            self.internal(&q, "scope item condition");
                            return None;
                        }
                    }
                }
                Expr::Item {
                    class: class?,
                    section,
                    unapproved,
                    mentions,
                }
            }
            Production::presence_pred => {
                let mut inner = p.into_inner();
                let op = self.keyword(&inner.next().unwrap())?;
                let field = self.keyword(&inner.next().unwrap())?;
                Expr::Presence { op, field }
            }
            _ => {
                self.internal(&p, "condition");
                return None;
            }
        };
        Some(Spanned { value, span })
    }

    fn term_ref(&mut self, p: Pair<Production>) -> Spanned<TermRef> {
        let span = span_of(&p);
        let inner = p.into_inner().next().unwrap();
        let value = match inner.as_rule() {
            Production::ident => TermRef::Named(inner.as_str().to_string()),
            Production::string => TermRef::Inline(vec![self.string_lit(inner)]),
            Production::str_list => TermRef::Inline(self.str_list(inner)),
            _ => {
                self.internal(&inner, "term set");
                TermRef::Inline(vec![])
            }
        };
        Spanned { value, span }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn src(text: &str) -> TextSource {
        TextSource {
            path: "t.rules".into(),
            text: Arc::from(text),
        }
    }

    fn parse(text: &str) -> Result<RuleFile, Vec<SourceError>> {
        parse_rule_file(&src(text))
    }

    /// A rule with `props` inside, parsed.
    fn one_rule(props: &str) -> RuleDecl {
        let text = format!("rule XX0001 r {{\n{props}\n}}\n");
        let mut f = parse(&text).unwrap_or_else(|e| panic!("{props}: {e:?}"));
        assert_eq!(f.rules.len(), 1);
        f.rules.pop().unwrap()
    }

    fn when(cond: &str) -> Expr {
        one_rule(&format!("when {cond}")).when.unwrap().value
    }

    fn interval(props: &str) -> (Option<String>, Option<String>) {
        let r = one_rule(props);
        let (f, u) = r.effective.expect("effective").value;
        (f.map(|d| d.value), u.map(|d| d.value))
    }

    #[test]
    fn a_whole_file_parses_into_its_declarations() {
        let f = parse(
            "// a comment\nsource s-1 {\n  number \"n\"\n  published 2021-09-24\n}\nterms coins = [\"比特币\", \"btc\",]\nrule XX0001 r-1 {\n  title \"t\"\n  category risk\n  severity note\n  basis s-1 item \"（七）\" quote \"q\"\n  report once\n  when scope contains coins + [\"挖矿\"] | \"矿机\" except [\"矿山\"] unless negations | [\"x1\"]\n  message \"{matched}\"\n  example deny { name: a, business_scope: [比特币挖矿] }\n  example allow { name: a }\n}\n",
        )
        .unwrap();
        assert_eq!(f.sources.len(), 1);
        assert_eq!(f.sources[0].id.value, "s-1");
        assert_eq!(f.sources[0].props.len(), 2);
        assert!(
            matches!(f.sources[0].props[1].1.value, PropValue::Date(ref d) if d == "2021-09-24")
        );
        assert_eq!(f.terms[0].id.value, "coins");
        let terms: Vec<&str> = f.terms[0].terms.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(terms, ["比特币", "btc"]);
        let r = &f.rules[0];
        assert_eq!(
            (r.code.value.as_str(), r.name.value.as_str()),
            ("XX0001", "r-1")
        );
        assert_eq!(r.category.as_ref().unwrap().value, "risk");
        assert_eq!(r.severity.as_ref().unwrap().value, "note");
        assert_eq!(r.report.as_ref().unwrap().value, "once");
        assert_eq!(r.basis[0].item.as_ref().unwrap().value, "（七）");
        assert_eq!(
            r.examples.iter().map(|e| e.deny).collect::<Vec<_>>(),
            [true, false]
        );
        assert!(r.effective.is_none() && r.repeated.is_empty());
        let Expr::Text {
            field,
            all_of,
            except,
            unless,
            negated,
        } = &r.when.as_ref().unwrap().value
        else {
            panic!("not a text predicate")
        };
        assert!(!negated);
        assert_eq!(*field, TextField::Scope);
        // `|` binds tighter than `+`: two groups, the second of two sets.
        assert_eq!(all_of.iter().map(Vec::len).collect::<Vec<_>>(), [1, 2]);
        assert!(matches!(all_of[0][0].value, TermRef::Named(ref n) if n == "coins"));
        assert_eq!((except.len(), unless.len()), (1, 2));
    }

    #[test]
    fn effective_ends_come_from_the_grammar() {
        let d = |s: &str| Some(s.to_string());
        assert_eq!(interval("effective 2021-09-24 .."), (d("2021-09-24"), None));
        assert_eq!(interval("effective .. 2021-09-24"), (None, d("2021-09-24")));
        assert_eq!(interval("effective .."), (None, None));
        assert_eq!(
            interval("effective 2020-01-01..2021-09-24"),
            (d("2020-01-01"), d("2021-09-24"))
        );
        // R6: a comment holding `..` before the date does not move it.
        assert_eq!(
            interval("effective // see 2021..2026 history\n 2021-09-24 .."),
            (d("2021-09-24"), None)
        );
        assert_eq!(
            interval("effective 2021-09-24 // not .. this\n .. // nor 2022..\n"),
            (d("2021-09-24"), None)
        );
        assert_eq!(
            interval("effective .. // from 2020.. on\n 2021-09-24"),
            (None, d("2021-09-24"))
        );
        // The span of each date is the date itself.
        let text = "rule XX0001 r {\neffective // 1..2\n 2021-09-24 ..\n}\n";
        let f = parse(text).unwrap();
        let from = f.rules[0]
            .effective
            .as_ref()
            .unwrap()
            .value
            .0
            .clone()
            .unwrap();
        assert_eq!(&text[from.span], "2021-09-24");
        // Two dates with no `..`, or a date on each side of nothing: syntax errors.
        for bad in [
            "effective 2021-09-24 2022-01-01",
            "effective 2021-09-24",
            "effective",
        ] {
            let e = parse(&format!("rule XX0001 r {{\n{bad}\n}}\n")).unwrap_err();
            assert_eq!(e.len(), 1, "{bad}");
            assert!(e[0].message.starts_with("unexpected"), "{bad}: {e:?}");
        }
    }

    #[test]
    fn escapes_decode() {
        assert_eq!(unescape("a\\nb\\tc\\\"d\\\\e").unwrap(), "a\nb\tc\"d\\e");
        assert_eq!(unescape("虚拟\\u200B货币").unwrap(), "虚拟\u{200B}货币");
        assert_eq!(unescape("虚拟\\u200b货币").unwrap(), "虚拟\u{200B}货币");
        assert_eq!(
            unescape("\\u{1F600}\\u{41}\\u{10FFFF}").unwrap(),
            "😀A\u{10FFFF}"
        );
        // Four digits exactly: what follows is text.
        assert_eq!(unescape("\\u00411").unwrap(), "A1");
        assert_eq!(unescape("").unwrap(), "");
        assert_eq!(unescape("no escapes 无").unwrap(), "no escapes 无");
    }

    #[test]
    fn unknown_and_malformed_escapes_are_refused_where_they_are() {
        for (inner, at, message) in [
            ("虚拟\\x货币", 6..8, "unknown escape `\\x`"),
            ("\\r", 0..2, "unknown escape `\\r`"),
            ("a\\'", 1..3, "unknown escape `\\'`"),
            ("a\\货", 1..5, "unknown escape `\\货`"),
            ("a\\\n", 1..3, "unknown escape `\\\\n`"),
            ("\\u20", 0..4, "malformed Unicode escape `\\u20`"),
            ("\\u", 0..2, "malformed Unicode escape `\\u`"),
            (
                "\\u{1F600\n}",
                0..10,
                "malformed Unicode escape `\\u{1F600\\n}`",
            ),
            ("\\uzzzz", 0..2, "malformed Unicode escape `\\u`"),
            ("\\u{}", 0..4, "malformed Unicode escape `\\u{}`"),
            ("\\u{12", 0..3, "malformed Unicode escape `\\u{`"),
            ("\\u{1234567}", 0..11, "malformed"),
            ("\\u{-1}", 0..6, "malformed"),
            ("\\u{D800}", 0..8, "is not a Unicode character"),
            ("\\uDC00", 0..6, "is not a Unicode character"),
            ("\\u{110000}", 0..10, "is not a Unicode character"),
            ("ab\\", 2..3, "lone"),
        ] {
            let bad = unescape(inner).unwrap_err();
            assert_eq!(bad.len(), 1, "{inner}: {bad:?}");
            assert_eq!(bad[0].at, at, "{inner}");
            assert!(
                bad[0].message.contains(message),
                "{inner}: {}",
                bad[0].message
            );
        }
        // Each one, not only the first.
        let bad = unescape("\\a\\u{zz}ok\\b").unwrap_err();
        let at: Vec<_> = bad.iter().map(|b| b.at.clone()).collect();
        assert_eq!(at, [0..2, 2..8, 10..12]);
    }

    #[test]
    fn a_bad_escape_is_located_in_the_file_in_every_kind_of_string() {
        for text in [
            "terms t = [\"币\\q\"]\n",
            "source s {\n  title \"a\\qb\"\n}\n",
            "rule XX0001 r {\n  title \"\\q\"\n}\n",
            "rule XX0001 r {\n  message \"\\q\"\n}\n",
            "rule XX0001 r {\n  basis s quote \"\\q\"\n}\n",
            "rule XX0001 r {\n  when scope contains \"\\q\"\n}\n",
            "rule XX0001 r {\n  when industry in [\"I6\\q\"]\n}\n",
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.len(), 1, "{text}: {e:?}");
            assert_eq!(&text[e[0].span.clone()], "\\q", "{text}");
            assert!(e[0].help.as_deref().unwrap().contains("\\u{200B}"));
        }
        // An escape inside an example's YAML is the YAML's business.
        let r = one_rule("example deny { name: \"a\\x41\" }");
        assert!(r.examples[0].yaml.value.contains("\\x41"));
    }

    /// The quoted alternatives of a grammar rule (`name = @{ ("a" | "b") … }`),
    /// without those of a trailing `~ !(…)` guard.
    fn alternatives(rule: &str) -> Vec<String> {
        let grammar = include_str!("../../grammar/neglist.pest");
        let start = grammar
            .lines()
            .position(|l| {
                l.split_whitespace().next() == Some(rule)
                    && l.split_whitespace().nth(1) == Some("=")
            })
            .unwrap_or_else(|| panic!("no grammar rule {rule}"));
        let mut body = String::new();
        for (i, line) in grammar.lines().enumerate().skip(start) {
            let is_def = line.split_whitespace().nth(1) == Some("=");
            if i > start && (is_def || line.trim_start().starts_with("//")) {
                break;
            }
            body.push_str(line);
        }
        let body = body.split("~ !").next().unwrap();
        body.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    fn same_keywords<K: Keyword>(rule: &str) {
        let grammar = alternatives(rule);
        let rust: Vec<String> = K::ALL.iter().map(|k| k.keyword().to_string()).collect();
        let (mut g, mut r) = (grammar.clone(), rust.clone());
        g.sort();
        r.sort();
        assert_eq!(g, r, "{rule}: the grammar and {} disagree", K::WHAT);
        for kw in &grammar {
            let k = K::from_keyword(kw).unwrap();
            assert_eq!(k.keyword(), kw);
        }
        assert_eq!(K::from_keyword("no-such-keyword"), None);
    }

    #[test]
    fn every_keyword_of_the_grammar_has_exactly_one_variant() {
        same_keywords::<TextField>("text_field");
        same_keywords::<CodeField>("code_field");
        same_keywords::<CompareField>("compare_field");
        same_keywords::<CompareOp>("compare_op");
        same_keywords::<UsccFact>("uscc_fact");
        same_keywords::<ItemClass>("item_class");
        same_keywords::<ItemSection>("section_name");
        same_keywords::<PresenceOp>("presence_op");
        same_keywords::<PresenceField>("presence_field");
        let names = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
        let mut cats = alternatives("category");
        cats.sort();
        let mut known = names(crate::rule::Category::ALL.map(|c| c.as_str()).to_vec());
        known.sort();
        assert_eq!(cats, known);
        for s in alternatives("severity") {
            assert!(crate::rule::Severity::parse(&s).is_some(), "{s}");
        }
        assert_eq!(alternatives("verdict"), ["deny", "allow"]);
        assert_eq!(alternatives("report_mode"), ["once", "each"]);
    }

    #[test]
    fn every_predicate_keyword_parses_into_its_variant() {
        for f in TextField::ALL {
            let Expr::Text { field, .. } = when(&format!("{} contains [\"比特币\"]", f.keyword()))
            else {
                panic!()
            };
            assert_eq!(field, *f);
        }
        for f in CodeField::ALL {
            let Expr::Code { field, patterns } = when(&format!("{} in [\"9*\"]", f.keyword()))
            else {
                panic!()
            };
            assert_eq!((field, patterns[0].value.as_str()), (*f, "9*"));
        }
        for f in CompareField::ALL {
            for op in CompareOp::ALL {
                let value = if f.is_date() { "2021-09-24" } else { "12.5" };
                let Expr::Compare {
                    field,
                    op: o,
                    value: v,
                } = when(&format!("{} {} {value}", f.keyword(), op.keyword()))
                else {
                    panic!()
                };
                assert_eq!((field, o), (*f, *op));
                match v.value {
                    CompareValue::Date(d) => assert_eq!(d, "2021-09-24"),
                    CompareValue::Number(n) => assert_eq!(n, 12.5),
                    CompareValue::Field(_) => panic!(),
                }
            }
        }
        let Expr::Compare { value, .. } = when("established_on > filed_on") else {
            panic!()
        };
        assert!(matches!(
            value.value,
            CompareValue::Field(CompareField::FiledOn)
        ));
        for fact in UsccFact::ALL {
            let Expr::Uscc(got) = when(&format!("uscc {}", fact.keyword())) else {
                panic!()
            };
            assert_eq!(got, *fact);
        }
        for op in PresenceOp::ALL {
            for f in PresenceField::ALL {
                let Expr::Presence { op: o, field } =
                    when(&format!("{} {}", op.keyword(), f.keyword()))
                else {
                    panic!()
                };
                assert_eq!((o, field), (*op, *f));
            }
        }
        // A prefix of a keyword is not that keyword.
        assert!(parse("rule XX0001 r {\n  when missing names\n}\n").is_err());
        assert!(parse("rule XX0001 r {\n  when scopes contains [\"ab\"]\n}\n").is_err());
    }

    #[test]
    fn a_keyword_without_a_variant_is_an_internal_error_not_a_default() {
        let s = src("bogus_field");
        let mut cx = Cx {
            src: &s,
            errors: vec![],
        };
        let pair = Grammar::parse(Production::ident, "bogus_field")
            .unwrap()
            .next()
            .unwrap();
        assert_eq!(cx.keyword::<TextField>(&pair), None);
        assert_eq!(cx.keyword::<PresenceField>(&pair), None);
        assert_eq!(cx.errors.len(), 2);
        assert_eq!(cx.errors[0].span, 0..11);
        assert!(cx.errors[0].message.starts_with("internal error"));
        assert!(
            cx.errors[0]
                .message
                .contains("`bogus_field` as a text field")
        );
        assert!(cx.errors[1].message.contains("as a filing field"));
        assert!(!cx.errors[0].warning);
    }

    #[test]
    fn and_binds_tighter_than_or_and_not_nests() {
        let Expr::Or(parts) = when("uscc malformed or not missing name and present uscc") else {
            panic!()
        };
        assert_eq!(parts.len(), 2);
        let Expr::And(and) = &parts[1].value else {
            panic!()
        };
        assert!(matches!(and[0].value, Expr::Not(_)));
        assert!(matches!(
            when("not not (uscc malformed)"),
            Expr::Not(ref x) if matches!(x.value, Expr::Not(_))
        ));
    }

    #[test]
    fn syntax_errors_and_nesting_are_located() {
        let e = parse("rule XX0001 r {\n  categroy risk\n}\n").unwrap_err();
        assert_eq!(e[0].location(), "t.rules:2:3");
        assert!(e[0].message.contains("`categroy`"));
        let deep = format!(
            "rule XX0001 r {{\n when {}uscc malformed\n}}\n",
            "not ".repeat(200)
        );
        let e = parse(&deep).unwrap_err();
        assert!(e[0].message.contains("nested more than"));
        assert!(e[0].span.start > 20 && e[0].span.end <= deep.len());
        // A repeated property is kept for the checker to report.
        let r = one_rule("title \"a\"\ntitle \"b\"");
        assert_eq!(r.repeated.len(), 1);
        assert_eq!(r.title.unwrap().value, "b");
    }
}
