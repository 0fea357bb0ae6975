//! `neglist.toml`: what a project decides once for every run — extra rule
//! files, which rules to run and how severe they are, which files to leave
//! out, the date to judge by, the files' encoding, where waivers are kept.
//!
//! Found by walking up from the working directory (or named with
//! `--config`). Paths in it are relative to the directory it is in.
//! Everything is read by hand from the TOML tree so that each complaint
//! points at its key; the rule ids it names are checked later, against the
//! loaded rules (`triage`).

pub mod read;
mod texts;
pub use texts::localize;
pub mod waivers;

use crate::diagnostic::{SourceError, TextSource};
use crate::filing::Encoding;
use crate::rule::Severity;
use read::{Reader, Setting};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use toml::de::DeValue;

pub const FILE_NAME: &str = "neglist.toml";

/// The "file" name of selectors given as flags.
const COMMAND_LINE: &str = "command line";

const KEYS: &[&str] = &[
    "rules", "select", "ignore", "severity", "exclude", "as_of", "encoding", "waivers", "lang",
];

/// A rule selector: a rule code or name, a code prefix (`NL01`), a
/// category (`risk`), or `ALL` — with the place it was written, so that an
/// unknown one is reported there.
#[derive(Debug, Clone)]
pub struct Selector {
    pub text: String,
    pub span: Range<usize>,
    /// The file it is in, or the command line.
    pub source: TextSource,
}

impl Selector {
    fn new(text: &str, span: Range<usize>, source: &TextSource) -> Selector {
        Selector {
            text: text.trim().to_string(),
            span,
            source: source.clone(),
        }
    }

    pub fn from_command_line(&self) -> bool {
        self.source.path == COMMAND_LINE
    }

    /// The comma-separated selectors of a flag (`--select NL01,risk`),
    /// placed in a one-line "file" holding the flag, for diagnostics.
    pub fn from_flag(flag: &str, values: &[String]) -> Vec<Selector> {
        let text = format!("{flag} {}", values.join(","));
        let source = TextSource {
            path: COMMAND_LINE.into(),
            text: text.as_str().into(),
        };
        let mut out = vec![];
        let mut at = flag.len() + 1;
        for v in values {
            for part in v.split(',') {
                if !part.trim().is_empty() {
                    let lead = part.len() - part.trim_start().len();
                    let start = at + lead;
                    out.push(Selector::new(
                        part,
                        start..start + part.trim().len(),
                        &source,
                    ));
                }
                at += part.len() + 1;
            }
        }
        out
    }
}

/// The effective configuration of a run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from, if any (with its text, for diagnostics).
    pub source: Option<TextSource>,
    /// The directory relative paths and globs are taken from: the
    /// configuration file's, else the working directory.
    pub root: PathBuf,
    pub rules: Vec<PathBuf>,
    /// None: every rule.
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
    pub severity: Vec<(Selector, Severity)>,
    pub exclude: Vec<Setting<String>>,
    pub as_of: Option<crate::parse::date::AsOf>,
    pub encoding: Option<Encoding>,
    pub waivers: Option<PathBuf>,
    /// `waivers.inline`: whether waiver comments in filings apply.
    pub inline_waivers: waivers::InlineWaivers,
    /// The reports' language (`--lang` and NEGLIST_LANG come first).
    pub lang: Option<crate::lang::Lang>,
}

impl Config {
    /// No file: defaults, relative to `root`.
    pub fn defaults(root: PathBuf) -> Config {
        Config {
            source: None,
            root,
            rules: vec![],
            select: None,
            ignore: vec![],
            severity: vec![],
            exclude: vec![],
            as_of: None,
            encoding: None,
            waivers: None,
            inline_waivers: waivers::InlineWaivers::Allow,
            lang: None,
        }
    }

    /// The nearest `neglist.toml` in `dir` or a directory above it.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Reads a configuration file. Every problem is reported, each at its
    /// place in the file.
    pub fn load(path: &Path) -> Result<Config, Vec<SourceError>> {
        let text = read::read_text(path, "neglist::config", "the configuration")?;
        let root = absolute(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Config::parse(path.display().to_string(), &text, root)
    }

    /// Reads a configuration from its text.
    pub fn parse(path: String, text: &str, root: PathBuf) -> Result<Config, Vec<SourceError>> {
        let source = TextSource {
            path,
            text: text.into(),
        };
        let mut r = Reader::new(source.clone(), "neglist::config");
        let mut c = Config::defaults(root);
        c.source = Some(source);
        let Some(table) = r.parse(text) else {
            return Err(r.errors);
        };
        r.known_keys(&table, KEYS, FILE_NAME);
        for (key, v) in table.iter() {
            match key.get_ref().as_ref() {
                "rules" => {
                    for s in r.strings(v, "rules") {
                        let p = c.root.join(&s.value);
                        if !p.exists() {
                            r.error(
                                s.span,
                                format!(
                                    "`{}` does not exist (paths here are relative to this file's directory, {})",
                                    s.value,
                                    c.root.display()
                                ),
                                "no such file or directory",
                            );
                        }
                        c.rules.push(p);
                    }
                }
                "select" => {
                    c.select = Some(
                        r.strings(v, "select")
                            .into_iter()
                            .map(|s| Selector::new(&s.value, s.span, &r.source))
                            .collect(),
                    )
                }
                "ignore" => {
                    c.ignore = r
                        .strings(v, "ignore")
                        .into_iter()
                        .map(|s| Selector::new(&s.value, s.span, &r.source))
                        .collect()
                }
                "severity" => match v.get_ref() {
                    toml::de::DeValue::Table(t) => {
                        for (k, level) in t.iter() {
                            let Some(l) = r.string(level, "severity") else {
                                continue;
                            };
                            let Some(sev) = Severity::parse(&l.value) else {
                                r.error(
                                    l.span,
                                    format!(
                                        "`{}` is not a severity: use \"error\", \"warning\" or \"note\"",
                                        l.value
                                    ),
                                    "not a severity",
                                );
                                continue;
                            };
                            c.severity
                                .push((Selector::new(k.get_ref(), k.span(), &r.source), sev));
                        }
                    }
                    other => r.error(
                        v.span(),
                        format!(
                            "`severity` must be a table of rule = \"error\" | \"warning\" | \"note\", not {}",
                            other.type_str()
                        ),
                        "expected a table",
                    ),
                },
                "exclude" => {
                    for s in r.strings(v, "exclude") {
                        if let Err(e) = globset::Glob::new(&s.value) {
                            r.error(s.span.clone(), format!("not a glob: {}", e.kind()), "here");
                        }
                        c.exclude.push(s);
                    }
                }
                "as_of" => {
                    c.as_of = match v.get_ref() {
                        DeValue::String(s) if s.trim() == "filed" => Some(crate::parse::date::AsOf::Filed),
                        _ => r.date(v, "as_of").map(|d| crate::parse::date::AsOf::Day(d.value)),
                    }
                }
                "encoding" => {
                    if let Some(s) = r.string(v, "encoding") {
                        match s.value.to_ascii_lowercase().as_str() {
                            "utf-8" | "utf8" => c.encoding = Some(Encoding::Utf8),
                            "gb18030" | "gbk" => c.encoding = Some(Encoding::Gb18030),
                            _ => r.error(
                                s.span,
                                format!("`{}` is not an encoding neglist reads: use \"utf-8\" or \"gb18030\"", s.value),
                                "unknown encoding",
                            ),
                        }
                    }
                }
                // A path (`waivers = "w.toml"`), or a table of the waiver
                // settings (`[waivers]` file, inline).
                "waivers" => match v.get_ref() {
                    DeValue::Table(t) => {
                        r.known_keys(t, &["file", "inline"], "`[waivers]`");
                        if let Some(f) = t.get("file") {
                            c.waivers = r.string(f, "waivers.file").map(|s| c.root.join(s.value));
                        }
                        if let Some(i) = t.get("inline")
                            && let Some(s) = r.string(i, "waivers.inline")
                        {
                            match waivers::InlineWaivers::parse(&s.value) {
                                Some(w) => c.inline_waivers = w,
                                None => r.error(
                                    s.span,
                                    format!(
                                        "`{}` is not a setting of `waivers.inline`: use \"allow\", \"forbid\" or \"require-approver\"",
                                        s.value
                                    ),
                                    "unknown setting",
                                ),
                            }
                        }
                    }
                    _ => c.waivers = r.string(v, "waivers").map(|s| c.root.join(s.value)),
                },
                "lang" => {
                    if let Some(s) = r.string(v, "lang") {
                        match crate::lang::Lang::parse(&s.value) {
                            Some(l) => c.lang = Some(l),
                            None => r.error(
                                s.span,
                                format!("`{}` is not a language neglist speaks: use \"zh\" or \"en\"", s.value),
                                "unknown language",
                            ),
                        }
                    }
                }
                _ => {}
            }
        }
        if r.errors.is_empty() {
            Ok(c)
        } else {
            Err(r.errors)
        }
    }

    /// The exclude patterns as one matcher (None when there are none).
    pub fn exclude_matcher(&self) -> Option<PathMatcher> {
        if self.exclude.is_empty() {
            return None;
        }
        let globs: Vec<String> = self.exclude.iter().map(|s| s.value.clone()).collect();
        PathMatcher::new(&self.root, &globs).ok()
    }

    /// The configuration as TOML, for `neglist config`: every setting, with
    /// its default when not set, and where it came from.
    pub fn to_toml(&self) -> String {
        let q = |s: &str| toml_quote(s);
        let list = |v: &[String]| {
            format!(
                "[{}]",
                v.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
            )
        };
        let sel = |v: &[Selector]| list(&v.iter().map(|s| s.text.clone()).collect::<Vec<_>>());
        let path = |p: &Path| {
            relative_to(&self.root, p)
                .unwrap_or_else(|| p.to_path_buf())
                .to_string_lossy()
                .into_owned()
        };
        let mut out = String::new();
        match &self.source {
            Some(s) => out.push_str(&format!("# read from {}\n", s.path)),
            None => out.push_str(&format!(
                "# no {FILE_NAME} found in {} or above: defaults\n",
                self.root.display()
            )),
        }
        out.push_str(&format!(
            "# relative paths and globs are taken from {}\n",
            self.root.display()
        ));
        let rules: Vec<String> = self.rules.iter().map(|p| path(p)).collect();
        out.push_str(&format!("rules = {}\n", list(&rules)));
        match &self.select {
            Some(s) => out.push_str(&format!("select = {}\n", sel(s))),
            None => out.push_str("select = [\"ALL\"]\n"),
        }
        out.push_str(&format!("ignore = {}\n", sel(&self.ignore)));
        let ex: Vec<String> = self.exclude.iter().map(|s| s.value.clone()).collect();
        out.push_str(&format!("exclude = {}\n", list(&ex)));
        match self.as_of {
            Some(crate::parse::date::AsOf::Day(d)) => out.push_str(&format!("as_of = {d}\n")),
            Some(crate::parse::date::AsOf::Filed) => out.push_str("as_of = \"filed\"\n"),
            None => out.push_str(
                "# as_of: not set (today; `\"filed\"`: each filing as of its own filed_on)\n",
            ),
        }
        out.push_str(&format!(
            "encoding = {}\n",
            q(match self.encoding {
                Some(Encoding::Gb18030) => "gb18030",
                _ => "utf-8",
            })
        ));
        match (&self.waivers, self.inline_waivers) {
            (Some(w), waivers::InlineWaivers::Allow) => {
                out.push_str(&format!("waivers = {}\n", q(&path(w))))
            }
            (Some(w), inline) => out.push_str(&format!(
                "waivers = {{ file = {}, inline = {} }}\n",
                q(&path(w)),
                q(inline.as_str())
            )),
            (None, waivers::InlineWaivers::Allow) => out.push_str(
                "# waivers: not set (only waiver comments in filings apply; waivers.inline = \"allow\")\n",
            ),
            (None, inline) => out.push_str(&format!(
                "waivers = {{ inline = {} }}\n",
                q(inline.as_str())
            )),
        }
        match self.lang {
            Some(l) => out.push_str(&format!("lang = {}\n", q(l.as_str()))),
            None => out.push_str("# lang: not set (zh; --lang or NEGLIST_LANG choose first)\n"),
        }
        out.push_str("\n[severity]\n");
        for (s, sev) in &self.severity {
            out.push_str(&format!("{} = {}\n", toml_key(&s.text), q(sev.as_str())));
        }
        out
    }
}

fn toml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        s.to_string()
    } else {
        toml_quote(s)
    }
}

/// `path` made absolute against the working directory, with `.` and `..`
/// resolved lexically (no file system access: the path may not exist, and
/// a symlinked directory stays where the user sees it).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `path` relative to `root` (both seen through [`absolute`]), if it is
/// under it.
pub fn relative_to(root: &Path, path: &Path) -> Option<PathBuf> {
    absolute(path)
        .strip_prefix(root)
        .ok()
        .map(Path::to_path_buf)
}

/// Globs over paths relative to a root, like `.gitignore` patterns: `*`
/// stays within one directory, `**` crosses them, a pattern without `/`
/// matches a file or directory name at any depth, and a matched directory
/// matches everything under it.
#[derive(Debug, Clone)]
pub struct PathMatcher {
    root: PathBuf,
    set: globset::GlobSet,
}

impl PathMatcher {
    pub fn new(root: &Path, patterns: &[String]) -> Result<PathMatcher, globset::Error> {
        let mut b = globset::GlobSetBuilder::new();
        for p in patterns {
            let p = p.trim_start_matches("./").trim_end_matches('/');
            let p = if p.contains('/') {
                p.trim_start_matches('/').to_string()
            } else {
                format!("**/{p}")
            };
            b.add(
                globset::GlobBuilder::new(&p)
                    .literal_separator(true)
                    .build()?,
            );
        }
        Ok(PathMatcher {
            root: root.to_path_buf(),
            set: b.build()?,
        })
    }

    /// Whether this path itself matches (not looking at its directories).
    pub fn matches_itself(&self, path: &Path) -> bool {
        relative_to(&self.root, path)
            .is_some_and(|r| !r.as_os_str().is_empty() && self.set.is_match(&r))
    }

    /// Whether this path or a directory it is in matches.
    pub fn matches(&self, path: &Path) -> bool {
        let Some(rel) = relative_to(&self.root, path) else {
            return false;
        };
        rel.ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| self.set.is_match(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<SourceError>> {
        Config::parse("neglist.toml".into(), text, PathBuf::from("/proj"))
    }

    #[test]
    fn reads_every_setting() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let parse = |text: &str| Config::parse("neglist.toml".into(), text, root.clone());
        let c = parse(
            "rules = [\"rules\"]\nselect = [\"NL01\", \"risk\"]\nignore = \"NL0303\"\nexclude = [\"archive\"]\nas_of = 2021-10-12\nencoding = \"GBK\"\nwaivers = \"w.toml\"\nlang = \"en\"\n[severity]\nNL0303 = \"error\"\n",
        )
        .unwrap();
        assert_eq!(c.rules, vec![root.join("rules")]);
        assert_eq!(c.select.as_ref().unwrap().len(), 2);
        assert_eq!(c.ignore[0].text, "NL0303");
        assert_eq!(c.as_of.unwrap().to_string(), "2021-10-12");
        assert_eq!(c.encoding, Some(Encoding::Gb18030));
        assert_eq!(c.waivers, Some(root.join("w.toml")));
        assert_eq!(c.severity[0].1, Severity::Error);
        assert_eq!(c.lang, Some(crate::lang::Lang::En));
        // What `neglist config` prints reads back the same.
        let again = parse(&c.to_toml()).unwrap();
        assert_eq!(again.to_toml(), c.to_toml());
    }

    #[test]
    fn waivers_as_a_path_or_a_table() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let parse = |text: &str| Config::parse("neglist.toml".into(), text, root.clone());
        let c = parse("[waivers]\nfile = \"w.toml\"\ninline = \"forbid\"\n").unwrap();
        assert_eq!(c.waivers, Some(root.join("w.toml")));
        assert_eq!(c.inline_waivers, waivers::InlineWaivers::Forbid);
        let again = parse(&c.to_toml()).unwrap();
        assert_eq!(again.inline_waivers, waivers::InlineWaivers::Forbid);
        assert_eq!(again.waivers, c.waivers);
        let c = parse("waivers.inline = \"require-approver\"\n").unwrap();
        assert_eq!(c.waivers, None);
        assert_eq!(c.inline_waivers, waivers::InlineWaivers::RequireApprover);
        assert_eq!(
            parse(&c.to_toml()).unwrap().inline_waivers,
            waivers::InlineWaivers::RequireApprover
        );
        assert_eq!(
            parse("").unwrap().inline_waivers,
            waivers::InlineWaivers::Allow
        );
        assert!(parse("waivers.inline = 1\n").is_err());
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let text = "selct = [\"NL01\"]\nas_of = \"2021-02-30\"\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0].message.contains("selct") || e[1].message.contains("selct"));
        let unknown = e.iter().find(|e| e.message.contains("selct")).unwrap();
        assert_eq!(&text[unknown.span.clone()], "selct");
        assert!(unknown.help.as_ref().unwrap().contains("`select`"));
        assert!(e.iter().any(|e| e.message.contains("not a date")));
    }

    #[test]
    fn globs_work_like_gitignore() {
        let m = PathMatcher::new(
            Path::new("/proj"),
            &["archive".into(), "filings/old/*.yaml".into()],
        )
        .unwrap();
        assert!(m.matches(Path::new("/proj/x/archive/a.yaml")));
        assert!(m.matches(Path::new("/proj/filings/old/a.yaml")));
        assert!(!m.matches(Path::new("/proj/filings/old/deeper/a.yaml")));
        assert!(!m.matches(Path::new("/proj/filings/a.yaml")));
        assert!(!m.matches(Path::new("/elsewhere/archive/a.yaml")));
    }
}
